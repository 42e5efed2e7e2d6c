import type { ProviderProfile } from '../providers/provider-profile';
import type { Credential } from './credential';

type Ranked = Pick<Credential, 'providerId' | 'kind' | 'scopes'>;

const ACCESS = { read: 0, write: 1, admin: 2 } as const;
/** A kind without scopes (a JWT session) acts with its user's whole role: above any key. */
const SESSION = 10_000;

/**
 * How much a credential may do, to prefer the least powerful one (Send's "send with", the
 * composer's and Replay's default): a session above every key; then a key's highest access
 * (read < write < admin); then how many scopes it holds. The one ranking, for both sides.
 */
export function credentialPower(credential: Ranked, profiles: readonly ProviderProfile[]): number {
  const profile = profiles.find((p) => p.id === credential.providerId);
  const kind = profile?.credentialKinds.find((k) => k.id === credential.kind);
  if (kind && !kind.scoped) return SESSION;
  const highest = Math.max(0, ...credential.scopes.map((s) => ACCESS[profile?.scopes.find((p) => p.id === s)?.access ?? 'read']));
  return highest * 100 + credential.scopes.length;
}

/** Never offered by default: a session, or a key with admin access. */
export const isPowerful = (credential: Ranked, profiles: readonly ProviderProfile[]) => credentialPower(credential, profiles) >= ACCESS.admin * 100;

/** Least powerful first; ties keep their order (so a list sorted by last use stays so within a rank). */
export function leastPowerfulFirst<T extends Ranked>(credentials: readonly T[], profiles: readonly ProviderProfile[]): T[] {
  return credentials
    .map((credential, index) => ({ credential, index, power: credentialPower(credential, profiles) }))
    .sort((a, b) => a.power - b.power || a.index - b.index)
    .map(({ credential }) => credential);
}
