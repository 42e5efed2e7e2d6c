import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../electron/platform/logger';
import { createDispatch } from '../../electron/ipc/dispatch';
import { createHandlers } from '../../electron/ipc/handlers';
import { createApplication } from '../../electron/application/keyhole-application';
import { skipWithoutKeychain } from '../support/keychain';
import { openVault } from '../support/vault-harness';

describe.skipIf(skipWithoutKeychain)('saved requests', () => {
  it('saves per provider, replaces by name, refuses credential headers, and survives the credential', async () => {
    const { services } = await openVault();
    const dispatch = createDispatch(createHandlers(createApplication(services)), silentLogger);
    const { credential } = await services.vault.add({
      name: 'k',
      providerId: 'call2me',
      environmentId: 'sandbox',
      kind: 'api_key',
      scopes: ['read'],
      boundId: 'acme',
      secret: 'sk_call2me_test_savedsaved01',
    });
    const base = {
      name: 'list agents',
      providerId: 'call2me',
      credentialId: credential.id,
      method: 'GET',
      path: '/v1/agents',
      headers: { Accept: 'application/json' },
      body: null,
    };
    expect(await dispatch('requests:save', base)).toMatchObject({ ok: true, value: { name: 'list agents', path: '/v1/agents' } });
    await dispatch('requests:save', { ...base, path: '/v1/agents?limit=5' });
    const listed = await dispatch('requests:list', { providerId: 'call2me' });
    expect(listed).toMatchObject({ ok: true, value: [{ name: 'list agents', path: '/v1/agents?limit=5' }] });
    expect(await dispatch('requests:list', { providerId: 'callaro' })).toEqual({ ok: true, value: [] });

    // A partner key in another header and a password in the body are stored as placeholders.
    const partnerKey = 'pk_9b8a7c6d5e4f3a2b1c0dsaved';
    const password = 'hunter2-saved-request-password';
    const saved = await dispatch('requests:save', {
      ...base,
      name: 'with secrets',
      credentialId: null,
      method: 'POST',
      headers: { 'X-Forwarded-Partner': partnerKey, 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'a@b.c', password }),
    });
    expect(saved.ok).toBe(true);
    const stored = JSON.stringify(await dispatch('requests:list', { providerId: 'call2me' }));
    expect(stored).not.toContain(partnerKey);
    expect(stored).not.toContain(password);
    expect(stored).toContain('"password\\":\\"<redacted');

    const leaky = await dispatch('requests:save', { ...base, name: 'leaky', headers: { 'X-Api-Key': 'clr_tk_test_oops' } });
    expect(leaky).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    if (!leaky.ok) expect(leaky.error.message).toMatch(/headers\.X-Api-Key: Keyhole adds the credential header/);

    const replacement = await services.vault.add({
      name: 'k2',
      providerId: 'call2me',
      environmentId: 'sandbox',
      kind: 'api_key',
      scopes: ['read'],
      boundId: 'acme',
      secret: 'sk_call2me_test_savedsaved02',
    });
    expect(services.savedRequests.reassign(credential.id, replacement.credential.id)).toBe(1);
    await services.vault.remove('k2');
    expect(services.savedRequests.list('call2me')[0]!.credentialId).toBeNull();
  });
});
