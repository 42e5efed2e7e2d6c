import { openDatabase } from '../../electron/store/open-database';
import { transactor } from '../../electron/store/transact';
import { AuditRepository } from '../../electron/store/audit-repository';
import { sandboxEnvironments } from '../support/sandbox-env';
import { newKeyOf } from '../../shared/rotation/rotation';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { skipWithoutKeychain } from '../support/keychain';
import { filesContaining, openVault, type StartedServices } from '../support/vault-harness';

/** An old workload key and an admin key in the sandbox, both in the vault, and a proxy in front. */
async function setUp(services: StartedServices) {
  const sandbox = await sandboxEnvironments(services.catalog);
  const mint = (name: string, scopes: string[]) =>
    sandbox.state.mintKey({ provider: 'call2me', kind: 'api_key', name, scopes, workspace: 'acme', tenant: null, partner: null });
  const oldKey = mint('svc', ['write']);
  const adminKey = mint('admin', ['admin']);
  const { credential: old } = await services.vault.add({
    name: 'svc',
    providerId: 'call2me',
    environmentId: 'sandbox',
    kind: 'api_key',
    scopes: ['write'],
    boundId: 'acme',
    secret: oldKey.secret,
  });
  await services.vault.add({
    name: 'admin',
    providerId: 'call2me',
    environmentId: 'sandbox',
    kind: 'api_key',
    scopes: ['admin'],
    boundId: 'acme',
    secret: adminKey.secret,
  });
  const proxy = await services.proxies.start('call2me', 'sandbox');
  const through = async (secret: string, p = '/v1/agents') => {
    const res = await fetch(`${proxy.listen}${p}`, { headers: { Authorization: `Bearer ${secret}` } });
    await res.arrayBuffer();
    await services.proxies.recorder.drained();
    return res.status;
  };
  return { old, oldSecret: oldKey.secret, adminSecret: adminKey.secret, sandbox, through };
}

