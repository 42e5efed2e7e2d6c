import type { CredentialKindProfile } from '../providers/provider-profile';

export type SecretShape = 'live' | 'test' | 'unknown';

/** Live or test by the kind's patterns; both match (JWTs) counts as whichever fits the environment. */
export function secretShape(kind: CredentialKindProfile, secret: string): { live: boolean; test: boolean } {
  return {
    live: new RegExp(kind.secretPattern.live).test(secret),
    test: new RegExp(kind.secretPattern.test).test(secret),
  };
}
