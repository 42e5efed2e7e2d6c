import type { ProviderProfile } from '../providers/provider-profile';
import { exactSegments, operationsFor, templateParts } from '../providers/route-match';

/**
 * The documented path a refused path most likely meant. Only what differs is rewritten: the prefix
 * (`/v1/contacts` on an `/api/v1` API) or version (`/v2/`), a segment's separators
 * (`bulk-call-campaigns`) or number (`agent` for `agents`), a trailing slash. Ids and the query are
 * kept as sent; the query is left out (it may carry a secret, and the path is what was wrong). The
 * answer is always a path one of the profile's operations (or, for a profile without operations, a
 * route family's template) matches; null when no such rewrite exists.
 */
export function suggestPath(profile: ProviderProfile, method: string, path: string): string | null {
  const bare = path.split('?')[0]!;
  if (operationsFor(profile, bare).length > 0) return null;
  const wanted = loose(bare);
  if (wanted.length === 0) return null;
  const upper = method.toUpperCase();
  let best: { path: string; score: number } | null = null;
  for (const template of templates(profile)) {
    const { prefix, parts } = template;
    if (parts.length !== wanted.length) continue;
    const literal = parts.filter((p) => p !== null).length;
    // A template matched only through `{param}` segments is too loose to suggest.
    if (literal === 0 || !parts.every((part, i) => part === null || looseSegment(part) === wanted[i]!.loose)) continue;
    const candidate = `${prefix}/${parts.map((part, i) => part ?? wanted[i]!.raw).join('/')}`;
    if (candidate === bare) continue;
    const score = literal * 2 + (template.methods.has(upper) ? 1 : 0);
    if (!best || score > best.score) best = { path: candidate, score };
  }
  return best?.path ?? null;
}

/** `/api/v2/Bulk-Call-Campaign/` as loose segments: no API prefix or version, no empty segments. */
function loose(path: string): { raw: string; loose: string }[] {
  const segments = exactSegments(path).filter((s) => s !== '');
  while (segments.length > 0 && /^(?:api|v\d+(?:\.\d+)?)$/i.test(segments[0]!)) segments.shift();
  return segments.map((raw) => ({ raw, loose: looseSegment(raw) }));
}

/** A segment without case, separators or a plural ending: `phone-numbers`, `phone_number` alike. */
function looseSegment(segment: string): string {
  const flat = segment.toLowerCase().replace(/[-_.]/g, '');
  if (flat.endsWith('ies')) return `${flat.slice(0, -3)}y`;
  if (flat.endsWith('s') && !flat.endsWith('ss')) return flat.slice(0, -1);
  return flat;
}

interface Template {
  /** What precedes the loose part (`/api/v1`), spelled as documented. */
  prefix: string;
  parts: (string | null)[];
  methods: Set<string>;
}

const cache = new WeakMap<ProviderProfile, Template[]>();

function templates(profile: ProviderProfile): Template[] {
  let list = cache.get(profile);
  if (list) return list;
  const byPath = new Map<string, Set<string>>();
  const add = (path: string, methods: readonly string[]) => {
    const set = byPath.get(path) ?? new Set<string>();
    methods.forEach((m) => set.add(m));
    byPath.set(path, set);
  };
  if (profile.operations.length > 0) profile.operations.forEach((op) => add(op.path, [op.method]));
  else
    profile.routeFamilies.forEach((f) =>
      f.paths.forEach((p) =>
        add(
          p,
          f.scopes.flatMap((s) => s.methods),
        ),
      ),
    );
  list = [...byPath].map(([path, methods]) => {
    const all = templateParts(path);
    let cut = 0;
    while (cut < all.length && all[cut] !== null && /^(?:api|v\d+(?:\.\d+)?)$/i.test(all[cut]!)) cut++;
    return {
      prefix: all
        .slice(0, cut)
        .map((p) => `/${p}`)
        .join(''),
      parts: all.slice(cut),
      methods,
    };
  });
  cache.set(profile, list);
  return list;
}
