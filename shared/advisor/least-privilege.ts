import { z } from 'zod';
import type { ProviderProfile } from '../providers/provider-profile';
import { isKnownPath, matchRoute, scopeSatisfied } from '../providers/route-match';

export interface ObservedRequest {
  method: string;
  path: string;
  /** The answer's status, when known: only a request the provider served shows a scope was needed. */
  status?: number | null;
}

/** What a credential's recorded traffic says about the scopes it holds. */
export const LeastPrivilegeAdvice = z.object({
  held: z.array(z.string()),
  /** Scopes the recorded traffic needed, each with how many requests needed it. */
  used: z.array(z.object({ scope: z.string(), requests: z.number() })),
  /** The smallest set that would have served every recorded request (implied scopes folded in). */
  minimal: z.array(z.string()),
  /** Held but never needed by any recorded request. */
  unused: z.array(z.string()),
  /** Unused scopes worth removing first: opt-in and write/admin ones. */
  flagged: z.array(z.object({ scope: z.string(), why: z.enum(['opt-in', 'write', 'admin']) })),
  requestsConsidered: z.number(),
  /** Requests the current scopes could not serve (they failed, or will). */
  unserved: z.number(),
  /** Whether `minimal` is strictly narrower than what is held (never a superset offered as "narrower"). */
  narrower: z.boolean(),
});
export type LeastPrivilegeAdvice = z.infer<typeof LeastPrivilegeAdvice>;
export type Advice = Omit<LeastPrivilegeAdvice, 'held'>;

/**
 * Compares what a credential holds with what its recorded traffic used, route family by route family.
 * Pure: the caller supplies the requests (from history) and the profile.
 */
export function adviseScopes(profile: ProviderProfile, held: readonly string[], requests: readonly ObservedRequest[]): Advice {
  const needed = new Map<string, number>();
  let unserved = 0;
  let considered = 0;
  for (const request of requests) {
    // Only routes of the provider's count: a catch-all family must not turn a typo into a need.
    const scope = isKnownPath(profile, request.method, request.path) ? matchRoute(profile, request.method, request.path)?.rule?.scope : null;
    if (!scope) continue;
    considered++;
    // A refused request (or one with no answer) proves nothing was needed: it is counted apart.
    const refused = request.status !== undefined && (request.status === null || request.status >= 400);
    if (refused || !scopeSatisfied(profile, held, scope)) unserved++;
    if (!refused) needed.set(scope, (needed.get(scope) ?? 0) + 1);
  }
  const required = [...needed.keys()];
  // Minimal: drop a required scope when another required scope already implies it.
  const minimal = required.filter((scope) => !required.some((other) => other !== scope && scopeSatisfied(profile, [other], scope))).sort();
  const unused = held.filter((scope) => !minimal.includes(scope));
  const flagged = unused.flatMap((id): Advice['flagged'] => {
    const scope = profile.scopes.find((s) => s.id === id);
    if (!scope) return [];
    if (scope.optIn) return [{ scope: id, why: 'opt-in' }];
    return scope.access === 'read' ? [] : [{ scope: id, why: scope.access }];
  });
  return {
    used: [...needed].map(([scope, count]) => ({ scope, requests: count })).sort((a, b) => b.requests - a.requests),
    unused: [...unused].sort(),
    minimal,
    flagged,
    unserved,
    requestsConsidered: considered,
    narrower:
      needed.size > 0 && minimal.every((scope) => scopeSatisfied(profile, held, scope)) && held.some((scope) => !scopeSatisfied(profile, minimal, scope)),
  };
}
