import { describe, expect, it } from 'vitest';
import { skipWithoutKeychain } from '../support/keychain';
import { openVault } from '../support/vault-harness';

describe.skipIf(skipWithoutKeychain)('the in-app sandbox', () => {
  it('seeds demo keys into the vault that work against it, and still work after a restart', async () => {
    const harness = await openVault();
    expect(harness.services.sandbox.running()).toBe(false);
    const demo = await harness.services.sandbox.seedDemo();
    expect(demo.map((c) => c.name)).toEqual([
      'demo-call2me-read',
      'demo-call2me-write',
      'demo-call2me-admin',
      'demo-callaro-tenant',
      'demo-callaro-partner',
      'demo-callaro-session',
    ]);
    expect(await harness.services.sandbox.seedDemo()).toEqual([]);

    const reader = harness.services.vault.get('demo-call2me-read');
    const secret = await harness.services.vault.secretOf(reader);
    const agents = async (base: string) => (await fetch(`${base}/v1/agents`, { headers: { Authorization: `Bearer ${secret}` } })).status;
    expect(await agents(await harness.services.sandbox.baseUrl('call2me'))).toBe(200);

    // A new process: a new, empty sandbox, which adopts the vault's sandbox keys from the keychain.
    const reopened = await harness.reopen();
    expect(await agents(await reopened.sandbox.baseUrl('call2me'))).toBe(200);
    const partner = await reopened.vault.secretOf(reopened.vault.get('demo-callaro-partner'));
    const res = await fetch(`${await reopened.sandbox.baseUrl('callaro')}/api/v1/contacts`, { headers: { 'X-Partner-Api-Key': partner, 'X-Tenant-Id': 't1' } });
    expect(res.status).toBe(200);
  });
});
