import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { skipWithoutKeychain } from '../support/keychain';
import { runCli } from '../support/run-cli';
import { tempDir } from '../support/temp-dir';
import { filesContaining } from '../support/vault-harness';

describe.skipIf(skipWithoutKeychain)('keyhole vault, env, providers and audit commands', () => {
  it('adds from stdin, lists, shows and removes, and no output or file holds the secret', async () => {
    const home = tempDir();
    const env = { ...process.env, KEYHOLE_HOME: home };
    const secret = 'sk_call2me_test_clisecret0001';
    const add = await runCli(
      [
        'vault',
        'add',
        '--provider',
        'call2me',
        '--env',
        'sandbox',
        '--kind',
        'api_key',
        '--name',
        'cli-demo',
        '--scopes',
        'read',
        '--workspace',
        'acme',
        '--secret-stdin',
        '--json',
      ],
      env,
      `${secret}\n`,
    );
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    const added = JSON.parse(add.stdout);
    expect(added.credential).toMatchObject({ name: 'cli-demo', scopes: ['read'], boundId: 'acme', last4: '0001' });

    const list = await runCli(['vault', 'list', '--json'], env);
    expect(JSON.parse(list.stdout).map((c: { name: string }) => c.name)).toEqual(['cli-demo']);
    const show = await runCli(['vault', 'show', 'CLI-DEMO', '--json'], env);
    expect(JSON.parse(show.stdout).credential.fingerprint).toBe(added.credential.fingerprint);
    const audit = path.join(home, 'audit.csv');
    expect((await runCli(['audit', 'export', audit], env)).code).toBe(0);
    const rm = await runCli(['vault', 'rm', 'cli-demo', '--json'], env);
    expect(rm.code).toBe(0);

    const outputs = [add, list, show, rm].map((r) => r.stdout + r.stderr).join('\n');
    expect(outputs).not.toContain(secret);
    expect(filesContaining(home, [secret])).toEqual([]);
    expect(fs.readFileSync(audit, 'utf8')).toContain(added.credential.fingerprint);
  });

  it('never takes a secret from argv, and explains errors in one line', async () => {
    const env = { ...process.env, KEYHOLE_HOME: tempDir() };
    const noStdin = await runCli(['vault', 'add', '--provider', 'call2me', '--env', 'sandbox', '--kind', 'api_key', '--name', 'x'], env);
    expect(noStdin.code).toBe(1);
    expect(noStdin.stderr).toBe('keyhole: pass the secret on standard input with --secret-stdin (never as an argument)\n');
    const badKind = await runCli(
      ['vault', 'add', '--provider', 'call2me', '--env', 'sandbox', '--kind', 'partner_api_key', '--name', 'x', '--secret-stdin'],
      env,
      'sk_call2me_test_abcdefghij',
    );
    expect(badKind.stderr).toMatch(/^keyhole: Call2Me has no credential kind "partner_api_key"\. Known: api_key, jwt, end_user_token\.\n$/);
    const missing = await runCli(['vault', 'show', 'ghost'], env);
    expect(missing.stderr).toBe('keyhole: No credential named or with id "ghost".\n');
  });

  it('imports .env files all or nothing, naming the bad line', async () => {
    const home = tempDir();
    const env = { ...process.env, KEYHOLE_HOME: home };
    const bad = path.join(home, 'bad.env');
    fs.writeFileSync(bad, 'GOOD=sk_call2me_test_aaaaaaaaaaaa\noops\n');
    const refused = await runCli(['vault', 'import-env', bad, '--provider', 'call2me', '--env', 'staging', '--kind', 'api_key'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`keyhole: ${bad} line 2 is not NAME=value.\n`);
    expect(JSON.parse((await runCli(['vault', 'list', '--json'], env)).stdout)).toEqual([]);

    const good = path.join(home, 'good.env');
    fs.writeFileSync(good, 'ONE=sk_call2me_test_aaaaaaaaaaaa\nTWO=sk_call2me_test_bbbbbbbbbbbb\n');
    const imported = await runCli(['vault', 'import-env', good, '--provider', 'call2me', '--env', 'staging', '--kind', 'api_key', '--json'], env);
    expect(JSON.parse(imported.stdout).map((s: { credential: { name: string } }) => s.credential.name)).toEqual(['ONE', 'TWO']);
    expect(imported.stdout).not.toContain('aaaaaaaaaaaa');
  });

  it('points environments at a gateway and imports provider profiles, refusing bad ones whole', async () => {
    const home = tempDir();
    const env = { ...process.env, KEYHOLE_HOME: home };
    expect((await runCli(['env', 'set-url', '--provider', 'callaro', '--env', 'staging', 'http://127.0.0.1:9999'], env)).code).toBe(0);
    expect((await runCli(['env', 'add', '--provider', 'call2me', '--name', 'eu', '--base-url', 'https://eu.example', '--live'], env)).code).toBe(0);
    const envs = JSON.parse((await runCli(['env', 'list', '--json'], env)).stdout) as {
      providerId: string;
      id: string;
      baseUrl: string | null;
      live: boolean;
    }[];
    expect(envs.find((e) => e.providerId === 'callaro' && e.id === 'staging')!.baseUrl).toBe('http://127.0.0.1:9999');
    expect(envs.find((e) => e.providerId === 'call2me' && e.id === 'eu')).toMatchObject({ baseUrl: 'https://eu.example', live: true });

    // Removing: never a profile's own environment, never one that holds keys; the added one once empty.
    const builtin = await runCli(['env', 'remove', '--provider', 'call2me', '--env', 'staging'], env);
    expect(builtin.code).toBe(1);
    expect(builtin.stderr).toContain('Staging is part of the Call2Me profile and cannot be removed; clear its base URL instead.');
    const key = ['vault', 'add', '--provider', 'call2me', '--env', 'eu', '--kind', 'api_key', '--name', 'eu-key', '--workspace', 'acme', '--secret-stdin'];
    expect((await runCli(key, env, 'sk_call2me_live_euKey0123456789\n')).code).toBe(0);
    const holding = await runCli(['env', 'remove', '--provider', 'call2me', '--env', 'eu'], env);
    expect(holding.code).toBe(1);
    expect(holding.stderr).toContain('1 key is stored for Call2Me eu; delete or re-add them elsewhere before removing the environment.');
    expect((await runCli(['vault', 'rm', 'eu-key'], env)).code).toBe(0);
    const removed = await runCli(['env', 'remove', '--provider', 'call2me', '--env', 'eu'], env);
    expect(removed.stdout).toContain('Removed call2me/eu.');
    const after = JSON.parse((await runCli(['env', 'list', '--json'], env)).stdout) as { providerId: string; id: string }[];
    expect(after.some((e) => e.providerId === 'call2me' && e.id === 'eu')).toBe(false);
    expect(after.filter((e) => e.providerId === 'call2me').map((e) => e.id)).toContain('staging');

    const broken = path.join(home, 'acme.json');
    fs.writeFileSync(broken, JSON.stringify({ id: 'acme', name: 'Acme', environments: [], credentialKinds: [], scopes: [], routeFamilies: [], errors: [] }));
    const refused = await runCli(['providers', 'import', broken], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/environments: .*credentialKinds: /);
    const providers = JSON.parse((await runCli(['providers', '--json'], env)).stdout) as { id: string }[];
    expect(providers.map((p) => p.id)).toEqual(['callaro', 'call2me']);
    // Sixteen CLI processes, each starting Node and tsx.
  }, 60_000);
});
