import { openDatabase } from '../../electron/store/open-database';
import { CredentialRepository } from '../../electron/store/credential-repository';
import { OriginRepository } from '../../electron/store/origin-repository';
import { transactor } from '../../electron/store/transact';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../electron/platform/logger';
import { createDispatch } from '../../electron/ipc/dispatch';
import { createHandlers } from '../../electron/ipc/handlers';
import { createApplication } from '../../electron/application/keyhole-application';
import { VaultService } from '../../electron/vault/vault-service';
import { AppError } from '../../shared/errors/app-error';
import { skipWithoutKeychain } from '../support/keychain';
import { filesContaining, openVault, sandboxKey } from '../support/vault-harness';

const base = { providerId: 'call2me', environmentId: 'sandbox', kind: 'api_key', scopes: ['write'], boundId: 'acme' };

describe.skipIf(skipWithoutKeychain)('vault over the real keychain', () => {
  it('stores the secret in the keychain only, and reads it back through the service', async () => {
    const { services, keychain } = await openVault();
    const secret = sandboxKey('roundtrip');
    const { credential, warnings } = await services.vault.add({ ...base, name: 'demo', secret });
    expect(warnings).toEqual([]);
    expect(credential.fingerprint).toMatch(/^[0-9a-f]{12}$/);
    expect(credential.last4).toBe(secret.slice(-4));
    expect(await keychain.get(credential.id)).toBe(secret);
    expect(await services.vault.secretOf(credential)).toBe(secret);
    expect(services.vault.list()).toEqual([credential]);
  });

  it('delete removes the keychain entry and the metadata, and audits it', async () => {
    const { services, keychain } = await openVault();
    const { credential } = await services.vault.add({ ...base, name: 'gone-soon', secret: sandboxKey('delete') });
    await services.vault.remove('gone-soon');
    expect(await keychain.get(credential.id)).toBeNull();
    expect(services.vault.list()).toEqual([]);
    expect(services.audit.list({ limit: 10 }).map((e) => e.action)).toEqual(['delete', 'create']);
  });

  it('refuses the same secret twice in one environment and warns across environments', async () => {
    const { services } = await openVault();
    const secret = sandboxKey('twice');
    await services.vault.add({ ...base, name: 'first', secret });
    await expect(services.vault.add({ ...base, name: 'second', secret })).rejects.toThrow(/already stored as "first"/);
    const { warnings } = await services.vault.add({ ...base, environmentId: 'staging', name: 'third', secret });
    expect(warnings.map((w) => w.code)).toContain('SAME_SECRET_OTHER_ENVIRONMENT');
  });

  it('refuses a taken name, case-insensitively, without touching the keychain', async () => {
    const { services, keychain } = await openVault();
    await services.vault.add({ ...base, name: 'Prod', secret: sandboxKey('a') });
    await expect(services.vault.add({ ...base, name: 'prod', secret: sandboxKey('b') })).rejects.toThrow(/already exists/);
    expect(await credentialAccounts(keychain)).toHaveLength(1);
  });

  it('edits metadata, re-checks it, and audits what changed', async () => {
    const { services } = await openVault();
    await services.vault.add({ ...base, name: 'editable', secret: sandboxKey('edit') });
    const { credential, warnings } = services.vault.update('editable', { scopes: [], notes: 'billing job' });
    expect(credential.scopes).toEqual([]);
    expect(warnings.map((w) => w.code)).toEqual(['SCOPES_EMPTY']);
    expect(services.audit.list({ limit: 1 })[0]).toMatchObject({ action: 'edit', detail: 'changed scopes, notes' });
    expect(() => services.vault.update('editable', { scopes: ['root'] })).toThrow(/not a Call2Me scope/);
  });

  it('imports all or nothing', async () => {
    const { services, keychain } = await openVault();
    const good = { ...base, name: 'one', secret: sandboxKey('one') };
    const clash = { ...base, name: 'two', secret: sandboxKey('one') };
    await expect(services.vault.addMany([good, clash], 'test')).rejects.toThrow(/Entry 2 \(two\): The same secret as entry 1\./);
    expect(services.vault.list()).toEqual([]);
    expect(await credentialAccounts(keychain)).toEqual([]);
    const saved = await services.vault.addMany([good, { ...clash, secret: sandboxKey('two') }], 'test');
    expect(saved.map((s) => s.credential.name)).toEqual(['one', 'two']);
    expect(services.audit.list({ action: 'import', limit: 10 })).toHaveLength(2);
  });

  it('the .env preview refuses exactly what the import refuses, in the same words (one planner)', async () => {
    const { services } = await openVault();
    const app = createApplication(services);
    await services.vault.add({ ...base, name: 'TAKEN', secret: sandboxKey('taken') });
    const text = `TAKEN=${sandboxKey('other')}\n${'N'.repeat(81)}=${sandboxKey('long')}\nFINE=${sandboxKey('fine')}\n`;
    const input = { text, providerId: 'call2me', environmentId: 'sandbox', kind: 'api_key', allowInlineComments: false };
    const preview = app.vault.importPreview(input);
    const errors = preview.map((entry) => entry.warnings.filter((w) => w.severity === 'error').map((w) => w.message));
    // Both used to pass the preview and fail the import: a name already in the vault, a name over 80 characters.
    expect(errors[0]).toEqual(['A credential named "TAKEN" is already in the vault.']);
    expect(errors[1]).toEqual([expect.stringMatching(/name: .*80 characters/)]);
    expect(errors[2]).toEqual([]);
    await expect(app.vault.import(input)).rejects.toThrow(`Line 1 (TAKEN): ${errors[0]![0]}`);
    expect(services.vault.list().map((c) => c.name)).toEqual(['TAKEN']);
  });

  it('marks a credential whose secret vanished, and restores it when the secret is back', async () => {
    const harness = await openVault();
    const secret = sandboxKey('vanish');
    const { credential } = await harness.services.vault.add({ ...base, name: 'fragile', secret });
    await harness.keychain.delete(credential.id);
    const reopened = await harness.reopen();
    expect(reopened.startup.missingSecrets).toEqual([credential.id]);
    expect(reopened.vault.get('fragile').status).toBe('secret_missing');
    await expect(reopened.vault.copy('fragile')).rejects.toThrow();
    await harness.keychain.set(credential.id, secret);
    await reopened.vault.reconcile();
    expect(reopened.vault.get('fragile').status).toBe('active');
  });

  it('a process killed between the keychain write and the metadata commit leaves a state start-up reconciles', async () => {
    const harness = await openVault();
    const secret = sandboxKey('crash');
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(import.meta.dirname, '../support/crash-after-keychain-write.ts'), secret], {
      env: { ...process.env, KEYHOLE_HOME: harness.dataDir, KEYHOLE_TEST_KEYCHAIN_SERVICE: harness.keychainService },
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const signal = await new Promise((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
    expect(signal).toBe('SIGKILL');
    const account = /wrote (\S+)/.exec(out)![1]!;

    const reopened = await harness.reopen();
    expect(reopened.vault.list()).toEqual([]);
    expect(reopened.startup.orphanAccounts).toEqual([account]);
    expect(await harness.keychain.get(account)).toBe(secret);
    expect(await reopened.vault.removeOrphans(reopened.startup.orphanAccounts)).toBe(1);
    expect(await harness.keychain.get(account)).toBeNull();
    expect((await reopened.vault.reconcile()).orphanAccounts).toEqual([]);
  });

  it('never lets a secret reach SQLite, logs, audit exports or what the renderer receives', async () => {
    const harness = await openVault();
    const { services } = harness;
    const dispatch = createDispatch(createHandlers(createApplication(services)), silentLogger);
    const secrets = [sandboxKey('scanone'), sandboxKey('scantwo'), 'sk_call2me_live_scanthreeabcdef', 'clr_tk_test_scanfour1234'];
    const replies: unknown[] = [];
    const call = async (channel: string, input: unknown) => {
      const reply = await dispatch(channel, input);
      replies.push(reply);
      return reply;
    };
    await call('vault:check', { ...base, name: 'a', secret: secrets[0] });
    await call('vault:add', { ...base, name: 'a', secret: secrets[0] });
    await call('vault:add', { ...base, name: 'a', secret: secrets[1] }); // name clash: refused
    await call('vault:add', { ...base, name: 'bad', secret: `${secrets[0]} ` }); // invalid input: refused
    await call('vault:import-preview', { text: `B=${secrets[1]}\nC=${secrets[2]}\n`, providerId: 'call2me', environmentId: 'sandbox', kind: 'api_key' });
    await call('vault:import', { text: `B=${secrets[1]}\nC=${secrets[2]}\n`, providerId: 'call2me', environmentId: 'sandbox', kind: 'api_key' });
    await call('vault:add', {
      providerId: 'callaro',
      environmentId: 'production',
      kind: 'tenant_api_key',
      name: 'callaro',
      scopes: ['contacts:read'],
      boundId: 't1',
      secret: secrets[3],
    });
    await call('vault:update', { id: 'a', edit: { notes: 'n' } });
    await call('vault:list', {});
    await call('vault:copy', { id: 'a' });
    await call('vault:remove', { id: 'B' });
    const csv = await call('audit:export', { format: 'csv' });
    const json = await call('audit:export', { format: 'json' });
    await services.close();

    expect(filesContaining(harness.dataDir, secrets)).toEqual([]);
    const text = JSON.stringify({ replies, logs: harness.logs });
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(JSON.stringify(csv)).toContain('create');
    expect(JSON.stringify(json)).toContain('import');
  });
});

describe('vault without a keychain', () => {
  it('refuses to add, says why and how to fix it, and writes nothing', async () => {
    const { services, dataDir } = await openVault();
    // The state the start-up probe reports without D-Bus, over the same database.
    // A second connection to the same file, as another process would have.
    const db = openDatabase(services.databaseFile);
    const vault = new VaultService({
      credentials: new CredentialRepository(db),
      origins: new OriginRepository(db),
      transact: transactor(db),
      catalog: services.catalog,
      audit: services.audit,
      secrets: () => services.secrets(),
      keychain: () => ({ status: { state: 'unavailable', reason: 'no D-Bus session bus' }, mode: 'keychain' }),
      clipboard: async () => null,
      fingerprint: services.pipeline.fingerprint,
    });
    const attempt = vault.add({ ...base, name: 'nope', secret: sandboxKey('nokeychain') });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    await expect(attempt).rejects.toThrow(/no D-Bus session bus.*Nothing was saved.*in-memory secrets/);
    expect(services.vault.list()).toEqual([]);
    expect(services.audit.list({ limit: 10 })).toEqual([]);
    expect(filesContaining(dataDir, [sandboxKey('nokeychain')])).toEqual([]);
  });

  it('works on explicit in-memory secrets, which do not survive a restart', async () => {
    const harness = await openVault({ secretsMode: 'memory' });
    await harness.services.vault.add({ ...base, name: 'ephemeral', secret: sandboxKey('memory') });
    expect(harness.services.vault.get('ephemeral').status).toBe('active');
    const reopened = await harness.reopen();
    expect(reopened.vault.get('ephemeral').status).toBe('secret_missing');
  });
});

/** The keychain entries that hold credentials (the install's fingerprint key sits beside them). */
async function credentialAccounts(keychain: { accounts(): Promise<string[]> }): Promise<string[]> {
  return (await keychain.accounts()).filter((account) => account.startsWith('cred_'));
}
