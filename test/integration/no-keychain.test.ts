import { describe, expect, it } from 'vitest';
import { createApplication } from '../../electron/application/keyhole-application';
import { createServices, type ServicesOptions } from '../../electron/composition/keyhole-services';
import { createDispatch } from '../../electron/ipc/dispatch';
import { createLogger } from '../../electron/platform/logger';
import { createHandlers } from '../../electron/ipc/handlers';
import { skipWithoutKeychain, testKeychainService } from '../support/keychain';
import { envWithout } from '../support/run-cli';
import { tempDir } from '../support/temp-dir';

const key = (name: string, secret: string) => ({
  name,
  providerId: 'call2me',
  environmentId: 'production',
  kind: 'api_key',
  scopes: ['read'],
  boundId: 'acme',
  secret,
});

/** One run of Keyhole over `dataDir`, as a shell opens it, with what it logged. */
async function session(dataDir: string, options: Partial<ServicesOptions> = {}) {
  const logs: string[] = [];
  const services = await createServices({ dataDir, shell: 'web', version: 'test', logger: createLogger('test', (line) => logs.push(line)), ...options });
  const app = createApplication(services);
  await app.startup();
  const dispatch = createDispatch(
    createHandlers(app),
    createLogger('dispatch', (line) => logs.push(line)),
  );
  return { services, app, dispatch, logs };
}

describe('without a keychain', () => {
  it('a key kept in memory is missing in the next session, and every failure says why in words, never a stack trace', async () => {
    const dataDir = tempDir();
    const noBus = { env: envWithout('DBUS_SESSION_BUS_ADDRESS'), keychainService: testKeychainService() };
    const first = await session(dataDir, noBus);
    // Interception needs its CA's key kept somewhere: not in a file, so not at all until secrets have a home.
    expect(await first.dispatch('intercept:start', {})).toMatchObject({
      ok: false,
      error: { code: 'KEYCHAIN_UNAVAILABLE', message: expect.stringContaining("Keyhole's interception CA is kept in the OS keychain, which is unavailable") },
    });
    expect(first.services.intercept.status()).toBeNull();
    expect(await first.dispatch('secrets:use-memory', {})).toMatchObject({ ok: true, value: { secretsMode: 'memory' } });
    expect(await first.dispatch('intercept:ca', {})).toMatchObject({ ok: true, value: { hosts: ['api.call2me.app', 'api.callaro.ai'] } });
    await first.services.vault.add(key('memo', 'sk_call2me_live_keptInMemoryOnly01'));
    expect(first.services.vault.get('memo').status).toBe('active');
    expect(await first.services.vault.secretOf(first.services.vault.get('memo'))).toBe('sk_call2me_live_keptInMemoryOnly01');
    await first.app.close();

    const second = await session(dataDir, noBus);
    expect(second.services.vault.get('memo').status).toBe('secret_missing');
    const sent = await second.dispatch('send:execute', { credential: 'memo', method: 'GET', path: '/v1/agents' });
    expect(sent).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('kept in memory by an earlier session') } });
    // The page asks for the vault's health on every load: a reason, not an internal error.
    expect(await second.dispatch('vault:health', {})).toMatchObject({ ok: false, error: { code: 'KEYCHAIN_UNAVAILABLE' } });
    expect(second.logs.filter((line) => / error /.test(line) || line.includes('    at '))).toEqual([]);
    await second.app.close();
  });

  it.skipIf(skipWithoutKeychain)('a session on in-memory secrets never marks the keychain’s keys missing, and says where their secret is', async () => {
    const dataDir = tempDir();
    const keychainService = testKeychainService();
    const withKeychain = await session(dataDir, { keychainService });
    await withKeychain.services.vault.add(key('kept', 'sk_call2me_live_inTheKeychain00001'));
    await withKeychain.app.close();

    const inMemory = await session(dataDir, { keychainService, secretsMode: 'memory' });
    expect(await inMemory.dispatch('vault:health', {})).toMatchObject({ ok: true, value: { missingSecrets: [] } });
    await expect(inMemory.services.vault.secretOf(inMemory.services.vault.get('kept'))).rejects.toThrow(
      /is in the OS keychain, which this session does not use/,
    );
    expect(inMemory.services.vault.get('kept').status).toBe('active');
    await inMemory.app.close();

    const again = await session(dataDir, { keychainService });
    expect(await again.services.vault.secretOf(again.services.vault.get('kept'))).toBe('sk_call2me_live_inTheKeychain00001');
    await again.services.vault.remove('kept');
    await again.app.close();
  });
});
