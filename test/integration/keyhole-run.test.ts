import { newKeyOf } from '../../shared/rotation/rotation';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/index';
import { encodings } from '../../shared/redaction/redactor';
import { skipWithoutKeychain } from '../support/keychain';
import { KEYHOLE_BIN, runCli } from '../support/run-cli';
import { tempDir } from '../support/temp-dir';

const SECRET = 'sk_call2me_test_runSecretNeverInFiles42';
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** The real CLI in a working directory, with a handle to signal it. */
function keyhole(args: string[], env: NodeJS.ProcessEnv, cwd: string) {
  const child = spawn(process.execPath, [KEYHOLE_BIN, ...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done, output: () => stdout };
}

async function setUp() {
  const home = tempDir();
  const project = tempDir();
  const env = { ...process.env, KEYHOLE_HOME: home };
  // The vendor stand-in, reached by URL: the sandbox environment points at it, and it knows the key.
  const sandbox = await startSandbox();
  afterEach(() => sandbox.close());
  await fetch(`${sandbox.url}/_sandbox/credentials`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ provider: 'call2me', kind: 'api_key', workspace: 'acme', scopes: ['read'], secret: SECRET }),
  });
  const pointed = await runCli(['env', 'set-url', '--provider', 'call2me', '--env', 'sandbox', sandbox.baseUrls.call2me], env);
  expect(pointed.code, pointed.stderr).toBe(0);
  const added = await runCli(
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
      'svc-main',
      '--scopes',
      'read',
      '--workspace',
      'acme',
      '--secret-stdin',
    ],
    env,
    `${SECRET}\n`,
  );
  expect(added.code, added.stderr).toBe(0);
  fs.writeFileSync(
    path.join(project, 'keyhole.json'),
    JSON.stringify({ env: { CALL2ME_API_KEY: 'vault:call2me/svc-main', CALL2ME_BASE_URL: 'baseurl:call2me', MODE: 'test' } }),
  );
  fs.mkdirSync(path.join(project, 'src'));
  return { home, project, env };
}

