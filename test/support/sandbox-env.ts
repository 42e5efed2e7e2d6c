import { afterEach } from 'vitest';
import { startSandbox, type SandboxServer } from '../../sandbox/index';

/**
 * A real sandbox on 127.0.0.1, and the providers' sandbox environments pointed at it by URL, as a
 * user points an environment at any vendor. Closed after the test.
 */
export async function sandboxEnvironments(catalog: {
  setEnvironmentUrl(providerId: string, environmentId: string, baseUrl: string | null): unknown;
}): Promise<SandboxServer> {
  const server = await startSandbox();
  afterEach(() => server.close());
  for (const [providerId, url] of Object.entries(server.baseUrls)) catalog.setEnvironmentUrl(providerId, 'sandbox', url);
  return server;
}
