import type { CredentialKindProfile, ProviderProfile } from '../providers/provider-profile';
import { secretShape } from '../vault/secret-shape';

export interface Misplaced {
  kind: CredentialKindProfile;
  /** `Authorization header`, `query parameter api_key`. */
  foundIn: string;
}

const SCHEME = /^(?:Bearer|Basic|Token|ApiKey)\s+/i;

/**
 * A credential of one of the profile's kinds sent where that kind does not go: in another header
 * (a Callaro tenant key as `Authorization: Bearer`) or in the query string, where every proxy and
 * log keeps it. Kinds are recognised by their secret patterns; a kind in its own header is not
 * misplaced, even when another kind shares the header.
 */
export function misplacedCredential(profile: ProviderProfile, request: { url: string; headers: Record<string, string> }): Misplaced | null {
  const kindsShaped = (value: string) =>
    profile.credentialKinds.filter((kind) => {
      const { live, test } = secretShape(kind, value);
      return live || test;
    });
  for (const [name, raw] of Object.entries(request.headers)) {
    const kinds = kindsShaped(raw.replace(SCHEME, '').trim());
    if (kinds.length > 0 && !kinds.some((kind) => kind.header.name.toLowerCase() === name.toLowerCase())) return { kind: kinds[0]!, foundIn: `${name} header` };
  }
  let query: URLSearchParams;
  try {
    query = new URL(request.url).searchParams;
  } catch {
    return null;
  }
  for (const [name, value] of query) {
    const [kind] = kindsShaped(value);
    if (kind) return { kind, foundIn: `query parameter ${name}` };
  }
  return null;
}
