import { describe, expect, it } from 'vitest';
import { createApplication } from '../../electron/application/keyhole-application';
import { createDispatch } from '../../electron/ipc/dispatch';
import { createHandlers } from '../../electron/ipc/handlers';
import { silentLogger } from '../../electron/platform/logger';
import { skipWithoutKeychain } from '../support/keychain';
import { sandboxEnvironments } from '../support/sandbox-env';
import { openVault } from '../support/vault-harness';

describe.skipIf(skipWithoutKeychain)('Test key', () => {
  it('sends the kind’s read-only test request with the key, shows the answer and its diagnosis, and audits it', async () => {
    const { services } = await openVault();
    const sandbox = await sandboxEnvironments(services.catalog);
    const dispatch = createDispatch(createHandlers(createApplication(services)), silentLogger);
    const good = sandbox.state.mintKey({
      provider: 'call2me',
      kind: 'api_key',
      name: 'good',
      scopes: ['read'],
      workspace: 'acme',
      tenant: null,
      partner: null,
    });
    const add = (name: string, secret: string, providerId = 'call2me', kind = 'api_key') =>
      services.vault.add({
        name,
        providerId,
        environmentId: 'sandbox',
        kind,
        scopes: providerId === 'call2me' ? ['read'] : [],
        boundId: providerId === 'call2me' ? 'acme' : 'p1',
        secret,
      });
    const { credential } = await add('good', good.secret);
    const tested = await dispatch('vault:test', { id: credential.id });
    expect(tested).toMatchObject({ ok: true, value: { request: { method: 'GET' }, response: { status: 200 }, findings: [] } });
    expect(services.audit.list({ action: 'key-test', limit: 5 })).toMatchObject([{ credentialName: 'good', detail: 'GET /v1/agents -> 200' }]);

    // A key the vendor does not know: the answer is diagnosed, and the test is audited all the same.
    const { credential: stale } = await add('stale', 'sk_call2me_test_unknownToTheVendor');
    const refused = await dispatch('vault:test', { id: stale.id });
    expect(refused).toMatchObject({ ok: true, value: { response: { status: 401 }, findings: [{ code: 'KEY_INVALID' }] } });
    expect(services.audit.list({ action: 'key-test', limit: 5 })[0]).toMatchObject({ credentialName: 'stale', detail: 'GET /v1/agents -> 401 KEY_INVALID' });

    // A kind the profile names no test request for says so, and sends nothing.
    const { credential: partner } = await add('partner', 'pk_partnerKeyForTests01', 'callaro', 'partner_api_key');
    expect(await dispatch('vault:test', { id: partner.id })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: "Callaro's profile names no test request for a Partner API key: send one from Compose instead." },
    });
  });
});
