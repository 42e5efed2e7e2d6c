import type { ProviderProfile } from '../providers/provider-profile';
import { matchRoute } from '../providers/route-match';

/**
 * The documented path a 404'd path most likely meant, when it differs from a known route only by the
 * prefix (`/v1/contacts` on an `/api/v1` API), the separator (`bulk-call-campaigns` for
 * `bulk_call_campaigns`) or the version (`/v2/`). Null when no such change finds a route.
 */
export function suggestPath(profile: ProviderProfile, method: string, path: string): string | null {
  const [bare = '', query] = path.split('?', 2);
  const prefix = profile.pathPrefix;
  const withoutPrefix = [bare, bare.replace(/^\/(?:api\/)?v\d+(?=\/|$)/, ''), bare.replace(/^\/api(?=\/)/, '')];
  const bases = [...new Set(withoutPrefix.flatMap((p) => [p, `${prefix}${p}`, p.replace(/^\/v\d+(?=\/)/, prefix.match(/\/v\d+$/)?.[0] ?? '/v1')]))];
  const separators = (p: string) => [p, p.replaceAll('-', '_'), p.replaceAll('_', '-')];
  const candidates = bases.flatMap(separators).filter((p) => p !== bare && p.startsWith('/'));
  const known = candidates.find((candidate) => {
    const match = matchRoute(profile, method, candidate);
    // A family matched only through a `{param}` segment is too loose to suggest.
    return match !== null && match.template.split('/').length > 2;
  });
  return known ? `${known}${query ? `?${query}` : ''}` : null;
}
