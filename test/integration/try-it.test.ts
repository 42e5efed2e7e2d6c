import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { skipWithoutKeychain } from '../support/keychain';
import { openVault } from '../support/vault-harness';

const agentsStatus = async (base: string | null, secret: string) =>
  (await fetch(`${base}/v1/agents`, { headers: { Authorization: `Bearer ${secret}` } })).status;
const envUrl = (services: { catalog: { environment(p: string, e: string): { baseUrl: string | null } } }, provider: string) =>
  services.catalog.environment(provider, 'sandbox').baseUrl;

describe.skipIf(skipWithoutKeychain)('"Try it": the sandbox reached by URL', () => {
  it('starts only when asked, points the sandbox environments at it, and its demo keys work across a restart', async () => {
    const harness = await openVault();
    const { services } = harness;
    // The product starts without the sandbox: no server, no URL.
    expect(services.tryIt.running()).toBe(false);
    expect(envUrl(services, 'call2me')).toBeNull();

    const demo = await services.tryIt.seedDemo();
    expect(demo.map((c) => c.name)).toEqual([
      'demo-call2me-read',
      'demo-call2me-write',
      'demo-call2me-admin',
      'demo-callaro-tenant',
      'demo-callaro-partner',
      'demo-callaro-session',
    ]);
    expect(await services.tryIt.seedDemo()).toEqual([]);
    const call2me = envUrl(services, 'call2me');
    expect(call2me).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/call2me$/);
    expect(envUrl(services, 'callaro')).toBe(call2me!.replace(/call2me$/, 'callaro'));
    const reader = await services.vault.secretOf(services.vault.get('demo-call2me-read'));
    expect(await agentsStatus(call2me, reader)).toBe(200);

    // A new process: the sandbox comes back on the same URL, handed the vault's keys again.
    const reopened = await harness.reopen();
    expect(reopened.tryIt.running()).toBe(true);
    expect(envUrl(reopened, 'call2me')).toBe(call2me);
    expect(await agentsStatus(call2me, reader)).toBe(200);
    const partner = await reopened.vault.secretOf(reopened.vault.get('demo-callaro-partner'));
    const res = await fetch(`${envUrl(reopened, 'callaro')}/api/v1/contacts`, { headers: { 'X-Partner-Api-Key': partner, 'X-Tenant-Id': 't1' } });
    expect(res.status).toBe(200);
  });

  it('moves to a free port when its old one is taken, and stays off once its environments point elsewhere', async () => {
    const harness = await openVault();
    await harness.services.tryIt.seedDemo();
    const before = new URL(envUrl(harness.services, 'call2me')!);
    await harness.services.tryIt.close();
    // Another program takes the port while Keyhole is closed.
    const squatter = net.createServer().listen(Number(before.port), '127.0.0.1');
    await new Promise((resolve) => squatter.once('listening', resolve));
    try {
      const reopened = await harness.reopen();
      const after = new URL(envUrl(reopened, 'call2me')!);
      expect(after.port).not.toBe(before.port);
      const writer = await reopened.vault.secretOf(reopened.vault.get('demo-call2me-write'));
      expect(await agentsStatus(after.href.replace(/\/$/, ''), writer)).toBe(200);

      // The user points both environments at their own hosts: the next start leaves the sandbox off.
      reopened.catalog.setEnvironmentUrl('call2me', 'sandbox', 'https://sandbox.example.test');
      reopened.catalog.setEnvironmentUrl('callaro', 'sandbox', 'https://sandbox.callaro.example.test');
      const third = await harness.reopen();
      expect(third.tryIt.running()).toBe(false);
      expect(envUrl(third, 'call2me')).toBe('https://sandbox.example.test');
    } finally {
      squatter.close();
    }
  });
});