describe.skipIf(skipWithoutKeychain)('keyhole run', () => {
  it('puts the key into the child only, passes the exit code, audits, and leaves no secret in any file', { timeout: 60_000 }, async () => {
    const { home, project, env } = await setUp();
    // From a subdirectory: the manifest is found in the nearest parent.
    const run = keyhole(
      [
        'run',
        '--env',
        'sandbox',
        '--',
        process.execPath,
        '-e',
        "const c=require('crypto');console.log(c.createHash('sha256').update(process.env.CALL2ME_API_KEY).digest('hex'), process.env.MODE);process.exit(7)",
      ],
      env,
      path.join(project, 'src'),
    );
    const { code, stdout } = await run.done;
    expect(code).toBe(7);
    expect(stdout.trim()).toBe(`${sha(SECRET)} test`);

    const dry = keyhole(['run', '--env', 'sandbox', '--dry-run'], env, project);
    const dryRun = await dry.done;
    expect(dryRun.stdout).toMatch(/CALL2ME_API_KEY\s+vault:call2me\/sandbox\/svc-main\s+fingerprint [0-9a-f]{12}/);
    expect(dryRun.stdout).not.toContain(SECRET);

    const audit = await runCli(['audit', 'list', '--action', 'run', '--json'], env);
    expect(JSON.parse(audit.stdout)).toEqual([
      expect.objectContaining({ action: 'run', credentialName: 'svc-main', detail: expect.stringContaining('CALL2ME_API_KEY') }),
    ]);
    const hits: string[] = [];
    for (const dir of [home, project]) {
      for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())) {
        const bytes = fs.readFileSync(path.join(entry.parentPath, entry.name));
        for (const form of encodings(SECRET)) if (bytes.includes(Buffer.from(form))) hits.push(`${entry.name}: ${form}`);
      }
    }
    expect(hits).toEqual([]);
  });

  it('starts nothing when a reference cannot be resolved, naming the variable', { timeout: 60_000 }, async () => {
    const { project, env } = await setUp();
    const marker = path.join(project, 'started');
    const touch = [process.execPath, '-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`];
    fs.writeFileSync(path.join(project, 'bad.json'), JSON.stringify({ env: { GHOST_KEY: 'vault:call2me/sandbox/ghost' } }));
    const unknown = await keyhole(['run', '--manifest', 'bad.json', '--', ...touch], env, project).done;
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('keyhole: GHOST_KEY (vault:call2me/sandbox/ghost): no credential named ghost in Call2Me Sandbox. Nothing was started.');
    const noEnv = await keyhole(['run', '--', ...touch], env, project).done;
    expect(noEnv.stderr).toContain('CALL2ME_API_KEY (vault:call2me/<--env>/svc-main): the reference names no environment');
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('names every reference that cannot be resolved at once; an unknown provider is named as such', { timeout: 60_000 }, async () => {
    const { project, env } = await setUp();
    const marker = path.join(project, 'started');
    const touch = [process.execPath, '-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`];
    fs.writeFileSync(
      path.join(project, 'bad.json'),
      JSON.stringify({ env: { GHOST_KEY: 'vault:call2me/sandbox/ghost', OTHER: 'vault:foo/bar', OK: 'vault:call2me/sandbox/svc-main' } }),
    );
    const run = await keyhole(['run', '--manifest', 'bad.json', '--', ...touch], env, project).done;
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('2 references cannot be resolved, so nothing was started:');
    expect(run.stderr).toContain('GHOST_KEY (vault:call2me/sandbox/ghost): no credential named ghost in Call2Me Sandbox');
    expect(run.stderr).toContain('OTHER (vault:foo/<--env>/bar): there is no provider "foo" (known: callaro, call2me)');
    expect(fs.existsSync(marker)).toBe(false);
  });

  it(
    'refuses a literal secret in keyhole.json (the fix named, the value never printed); plain:VALUE opts a variable in, and dry-run hides it',
    { timeout: 60_000 },
    async () => {
      const { project, env } = await setUp();
      const literal = 'sk_call2me_test_literalLiteral77';
      fs.writeFileSync(path.join(project, 'keyhole.json'), JSON.stringify({ env: { A: literal, REGION: 'eu-west-1' } }));
      const refused = await keyhole(['run', '--dry-run'], env, project).done;
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('A ((plain value)): the value is shaped like a secret');
      expect(refused.stderr).toContain('keyhole vault add');
      expect(`${refused.stdout}${refused.stderr}`).not.toContain(literal);
      fs.writeFileSync(path.join(project, 'keyhole.json'), JSON.stringify({ env: { A: `plain:${literal}`, REGION: 'eu-west-1' } }));
      const dry = await keyhole(['run', '--dry-run'], env, project).done;
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stdout).toContain('(plain value shaped like a secret: not shown)');
      expect(dry.stdout).toContain('eu-west-1');
      expect(`${dry.stdout}${dry.stderr}`).not.toContain(literal);
    },
  );

  it('passes SIGTERM on to the command and returns its exit code', { timeout: 60_000 }, async () => {
    const { project, env } = await setUp();
    const run = keyhole(
      ['run', '--env', 'sandbox', '--', process.execPath, '-e', "process.on('SIGTERM',()=>process.exit(42));console.log('ready');setInterval(()=>{},1000)"],
      env,
      project,
    );
    for (let i = 0; i < 200 && !run.output().includes('ready'); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    run.child.kill('SIGTERM');
    expect((await run.done).code).toBe(42);
  });

  it('--record routes the app through a recording proxy that is gone after exit, and sums up the findings', { timeout: 60_000 }, async () => {
    const { project, env } = await setUp();
    const script =
      "fetch(process.env.CALL2ME_BASE_URL+'/v1/agents',{method:'POST',headers:{Authorization:'Bearer '+process.env.CALL2ME_API_KEY}}).then(r=>console.log(r.status, process.env.CALL2ME_BASE_URL))";
    const { code, stdout, stderr } = await keyhole(['run', '--env', 'sandbox', '--record', '--', process.execPath, '-e', script], env, project).done;
    expect(code).toBe(0);
    const [status, base] = stdout.trim().split(' ');
    expect(status).toBe('403');
    expect(stderr).toContain('keyhole run: 1 request, 1 refused: SCOPE_MISSING write on POST /v1/agents (svc-main)');
    const port = Number(new URL(base!).port);
    const refused = await new Promise<boolean>((resolve) =>
      net
        .connect(port, '127.0.0.1')
        .once('connect', () => resolve(false))
        .once('error', () => resolve(true)),
    );
    expect(refused).toBe(true);
    const traffic = await runCli(['traffic', 'list', '--source', 'proxy', '--json'], env);
    const [recorded] = JSON.parse(traffic.stdout) as { credentialId: string | null; request: { headers: Record<string, string> } }[];
    expect(recorded!.credentialId).not.toBeNull();
    expect(traffic.stdout).not.toContain(SECRET);
  });

  it('resolves keyhole:// references in an existing .env file, in memory', { timeout: 60_000 }, async () => {
    const { project, env } = await setUp();
    fs.writeFileSync(path.join(project, '.env'), 'CALL2ME_API_KEY=keyhole://vault/call2me/sandbox/svc-main\nDEBUG=1\n');
    const { code, stdout } = await keyhole(
      [
        'run',
        '--env-file',
        '.env',
        '--',
        process.execPath,
        '-e',
        "console.log(require('crypto').createHash('sha256').update(process.env.CALL2ME_API_KEY).digest('hex'), process.env.DEBUG)",
      ],
      env,
      project,
    ).done;
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(`${sha(SECRET)} 1`);
    expect(fs.readFileSync(path.join(project, '.env'), 'utf8')).not.toContain(SECRET);
  });
});

describe.skipIf(skipWithoutKeychain)('rotation and manifests', () => {
  it(
    'lists manifests that point at the old key, repoints them by name, and the target ticks itself when keyhole run uses the new key',
    { timeout: 60_000 },
    async () => {
      const { openVault } = await import('../support/vault-harness');
      const { rotationManifests } = await import('../../electron/run/rotation-manifests');
      const { RunService } = await import('../../electron/run/run-service');
      const { readManifest } = await import('../../electron/run/run-manifest');
      const { services } = await openVault();
      await services.tryIt.seedDemo();
      const project = tempDir();
      const manifest = path.join(project, 'api', 'keyhole.json');
      fs.mkdirSync(path.dirname(manifest));
      fs.writeFileSync(
        manifest,
        JSON.stringify({ env: { CALL2ME_API_KEY: 'vault:call2me/sandbox/demo-call2me-write', OTHER: 'vault:call2me/sandbox/demo-call2me-read' } }),
      );
      fs.mkdirSync(path.join(project, 'node_modules', 'dep'), { recursive: true });
      fs.writeFileSync(path.join(project, 'node_modules', 'dep', 'keyhole.json'), JSON.stringify({ env: { X: 'vault:call2me/sandbox/demo-call2me-write' } }));

      const started = services.rotations.start({ credential: 'demo-call2me-write' });
      const minted = await services.rotations.mint(started.id);
      const fresh = services.vault.get(newKeyOf(minted)!);
      const uses = rotationManifests(services, started.id, project, true);
      expect(uses).toEqual([{ file: manifest, variables: ['CALL2ME_API_KEY'], repointed: true }]);
      expect(readManifest(manifest).get('CALL2ME_API_KEY')).toMatchObject({ name: fresh.name });
      expect(readManifest(manifest).get('OTHER')).toMatchObject({ name: 'demo-call2me-read' });
      expect(services.rotations.get(started.id).targets).toEqual([{ name: `manifest ${manifest}`, deployedAt: null, note: '' }]);

      const run = new RunService(services);
      const variables = await run.resolve(readManifest(manifest), undefined);
      expect((await run.run(variables, process.execPath, ['-e', 'process.exit(0)'], { record: false, source: manifest })).code).toBe(0);
      expect(services.rotations.get(started.id)).toMatchObject({ step: 'verify', targets: [{ name: `manifest ${manifest}`, deployedAt: expect.any(String) }] });
      const secret = (await services.vault.secretOf(fresh))!;
      expect(fs.readFileSync(manifest, 'utf8')).not.toContain(secret);

      // A reference still naming the old key, once it is revoked, names the key that replaced it.
      await services.vault.revoke(started.credentialId, 'rotated');
      const stale = path.join(project, 'stale.json');
      fs.writeFileSync(stale, JSON.stringify({ env: { KEY: 'vault:call2me/sandbox/demo-call2me-write' } }));
      await expect(run.resolve(readManifest(stale), undefined)).rejects.toThrow(
        `KEY (vault:call2me/sandbox/demo-call2me-write): demo-call2me-write was revoked; it was replaced by ${fresh.name}`,
      );
    },
  );
});
