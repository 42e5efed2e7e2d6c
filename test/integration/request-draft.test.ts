import { describe, expect, it } from 'vitest';
import { createApplication } from '../../electron/application/keyhole-application';
import { createDispatch } from '../../electron/ipc/dispatch';
import { createHandlers } from '../../electron/ipc/handlers';
import { silentLogger } from '../../electron/platform/logger';
import { encodings } from '../../shared/redaction/redactor';
import { skipWithoutKeychain } from '../support/keychain';
import { sandboxEnvironments, vaultSandboxKey } from '../support/sandbox-env';
import { openVault } from '../support/vault-harness';

describe.skipIf(skipWithoutKeychain)('the composer’s URL bar and "Open in composer"', () => {
  it('turns a pasted curl, a URL or a recorded exchange into an editable request, with the key from the vault and no secret', async () => {
    const { services } = await openVault();
    const sandbox = await sandboxEnvironments(services.catalog);
    const dispatch = createDispatch(createHandlers(createApplication(services)), silentLogger);
    const { credential, secret } = await vaultSandboxKey(services, sandbox, 'svc', ['read']);
    const base = sandbox.baseUrls.call2me;

    const curl = `curl -X POST '${base}/v1/agents?dry_run=1' -H 'Authorization: Bearer ${secret}' -H 'X-Trace: t-1' -H 'X-Other: sk_call2me_live_notTheVaultsKey0001' -d '{"agent_name":"desk"}'`;
    const drafted = await dispatch('send:draft', { text: curl });
    expect(drafted).toEqual({
      ok: true,
      value: {
        method: 'POST',
        providerId: 'call2me',
        environmentId: 'sandbox',
        credentialId: credential.id,
        path: '/v1/agents?dry_run=1',
        // curl's own default for -d, as curl would send it.
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Trace': 't-1' },
        body: '{"agent_name":"desk"}',
        leftOut: ['Authorization: the key is chosen from the vault', 'X-Other: it carried a secret'],
      },
    });
    // The pasted key in no form: raw, URL-encoded, JSON-escaped, base64.
    for (const form of encodings(secret)) expect(JSON.stringify(drafted)).not.toContain(form);
    expect(services.audit.list({ action: 'secret-match', limit: 5 })).toMatchObject([{ credentialName: 'svc' }]);

    expect(await dispatch('send:draft', { text: `${base}/v1/voices?limit=5` })).toMatchObject({
      ok: true,
      value: { method: 'GET', path: '/v1/voices?limit=5', credentialId: null, headers: {} },
    });
    expect(await dispatch('send:draft', { text: 'GET /v1/agents please' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'Paste a URL (https://...) or a whole curl command.' },
    });

    // A recorded exchange: its key, its path and query, and nothing that was recorded redacted.
    const sent = await services.send.send({
      credential: credential.id,
      method: 'GET',
      path: '/v1/agents?limit=2',
      headers: { 'X-Session-Id': 'abc-secret-session' },
      body: null,
    });
    const reopened = await dispatch('send:draft', { historyId: sent.historyId });
    expect(reopened).toMatchObject({ ok: true, value: { method: 'GET', credentialId: credential.id, path: '/v1/agents?limit=2', headers: {} } });
    for (const form of encodings('abc-secret-session')) expect(JSON.stringify(reopened)).not.toContain(form);
    expect((reopened as { value: { leftOut: string[] } }).value.leftOut).toContain('X-Session-Id: it carried a secret');
  });
});