describe.skipIf(skipWithoutKeychain)('guided rotation against the sandbox, through the recording proxy', () => {
  it('Callaro: a JWT session mints (key creation is JWT-only, with the planned scopes), and revoking needs the user’s confirmation', async () => {
    const { services } = await openVault();
    await services.tryIt.seedDemo();
    const rotations = services.rotations;
    const started = rotations.start({ credential: 'demo-callaro-tenant', scopes: ['contacts:read'] });
    const minted = await rotations.mint(started.id);
    expect(minted).toMatchObject({ step: 'deploy', minted: { via: 'provider-api' } });
    const fresh = services.vault.get(newKeyOf(minted)!);
    expect(fresh).toMatchObject({ kind: 'tenant_api_key', scopes: ['contacts:read'], boundId: 't1' });
    expect(await services.vault.secretOf(fresh)).toMatch(/^sk_/);
    const mintCall = services.history.query({ pathPrefix: '/api/v1/api_keys', limit: 1 })[0]!;
    expect(mintCall.request.headers.Authorization).toMatch(/^Bearer <demo-callaro-session · [0-9a-f]{12}>$/);
    expect(JSON.parse(mintCall.request.body!)).toEqual({ name: started.plan.name, scopes: ['contacts:read'] });
    rotations.addTarget(started.id, 'crm-sync');
    rotations.deploy(started.id, 'crm-sync');
    expect((await services.send.send({ credential: fresh.id, method: 'GET', path: '/api/v1/contacts' })).response!.status).toBe(200);
    await rotations.verify(started.id);
    await expect(rotations.revoke(started.id, { override: 'drained' })).rejects.toThrow(/Revoke it in the provider's console, then confirm/);
    expect((await rotations.revoke(started.id, { override: 'drained', confirmed: true })).step).toBe('completed');
  });

  it('mints through the API, deploys, verifies new-key traffic, refuses a busy revoke, revokes with an override, and the old key is refused', async () => {
    const harness = await openVault();
    const { services } = harness;
    const { old, oldSecret, through } = await setUp(services);
    await services.savedRequests.save(
      { name: 'list agents', providerId: 'call2me', credentialId: old.id, method: 'GET', path: '/v1/agents', headers: {}, body: null },
      new Date().toISOString(),
    );
    expect(await through(oldSecret)).toBe(200);

    const rotations = services.rotations;
    const started = rotations.start({ credential: 'svc' });
    expect(started).toMatchObject({
      step: 'mint',
      plan: { name: expect.stringMatching(/^sand-\d{4}-q[1-4]$/), scopes: ['write'], boundId: 'acme', kind: 'api_key' },
    });
    expect(() => rotations.start({ credential: 'svc' })).toThrow('already has a rotation in progress');

    const minted = await rotations.mint(started.id);
    expect(minted).toMatchObject({ step: 'deploy', minted: { via: 'provider-api', providerKeyId: expect.any(String) } });
    const fresh = services.vault.get(newKeyOf(minted)!);
    const newSecret = (await services.vault.secretOf(fresh))!;
    expect(newSecret).toMatch(/^sk_call2me_test_/);

    // Call2Me documents no per-key request log (C2: only usage counts), so the evidence is Keyhole's own
    // history: watching it asks the provider nothing.
    for (let i = 0; i < 3; i++) await rotations.evidence(started.id);
    await rotations.evidence(started.id, { checkProvider: true });
    expect(services.history.query({ pathPrefix: '/v1/api-keys/', limit: 100 })).toEqual([]);
    await expect(rotations.verify(started.id)).rejects.toThrow('tick off at least one deployment target');
    rotations.addTarget(started.id, 'api-server');
    expect(rotations.deploy(started.id, 'api-server', 'release 42').step).toBe('verify');
    await expect(rotations.verify(started.id)).rejects.toThrow('No traffic authenticated with the new key');

    expect(await through(newSecret)).toBe(200);
    expect(await through(newSecret, '/v1/calls')).toBe(200);
    const verified = await rotations.verify(started.id);
    expect(verified.step).toBe('revoke');
    expect((verified.step === 'revoke' ? verified.evidence : null)!.newKey).toMatchObject({
      count: 2,
      routes: ['/v1/agents', '/v1/calls'],
      sources: ['history'],
    });
    expect((verified.step === 'revoke' ? verified.evidence : null)!.oldKey.count).toBe(1);

    // The old key was used a moment ago: inside the 15-minute quiet period.
    await expect(rotations.revoke(started.id)).rejects.toThrow('still carrying traffic');
    await expect(rotations.revoke(started.id, { override: 'ok' })).rejects.toThrow('needs a reason');
    const done = await rotations.revoke(started.id, { override: 'the last old pod was drained' });
    expect(done).toMatchObject({
      step: 'completed',
      revoked: { via: 'provider-api', oldKeyCheckStatus: 401, override: { reason: 'the last old pod was drained' } },
    });

    expect(services.vault.get('svc').status).toBe('revoked');
    expect(await harness.keychain.get(old.id)).toBeNull();
    expect(await through(oldSecret)).toBe(401);
    expect(await through(newSecret)).toBe(200);
    expect(services.savedRequests.list().map((r) => r.credentialId)).toEqual([fresh.id]);
    const trail = services.audit
      .list({ action: 'rotation', limit: 100 })
      .map((e) => e.detail)
      .reverse();
    expect(trail.join('\n')).toMatch(
      /started[\s\S]*minted[\s\S]*deployed to "api-server" \(release 42\)[\s\S]*traffic verified[\s\S]*override: the last old pod was drained/,
    );

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
    expect(services.vault.get(newKeyOf(minted)!).status).toBe('revoked');
    expect(await through(newSecret)).toBe(401);
    expect(await through(oldSecret)).toBe(200);
    expect(() => services.rotations.deploy(id, 'x')).toThrow('This rotation is aborted');
  });

  it('abort always ends a rotation: a new key the provider no longer has is already gone; any other failure is offered as "revoke it yourself", audited', async () => {
    const { services } = await openVault();
    const { adminSecret, sandbox } = await setUp(services);
    // 1. The new key was deleted at the provider meanwhile: its 404 means it is gone, and abort ends the rotation.
    const first = services.rotations.start({ credential: 'svc', name: 'svc-gone' });
    const minted = await services.rotations.mint(first.id);
    if (minted.step !== 'deploy') throw new Error(`minted to ${minted.step}`);
    const keyId = minted.minted.providerKeyId!;
    for (const path of [`/v1/api-keys/${keyId}`, `/v1/api-keys/${keyId}/permanent`]) {
      const res = await fetch(`${sandbox.baseUrls.call2me}${path}`, { method: 'DELETE', headers: { Authorization: `Bearer ${adminSecret}` } });
      expect(res.status).toBe(204);
    }
    const gone = await services.rotations.abort(first.id, 'not needed');
    expect(gone).toMatchObject({ step: 'aborted', aborted: { reason: 'not needed', newKeyRevoked: true } });

    // 2. The provider no longer knows the manager key (a sandbox that lived for one command): refused with the reason, then ended on request.
    const second = services.rotations.start({ credential: 'svc', name: 'svc-orphan' });
    await services.rotations.mint(second.id);
    await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    await expect(services.rotations.abort(second.id, 'sandbox gone')).rejects.toThrow(
      /The new key svc-orphan could not be revoked through the provider's API \(.*401.*\)\. To end the rotation anyway, abort here and revoke svc-orphan yourself/,
    );
    expect(services.rotations.get(second.id).step).toBe('deploy');
    const ended = await services.rotations.abort(second.id, 'sandbox gone', { revokeMyself: true });
    if (ended.step !== 'aborted') throw new Error(`ended at ${ended.step}`);
    expect(ended.aborted).toMatchObject({
      newKeyRevoked: false,
      reason: expect.stringMatching(
        /^sandbox gone; svc-orphan \(provider key .+\) could not be revoked through the API .*: revoke it in the provider's console$/,
      ),
    });
    expect(services.vault.get('svc-orphan').status).toBe('revoked');
    const audited = services.audit.list({ limit: 20 }).find((e) => e.credentialName === 'svc-orphan' && e.action === 'revoke');
    expect(audited?.detail).toMatch(/rotation aborted; svc-orphan .* revoke it in the provider's console/);
    // The old key can be rotated again.
    expect(services.rotations.start({ credential: 'svc', name: 'svc-again' }).step).toBe('mint');
  });

  it('a mint whose answer was lost is found in the provider’s key list and revoked before minting again', async () => {
    const { services } = await openVault();
    const { through } = await setUp(services);
    const { id } = services.rotations.start({ credential: 'svc', name: 'svc-next' });
    // The provider mints (a real key at the sandbox), then the answer never arrives.
    const send = services.send;
    const realSend = send.sendRevealing.bind(send);
    let lost: string | null = null;
    send.sendRevealing = async (request, secretsIn, options) => {
      const sent = await realSend(
        request,
        (raw) => {
          if (request.method === 'POST') lost = (JSON.parse(raw) as { api_key: string }).api_key;
          return secretsIn(raw);
        },
        options,
      );
      if (lost) throw new Error('socket hang up');
      return sent;
    };
    await expect(services.rotations.mint(id)).rejects.toThrow('socket hang up');
    send.sendRevealing = realSend;
    expect(await through(lost!)).toBe(200);
    const minted = await services.rotations.mint(id);
    expect(await through(lost!)).toBe(401);
    const fresh = (await services.vault.secretOf(services.vault.get(newKeyOf(minted)!)))!;
    expect(await through(fresh)).toBe(200);
    expect(services.audit.list({ limit: 20 }).find((e) => e.action === 'revoke' && e.detail.includes('answer was lost'))).toBeTruthy();
  });

  it('takes a pasted key when no vault key may mint, and asks for confirmation to revoke by hand', async () => {
    const { services } = await openVault();
    const sandbox = await sandboxEnvironments(services.catalog);
    const key = (name: string) =>
      sandbox.state.mintKey({ provider: 'call2me', kind: 'api_key', name, scopes: ['read'], workspace: 'acme', tenant: null, partner: null });
    await services.vault.add({
      name: 'reader',
      providerId: 'call2me',
      environmentId: 'sandbox',
      kind: 'api_key',
      scopes: ['read'],
      boundId: 'acme',
      secret: key('reader').secret,
    });
    const { id } = services.rotations.start({ credential: 'reader', quietMinutes: 0 });
    await expect(services.rotations.mint(id)).rejects.toThrow('Paste a key minted');
    const pasted = key('reader-next');
    // A paste gets the Add dialog's shape check: something that is not a Call2Me key replaces nothing.
    await expect(services.rotations.mint(id, { secret: 'not a key at all' })).rejects.toThrow(/does not look like a Call2Me .*Nothing was stored\./);
    expect(services.rotations.get(id).step).toBe('mint');
    expect(services.vault.list().map((c) => c.name)).toEqual(['reader']);
    expect(await services.rotations.mint(id, { secret: pasted.secret })).toMatchObject({ minted: { via: 'pasted' } });
    services.rotations.deploy(id, 'cron');
    await services.send.send({ credential: newKeyOf(services.rotations.get(id))!, method: 'GET', path: '/v1/agents', headers: {}, body: null });
    await services.rotations.verify(id);
    await expect(services.rotations.revoke(id)).rejects.toThrow('then confirm');
    expect(await services.rotations.revoke(id, { confirmed: true })).toMatchObject({
      step: 'completed',
      revoked: { via: 'confirmed', oldKeyCheckStatus: null },
    });
  });
});

describe.skipIf(skipWithoutKeychain)('a rotation killed at any step resumes', () => {
  // The provider is a sandbox server of its own, so it outlives the killed process like a real one.
  async function providerAndVault() {
    const { startSandbox } = await import('../../sandbox/index');
    const sandbox = await startSandbox();
    const harness = await openVault();
    await harness.services.catalog.setEnvironmentUrl('call2me', 'staging', sandbox.baseUrls.call2me);
    const mint = (name: string, scopes: string[]) =>
      sandbox.state.mintKey({ provider: 'call2me', kind: 'api_key', name, scopes, workspace: 'acme', tenant: null, partner: null });
    const old = mint('svc', ['read']);
    const admin = mint('admin', ['admin']);
    for (const [name, key, scopes] of [
      ['svc', old, ['read']],
      ['admin', admin, ['admin']],
    ] as const) {
      await harness.services.vault.add({
        name,
        providerId: 'call2me',
        environmentId: 'staging',
        kind: 'api_key',
        scopes: [...scopes],
        boundId: 'acme',
        secret: key.secret,
      });
    }
    await harness.services.close();
    return { harness, sandbox, oldSecret: old.secret };
  }

  function crashAt(point: string, harness: { dataDir: string; keychainService: string }) {
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(import.meta.dirname, '../support/rotation-crash.ts'), point], {
      env: { ...process.env, KEYHOLE_HOME: harness.dataDir, KEYHOLE_TEST_KEYCHAIN_SERVICE: harness.keychainService },
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    return new Promise<{ signal: NodeJS.Signals | null; id: string; out: string }>((resolve) =>
      child.on('exit', (_code, signal) => resolve({ signal, id: /rotation (\S+)/.exec(out)?.[1] ?? '', out })),
    );
  }

  /** Finishes the rotation from wherever it stopped, as a user would after restarting. */
  async function finish(services: StartedServices, id: string) {
    let r = services.rotations.get(id);
    if (r.step === 'mint') r = await services.rotations.mint(id);
    if (r.step === 'deploy') r = services.rotations.deploy(id, 'api-server');
    await services.send.send({ credential: newKeyOf(r)!, method: 'GET', path: '/v1/agents', headers: {}, body: null });
    if (r.step === 'verify') r = await services.rotations.verify(id);
    if (r.step === 'revoke') r = await services.rotations.revoke(id);
    return r;
  }

  const cases: [string, (r: ReturnType<StartedServices['rotations']['get']>, services: StartedServices) => void][] = [
    // The provider may have minted, but nothing reached the keychain: still at "mint"; minting again is safe.
    ['mint-before-keychain', (r) => expect(r).toMatchObject({ step: 'mint', pendingCredentialId: expect.any(String) })],
    // The secret reached the keychain: start-up adopts it and records the mint.
    [
      'mint-after-keychain',
      (r, s) => {
        expect(r.step).toBe('deploy');
        expect(s.vault.get(newKeyOf(r)!)).toMatchObject({ name: 'svc-next', status: 'active' });
        expect(s.startup.orphanAccounts).toEqual([]);
      },
    ],
    ['mint-before-event', (r) => expect(r.step).toBe('deploy')],
    // The deploy tick was not committed: the checklist is as it was.
    ['deploy', (r) => expect(r).toMatchObject({ step: 'deploy', targets: [] })],
    // Revoked and committed; the old secret was still in the keychain: start-up deletes it.
    [
      'revoke-before-keychain-delete',
      (r, s) => {
        expect(r.step).toBe('completed');
        expect(s.vault.get('svc').status).toBe('revoked');
      },
    ],
  ];

  for (const [point, check] of cases) {
    it(`killed at ${point}`, async () => {
      const { harness, sandbox, oldSecret } = await providerAndVault();
      try {
        const crash = await crashAt(point, harness);
        expect(crash.signal, crash.out).toBe('SIGKILL');
        const services = await harness.reopen();
        check(services.rotations.get(crash.id), services);
        const done = await finish(services, crash.id);
        expect(done.step).toBe('completed');
        expect(await harness.keychain.get(services.vault.get('svc').id)).toBeNull();
        const old = await fetch(`${sandbox.baseUrls.call2me}/v1/agents`, { headers: { Authorization: `Bearer ${oldSecret}` } });
        expect(old.status).toBe(401);
      } finally {
        await sandbox.close();
      }
    });
  }
});

describe.skipIf(skipWithoutKeychain)('keyhole rotate', () => {
  it('walks the checklist from the command line, exiting non-zero with the reason while a step is blocked', { timeout: 90_000 }, async () => {
    const { startSandbox } = await import('../../sandbox/index');
    const { runCli } = await import('../support/run-cli');
    const { tempDir } = await import('../support/temp-dir');
    const sandbox = await startSandbox();
    try {
      const env = { ...process.env, KEYHOLE_HOME: tempDir() };
      const cli = (args: string[], stdin?: string) => runCli(args, env, stdin);
      expect((await cli(['env', 'set-url', '--provider', 'call2me', '--env', 'staging', sandbox.baseUrls.call2me])).code).toBe(0);
      const mint = (name: string, scopes: string[]) =>
        sandbox.state.mintKey({ provider: 'call2me', kind: 'api_key', name, scopes, workspace: 'acme', tenant: null, partner: null });
      const old = mint('svc', ['read']);
      for (const [name, scope, secret] of [
        ['svc', 'read', old.secret],
        ['admin', 'admin', mint('admin', ['admin']).secret],
      ]) {
        const added = await cli(
          [
            'vault',
            'add',
            '--provider',
            'call2me',
            '--env',
            'staging',
            '--kind',
            'api_key',
            '--name',
            name!,
            '--scopes',
            scope!,
            '--workspace',
            'acme',
            '--secret-stdin',
          ],
          `${secret}\n`,
        );
        expect(added.code, added.stderr).toBe(0);
      }
      const json = async (args: string[]) => {
        const run = await cli([...args, '--json']);
        expect(run.code, run.stderr).toBe(0);
        return JSON.parse(run.stdout) as { id: string; step: string; newCredentialId: string };
      };
      const { id } = await json(['rotate', 'start', '--credential', 'svc', '--name', 'svc-2026', '--quiet-minutes', '0']);
      expect((await json(['rotate', 'mint', '--id', id])).step).toBe('deploy');
      expect((await json(['rotate', 'deploy', '--id', id, '--target', 'worker', '--note', 'helm 3.1'])).step).toBe('verify');
      const blocked = await cli(['rotate', 'verify', '--id', id]);
      expect(blocked).toMatchObject({ code: 1, stderr: expect.stringContaining('No traffic authenticated with the new key') });
      // The send's row is written by the worker after the answer, and named before the CLI exits.
      const sent = await cli(['send', 'GET', '/v1/agents', '--credential', 'svc-2026']);
      expect(sent.code, sent.stderr).toBe(0);
      const historyId = /recorded as history (\d+) \(keyhole traffic show \1\)/.exec(sent.stdout)?.[1];
      expect(JSON.parse((await cli(['traffic', 'show', historyId ?? 'none'])).stdout)).toMatchObject({ path: '/v1/agents', source: 'send' });
      expect((await json(['rotate', 'verify', '--id', id])).step).toBe('revoke');
      expect((await cli(['rotate', 'revoke', '--id', id, '--force'])).stderr).toContain('--force needs --reason');
      const done = await cli(['rotate', 'revoke', '--id', id]);
      expect(done.code, done.stderr).toBe(0);
      expect(done.stdout).toMatch(/\[x\] revoke\s+provider-api, old key now gets HTTP 401/);
      const status = JSON.parse((await cli(['rotate', 'status', '--json'])).stdout) as { rotations: { step: string }[] };
      expect(status.rotations.map((r) => r.step)).toEqual(['completed']);
      expect((await fetch(`${sandbox.baseUrls.call2me}/v1/agents`, { headers: { Authorization: `Bearer ${old.secret}` } })).status).toBe(401);
    } finally {
      await sandbox.close();
    }
  });
});

describe.skipIf(skipWithoutKeychain)('rotation reminders', () => {
  it('lists active keys older than their environment rotation age, per the saved policy', async () => {
    const { services } = await openVault();
    const { RotationService } = await import('../../electron/rotation/rotation-service');
    const { RotationRepository } = await import('../../electron/store/rotation-repository');
    const { KeyManagement } = await import('../../electron/rotation/key-management');
    await services.vault.add({
      name: 'prod',
      providerId: 'call2me',
      environmentId: 'production',
      kind: 'api_key',
      scopes: ['read'],
      boundId: 'acme',
      secret: 'sk_call2me_live_reminderreminder',
    });
    await services.vault.add({
      name: 'stage',
      providerId: 'call2me',
      environmentId: 'staging',
      kind: 'api_key',
      scopes: ['read'],
      boundId: 'acme',
      secret: 'sk_call2me_test_reminderreminder',
    });
    const in100Days = new Date(Date.now() + 100 * 86_400_000);
    // Another connection to the same file, as a later start would have; its writes stay on it.
    const db = openDatabase(services.databaseFile);
    const later = new RotationService({
      transact: transactor(db),
      rotations: new RotationRepository(db),
      audit: new AuditRepository(db, 'test'),
      history: services.history,
      vault: services.vault,
      savedRequests: services.savedRequests,
      keys: new KeyManagement({ vault: services.vault, send: services.send, catalog: services.catalog }),
      now: () => in100Days,
    });
    // Defaults: production every 90 days, staging every 180.
    expect(later.due().map((d) => [d.credential.name, d.ageDays, d.maxAgeDays])).toEqual([['prod', 100, 90]]);
    later.setPolicy('staging', 30);
    later.setPolicy('production', null);
    expect(later.due().map((d) => d.credential.name)).toEqual(['stage']);
    expect(services.rotations.due()).toEqual([]);
  });
});
