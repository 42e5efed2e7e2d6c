import { adviseScopes, type Advice } from '../../shared/advisor/least-privilege';
import type { Credential } from '../../shared/vault/credential';
import type { KeyholeServices } from '../composition/keyhole-services';

/** The least-privilege advice for a vault credential from its recorded traffic (up to 10,000 exchanges). */
export function adviseCredential(services: Pick<KeyholeServices, 'vault' | 'send' | 'catalog'>, idOrName: string): Advice & { credential: Credential; held: string[] } {
  const credential = services.vault.get(idOrName);
  const traffic = services.send.history.query({ credentialId: credential.id, limit: 10_000 });
  const advice = adviseScopes(services.catalog.get(credential.providerId), credential.scopes, traffic.map((e) => ({ method: e.request.method, path: e.path, status: e.response?.status ?? null })));
  return { credential, held: credential.scopes, ...advice };
}
