import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KeyholeServices } from '../../electron/app/keyhole-services';
import { skipWithoutKeychain } from '../support/keychain';
import { filesContaining, openVault } from '../support/vault-harness';

/** An old workload key and an admin key in the sandbox, both in the vault, and a proxy in front. */
async function setUp(services: KeyholeServices) {
  const sandbox = await services.sandbox.ensureStarted();
  const mint = (name: string, scopes: string[]) => sandbox.state.mintKey({ provider: 'call2me', kind: 'api_key', name, scopes, workspace: 'acme', tenant: null, partner: null });
  const oldKey = mint('svc', ['write']);
  const adminKey = mint('admin', ['admin']);
  const { credential: old } = await services.vault.add({ name: 'svc', providerId: 'call2me', environmentId: 'sandbox', kind: 'api_key', scopes: ['write'], boundId: 'acme', secret: oldKey.secret });
  await services.vault.add({ name: 'admin', providerId: 'call2me', environmentId: 'sandbox', kind: 'api_key', scopes: ['admin'], boundId: 'acme', secret: adminKey.secret });
  const proxy = await services.proxies.start('call2me', 'sandbox');
  const through = async (secret: string, p = '/v1/agents') => {
    const res = await fetch(`${proxy.listen}${p}`, { headers: { Authorization: `Bearer ${secret}` } });
    await res.arrayBuffer();
    await services.proxies.recorder.drained();
    return res.status;
  };
  return { old, oldSecret: oldKey.secret, through };
}

describe.skipIf(skipWithoutKeychain)('guided rotation against the sandbox, through the recording proxy', () => {
  it('mints through the API, deploys, verifies new-key traffic, refuses a busy revoke, revokes with an override, and the old key is refused', async () => {
    const harness = await openVault();
    const { services } = harness;
    const { old, oldSecret, through } = await setUp(services);
    await services.savedRequests.save({ name: 'list agents', providerId: 'call2me', credentialId: old.id, method: 'GET', path: '/v1/agents', headers: {}, body: null }, new Date().toISOString());
    expect(await through(oldSecret)).toBe(200);

    const rotations = services.rotations;
    const started = rotations.start({ credential: 'svc' });
    expect(started).toMatchObject({ step: 'mint', plan: { name: expect.stringMatching(/^sand-\d{4}-q[1-4]$/), scopes: ['write'], boundId: 'acme', kind: 'api_key' } });
    expect(() => rotations.start({ credential: 'svc' })).toThrow('already has a rotation in progress');

    const minted = await rotations.mint(started.id);
    expect(minted).toMatchObject({ step: 'deploy', minted: { via: 'provider-api', providerKeyId: expect.any(String) } });
    const fresh = services.vault.get(minted.newCredentialId!);
    const newSecret = (await services.vault.secretOf(fresh))!;
    expect(newSecret).toMatch(/^sk_call2me_test_/);

    await expect(rotations.verify(started.id)).rejects.toThrow('tick off at least one deployment target');
    rotations.addTarget(started.id, 'api-server');
    expect(rotations.deploy(started.id, 'api-server', 'release 42').step).toBe('verify');
    await expect(rotations.verify(started.id)).rejects.toThrow('No traffic authenticated with the new key');

    expect(await through(newSecret)).toBe(200);
    expect(await through(newSecret, '/v1/calls')).toBe(200);
    const verified = await rotations.verify(started.id);
    expect(verified.step).toBe('revoke');
    expect(verified.evidence!.newKey).toMatchObject({ count: 2, routes: ['/v1/agents', '/v1/calls'], sources: expect.arrayContaining(['history', 'provider-audit']) });
    expect(verified.evidence!.oldKey.count).toBe(1);

    // The old key was used a moment ago: inside the 15-minute quiet period.
    await expect(rotations.revoke(started.id)).rejects.toThrow('still carrying traffic');
    await expect(rotations.revoke(started.id, { override: 'ok' })).rejects.toThrow('needs a reason');
    const done = await rotations.revoke(started.id, { override: 'the last old pod was drained' });
    expect(done).toMatchObject({ step: 'completed', revoked: { via: 'provider-api', oldKeyCheckStatus: 401, override: { reason: 'the last old pod was drained' } } });

    expect(services.vault.get('svc').status).toBe('revoked');
    expect(await harness.keychain.get(old.id)).toBeNull();
    expect(await through(oldSecret)).toBe(401);
    expect(await through(newSecret)).toBe(200);
    expect(services.savedRequests.list().map((r) => r.credentialId)).toEqual([fresh.id]);
    const trail = services.audit.list({ action: 'rotation', limit: 100 }).map((e) => e.detail).reverse();
    expect(trail.join('\n')).toMatch(/started[\s\S]*minted[\s\S]*deployed to "api-server" \(release 42\)[\s\S]*traffic verified[\s\S]*override: the last old pod was drained/);

    await services.close();
    expect(filesContaining(harness.dataDir, [oldSecret, newSecret])).toEqual([]);
  });

  it('aborts before revoking: the new key is revoked at the provider and dropped, the old one keeps working', async () => {
    const harness = await openVault();
    const { services } = harness;
    const { oldSecret, through } = await setUp(services);
    const { id } = services.rotations.start({ credential: 'svc', name: 'svc-next' });
    const minted = await services.rotations.mint(id);
    const newSecret = (await services.vault.secretOf(services.vault.get('svc-next')))!;
    expect(await through(newSecret)).toBe(200);
    await expect(services.rotations.abort(id, '')).rejects.toThrow('Say why');
    const aborted = await services.rotations.abort(id, 'wrong workspace');
    expect(aborted).toMatchObject({ step: 'aborted', aborted: { reason: 'wrong workspace', newKeyRevoked: true } });
    expect(services.vault.get(minted.newCredentialId!).status).toBe('revoked');
    expect(await through(newSecret)).toBe(401);
    expect(await through(oldSecret)).toBe(200);
    expect(() => services.rotations.deploy(id, 'x')).toThrow('This rotation is aborted');
  });

  it('takes a pasted key when no vault key may mint, and asks for confirmation to revoke by hand', async () => {
    const { services } = await openVault();
    const sandbox = await services.sandbox.ensureStarted();
    const key = (name: string) => sandbox.state.mintKey({ provider: 'call2me', kind: 'api_key', name, scopes: ['read'], workspace: 'acme', tenant: null, partner: null });
    await services.vault.add({ name: 'reader', providerId: 'call2me', environmentId: 'sandbox', kind: 'api_key', scopes: ['read'], boundId: 'acme', secret: key('reader').secret });
    const { id } = services.rotations.start({ credential: 'reader', quietMinutes: 0 });
    await expect(services.rotations.mint(id)).rejects.toThrow('Paste a key minted');
    const pasted = key('reader-next');
    expect((await services.rotations.mint(id, { secret: pasted.secret })).minted).toMatchObject({ via: 'pasted' });
    services.rotations.deploy(id, 'cron');
    await services.send.send({ credential: services.rotations.get(id).newCredentialId!, method: 'GET', path: '/v1/agents', headers: {}, body: null });
    await services.rotations.verify(id);
    await expect(services.rotations.revoke(id)).rejects.toThrow('then confirm');
    expect(await services.rotations.revoke(id, { confirmed: true })).toMatchObject({ step: 'completed', revoked: { via: 'confirmed', oldKeyCheckStatus: null } });
  });
});
