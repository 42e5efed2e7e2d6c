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
  let best: RouteMatch | null = null;
  for (const family of profile.routeFamilies) {
    for (const template of family.paths) {
      const parts = splitPath(template);
      if (parts.length > segments.length) continue;
      if (!parts.every((part, i) => part === segments[i] || /^\{.+\}$/.test(part))) continue;
      if (best && splitPath(best.template).length >= parts.length) continue;
      const rule = family.scopes.find((r) => (r.methods as string[]).includes(method.toUpperCase()));
      best = { family, template, rest: segments.slice(parts.length), rule: rule ? { scope: rule.scope } : null };
    }
  }
  return best;
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
