import type { OperationProfile, ProviderProfile, RouteFamilyProfile } from './provider-profile';

export interface RouteMatch {
  family: RouteFamilyProfile;
  /** The family's template that matched (the longest one). */
  template: string;
  /** What follows the template, split into segments (`/v1/contacts/c1` -> ['c1']). */
  rest: string[];
  /** null: the method is not supported on this family. */
  rule: { scope: string | null } | null;
}

/** The documented operation a request is, matched exactly: trailing slash, segment count and method. */
export function matchOperation(profile: ProviderProfile, method: string, path: string): OperationProfile | null {
  const upper = method.toUpperCase();
  return operationsFor(profile, path).find((op) => op.method === upper) ?? null;
}

/**
 * Whether a path is a route of the provider's: a documented operation (under any method), or, where
 * the profile's list is partial, anything under a route family.
 */
export function isKnownPath(profile: ProviderProfile, method: string, path: string): boolean {
  if (operationsFor(profile, path).length > 0) return true;
  return profile.routeCoverage === 'partial' && matchRoute(profile, method, path) !== null;
}

/** The operations whose template matches the path exactly (any method). */
export function operationsFor(profile: ProviderProfile, path: string): OperationProfile[] {
  const segments = exactSegments(path);
  return (compiledOperations(profile).get(segments.length) ?? [])
    .filter(({ parts }) => parts.every((part, i) => (part === null ? segments[i] !== '' : part === segments[i])))
    .map(({ operation }) => operation);
}

/** A path's segments as sent: `/v1/agents/` has a last, empty one; the query is not part of it. */
export function exactSegments(path: string): string[] {
  return path.split('?')[0]!.split('#')[0]!.split('/').slice(1);
}

/** A template's segments; null where a `{name}` matches any one non-empty segment. */
export function templateParts(template: string): (string | null)[] {
  return exactSegments(template).map((part) => (/^\{[^{}]+\}$/.test(part) ? null : part));
}

type CompiledOperation = { operation: OperationProfile; parts: (string | null)[] };
// Keyed by segment count: a path is only compared with templates of its own length.
const compiledOps = new WeakMap<ProviderProfile, Map<number, CompiledOperation[]>>();

function compiledOperations(profile: ProviderProfile): Map<number, CompiledOperation[]> {
  let byLength = compiledOps.get(profile);
  if (!byLength) {
    byLength = new Map();
    for (const operation of profile.operations) {
      const parts = templateParts(operation.path);
      byLength.set(parts.length, [...(byLength.get(parts.length) ?? []), { operation, parts }]);
    }
    compiledOps.set(profile, byLength);
  }
  return byLength;
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
