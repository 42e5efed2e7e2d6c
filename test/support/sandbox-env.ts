import { afterEach } from 'vitest';
import { startSandbox, type SandboxServer } from '../../sandbox/index';
import type { Credential } from '../../shared/vault/credential';

/**
 * A real sandbox on 127.0.0.1, and the providers' sandbox environments pointed at it by URL, as a
 * user points an environment at any vendor. Closed after the test.
 */
export async function sandboxEnvironments(
  catalog: { setEnvironmentUrl(providerId: string, environmentId: string, baseUrl: string | null): unknown },
  // A bench runs outside vitest and closes the sandbox itself.
  whenDone: (close: () => Promise<void>) => void = (close) => afterEach(close),
): Promise<SandboxServer> {
  const server = await startSandbox();
  whenDone(() => server.close());
  for (const [providerId, url] of Object.entries(server.baseUrls)) catalog.setEnvironmentUrl(providerId, 'sandbox', url);
  return server;
}

/**
 * A Call2Me API key minted in the sandbox (workspace acme) and added to the vault under `name` for
 * the sandbox environment: what most tests of a real exchange start from.
 */
export async function vaultSandboxKey(
  services: { vault: { add(input: unknown): Promise<{ credential: Credential }> } },
  sandbox: SandboxServer,
  name: string,
  scopes: string[],
): Promise<{ credential: Credential; secret: string }> {
  const { secret } = sandbox.state.mintKey({ provider: 'call2me', kind: 'api_key', name, scopes, workspace: 'acme', tenant: null, partner: null });
  const { credential } = await services.vault.add({ name, providerId: 'call2me', environmentId: 'sandbox', kind: 'api_key', scopes, boundId: 'acme', secret });
  return { credential, secret };
}
