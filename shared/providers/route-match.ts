import type { ProviderProfile, RouteFamilyProfile } from './provider-profile';

export interface RouteMatch {
  family: RouteFamilyProfile;
  /** The family's template that matched (the longest one). */
  template: string;
  /** What follows the template, split into segments (`/v1/contacts/c1` -> ['c1']). */
  rest: string[];
  /** null: the method is not supported on this family. */
  rule: { scope: string | null } | null;
}

/**
 * The route family a request falls in: the one whose path template is the longest prefix of the path
 * (`/v1/billing/partner/allocations` before `/v1/billing/partner`). `{name}` matches one segment.
 */
export function matchRoute(profile: ProviderProfile, method: string, path: string): RouteMatch | null {
  const segments = splitPath(path);
  for (const { family, template, parts } of compiledTemplates(profile)) {
    if (parts.length > segments.length) continue;
    if (!parts.every((part, i) => part === null || part === segments[i])) continue;
    const upper = method.toUpperCase();
    const rule = family.scopes.find((r) => (r.methods as string[]).includes(upper));
    return { family, template, rest: segments.slice(parts.length), rule: rule ? { scope: rule.scope } : null };
  }
  return null;
}

interface CompiledTemplate {
  family: RouteFamilyProfile;
  template: string;
  /** The template's segments; null where a `{name}` matches any one segment. */
  parts: (string | null)[];
}

// Every exchange the proxy records is matched (twice in diagnosis): templates are split once per
// profile, longest first, so the first match is the answer. Profiles are immutable once parsed.
const compiled = new WeakMap<ProviderProfile, CompiledTemplate[]>();

function compiledTemplates(profile: ProviderProfile): CompiledTemplate[] {
  let templates = compiled.get(profile);
  if (!templates) {
    templates = profile.routeFamilies
      .flatMap((family) =>
        family.paths.map((template) => ({ family, template, parts: splitPath(template).map((part) => (/^\{.+\}$/.test(part) ? null : part)) })),
      )
      // A stable sort: among templates of one length the first declared wins, as it always has.
      .sort((a, b) => b.parts.length - a.parts.length);
    compiled.set(profile, templates);
  }
  return templates;
}

function splitPath(path: string): string[] {
  return path.split('?')[0]!.split('/').filter(Boolean);
}

/** Whether a set of granted scopes satisfies a required one, following `implies` (write includes read). */
export function scopeSatisfied(profile: ProviderProfile, granted: readonly string[], required: string): boolean {
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    for (const implied of profile.scopes.find((s) => s.id === id)?.implies ?? []) visit(implied);
  };
  granted.forEach(visit);
  return seen.has(required);
}
