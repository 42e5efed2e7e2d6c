import { execFile, spawn, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { webcrypto } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encodings } from '../../shared/redaction/redactor';
import { KeychainSecretStore } from '../../electron/keychain/keychain-secret-store';
import { keychainServiceFor } from '../../electron/platform/data-dir';
import { CA_ACCOUNT } from '../../electron/intercept/keyhole-ca';
import { skipWithoutKeychain } from '../support/keychain';
import { KEYHOLE_BIN, runCli } from '../support/run-cli';
import { standInCertificates, startStandIn } from '../support/standin-tls';
import { tempDir } from '../support/temp-dir';

const SECRET = 'sk_call2me_live_interceptedNeverOnDisk42';
const WRONG = 'sk_call2me_live_notAKeyTheVendorKnows99';
/** httpx, which Call2Me's Python SDK is built on: Debian's python3-httpx (CI installs it). */
const HTTPX = spawnSync('/usr/bin/python3', ['-c', 'import httpx'], { stdio: 'ignore' }).status === 0;
if (!HTTPX && process.env.CI === 'true') throw new Error('CI needs python3-httpx for the intercept tests (.ci/run installs it)');
/** Go's net/http (Call2Me's Go SDK): Debian's golang-go (CI installs it). */
const GO = spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
if (!GO && process.env.CI === 'true') throw new Error('CI needs golang-go for the intercept tests (.ci/run installs it)');
const HAS = (command: string) => fs.existsSync(`/usr/bin/${command}`) || process.env.PATH!.split(':').some((dir) => fs.existsSync(path.join(dir, command)));

/** The built CLI as a user runs it: its own process, its own argv. */
function keyhole(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [KEYHOLE_BIN, ...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every file at or under `place` whose bytes hold one of `needles`. */
function filesHolding(place: string, needles: Buffer[]): string[] {
  let files: string[];
  try {
    files = fs.statSync(place).isFile()
      ? [place]
      : fs
          .readdirSync(place, { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => path.join(e.parentPath, e.name));
  } catch {
    return [];
  }
  return files.filter((file) => {
    try {
      if (fs.statSync(file).size > 20_000_000) return false;
      const bytes = fs.readFileSync(file);
      return needles.some((needle) => bytes.includes(needle));
    } catch {
      // Gone or unreadable (another test's file): not ours.
      return false;
    }
  });
}

describe.skipIf(skipWithoutKeychain)('keyhole run --intercept', () => {
  let material: Awaited<ReturnType<typeof standInCertificates>>;
  beforeAll(async () => {
    // One certificate for the vendor's real name and for a host Keyhole has no business decrypting.
    material = await standInCertificates(['api.call2me.app', 'other.example.org']);
  });

  async function setUp() {
    const home = tempDir();
    const project = tempDir();
    const env: NodeJS.ProcessEnv = { ...process.env, KEYHOLE_HOME: home, REQUESTS_CA_BUNDLE: '/nonexistent/machine-wide-bundle.pem' };
    const vendor = await startStandIn(material, SECRET);
    afterEach(() => vendor.close());
    const caFile = path.join(project, 'stand-in-ca.pem');
    fs.writeFileSync(caFile, material.caPem);
    const added = await runCli(
      [
        'vault',
        'add',
        '--provider',
        'call2me',
        '--env',
        'production',
        '--kind',
        'api_key',
        '--name',
        'svc-live',
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
    return { home, project, env, vendor, caFile, connectTo: `api.call2me.app:443:127.0.0.1:${vendor.port}` };
  }

  it(
    'decrypts curl, Python (urllib, requests, httpx), Node (fetch, https) and Go to the vendor host unchanged, records them redacted and diagnosed, tunnels other hosts, and keeps the CA key off disk and argv',
    { timeout: 90_000 },
    async () => {
      const { home, project, env, vendor, caFile, connectTo } = await setUp();
      const startedAt = Date.now();
      const argvDump = path.join(project, 'argv.txt');
      fs.writeFileSync(
        path.join(project, 'client.py'),
        [
          'import os, urllib.request',
          "req = urllib.request.Request('https://api.call2me.app/v1/agents?limit=5', headers={'Authorization': 'Bearer ' + os.environ['KEY']})",
          "print('python', urllib.request.urlopen(req).status)",
          // requests, where installed: it reads REQUESTS_CA_BUNDLE, which the machine may set (this test sets a wrong one).
          'try:',
          '    import requests',
          "    print('requests', requests.get('https://api.call2me.app/v1/voices', headers={'Authorization': 'Bearer ' + os.environ['KEY']}).status_code)",
          'except ImportError:',
          "    print('requests 200 (not installed)')",
        ].join('\n'),
      );
      // The way Call2Me's Python SDK calls: one httpx.Client with a base URL and the Bearer header.
      fs.writeFileSync(
        path.join(project, 'sdk_httpx.py'),
        [
          'import os, httpx',
          "with httpx.Client(base_url='https://api.call2me.app', headers={'Authorization': 'Bearer ' + os.environ['KEY'], 'Content-Type': 'application/json'}) as c:",
          "    print('httpx', c.post('/v1/agents', json={'agent_name': 'desk'}).status_code)",
        ].join('\n'),
      );
      if (GO) {
        // Go's default client: HTTPS_PROXY with its password, SSL_CERT_FILE, and HTTP/2 offered (the proxy answers in HTTP/1.1).
        fs.mkdirSync(path.join(project, 'goclient'));
        fs.writeFileSync(path.join(project, 'goclient', 'go.mod'), 'module goclient\n\ngo 1.19\n');
        fs.writeFileSync(
          path.join(project, 'goclient', 'main.go'),
          [
            'package main',
            'import ("fmt"; "io"; "net/http"; "os")',
            'func main() {',
            '  req, _ := http.NewRequest("GET", "https://api.call2me.app/v1/campaigns", nil)',
            '  req.Header.Set("Authorization", "Bearer "+os.Getenv("KEY"))',
            '  res, err := http.DefaultClient.Do(req)',
            '  if err != nil { fmt.Println("go error", err); os.Exit(1) }',
            '  io.ReadAll(res.Body)',
            '  fmt.Println("go", res.StatusCode)',
            '}',
          ].join('\n'),
        );
        const built = spawnSync('go', ['build', '-o', 'goclient', '.'], {
          cwd: path.join(project, 'goclient'),
          env: { ...process.env, GOCACHE: path.join(project, 'gocache'), HOME: project, GOFLAGS: '-mod=mod' },
        });
        expect(built.status, built.stderr.toString()).toBe(0);
      }
      fs.writeFileSync(
        path.join(project, 'client.mjs'),
        [
          "import fs from 'node:fs';",
          // Every process's argv while the proxy runs: the CA key must be in none of them.
          "const all = fs.readdirSync('/proc').filter((p) => /^\\d+$/.test(p)).map((p) => { try { return fs.readFileSync(`/proc/${p}/cmdline`, 'latin1'); } catch { return ''; } });",
          `fs.writeFileSync(${JSON.stringify(argvDump)}, all.join('\\n'));`,
          // The run's CA bundle, while it exists: it must hold certificates only.
          `fs.copyFileSync(process.env.SSL_CERT_FILE, ${JSON.stringify(path.join(project, 'bundle-copy.pem'))});`,
          "const r = await fetch('https://api.call2me.app/v1/calls', { headers: { authorization: `Bearer ${process.env.KEY}` } });",
          "console.log('fetch', r.status);",
          "const https = await import('node:https');",
          "await new Promise((done) => https.get('https://api.call2me.app/v1/numbers', { headers: { authorization: `Bearer ${process.env.KEY}` } }, (m) => { console.log('https', m.statusCode); m.resume().on('end', done); }).on('error', (e) => { console.log('https', e.message); done(); }));",
        ].join('\n'),
      );
      const script = [
        `curl -sS -o /dev/null -w 'curl %{http_code}\\n' https://api.call2me.app/v1/phone-numbers -H "Authorization: Bearer ${WRONG}"`,
        HAS('python3') ? 'python3 client.py' : 'echo python skipped',
        `${JSON.stringify(process.execPath)} client.mjs`,
        HTTPX ? '/usr/bin/python3 sdk_httpx.py' : 'echo httpx skipped',
        GO ? './goclient/goclient' : 'echo go skipped',
        // Not a vendor host: tunnelled, so the stand-in's own CA verifies it (Keyhole's certificate would fail here) and it answers 401.
        `curl -sS -o /dev/null -w 'tunnel %{http_code}\\n' --cacert ${JSON.stringify(caFile)} https://other.example.org/v1/agents`,
      ].join(' && ');
      const run = await keyhole(
        [
          'run',
          '--intercept',
          '--connect-to',
          connectTo,
          '--connect-to',
          `other.example.org:443:127.0.0.1:${vendor.port}`,
          '--upstream-ca',
          caFile,
          '--',
          'sh',
          '-c',
          script,
        ],
        { ...env, KEY: SECRET },
        project,
      );
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('curl 401');
      if (HAS('python3')) expect(run.stdout).toContain('python 200');
      if (HAS('python3')) expect(run.stdout).toMatch(/requests 200/);
      expect(run.stdout).toContain('fetch 200');
      if (HTTPX) expect(run.stdout).toContain('httpx 200');
      if (GO) expect(run.stdout).toContain('go 200');
      expect(run.stdout).toContain('https 200');
      expect(run.stdout).toContain('tunnel 401');
      expect(run.stderr).toMatch(/keyhole run: \d requests, 1 refused: \S+ on GET \/v1\/phone-numbers \(unknown key\)/);
      // Keyhole's own output (stderr; stdout is the clients') names neither key in any encoding.
      expect([SECRET, WRONG].flatMap((secret) => encodings(secret)).filter((form) => run.stderr.includes(form))).toEqual([]);

      // Each client's request reached the vendor as sent: its path, its key, the vendor's Host.
      const vendorSeen = vendor.seen.filter((r) => r.host === 'api.call2me.app');
      expect(vendorSeen.map((r) => `${r.method} ${r.url} ${r.authorization}`)).toEqual(
        expect.arrayContaining([
          `GET /v1/phone-numbers Bearer ${WRONG}`,
          `GET /v1/calls Bearer ${SECRET}`,
          `GET /v1/numbers Bearer ${SECRET}`,
          ...(HAS('python3') ? [`GET /v1/agents?limit=5 Bearer ${SECRET}`] : []),
          ...(HTTPX ? [`POST /v1/agents Bearer ${SECRET}`] : []),
          ...(GO ? [`GET /v1/campaigns Bearer ${SECRET}`] : []),
        ]),
      );
      expect(vendor.seen.some((r) => r.host === 'other.example.org')).toBe(true);

      const rows = JSON.parse((await runCli(['traffic', 'list', '--json'], env)).stdout) as {
        source: string;
        method: string;
        path: string;
        status: number;
        credentialName: string | null;
        findingCodes: string[];
        environmentId: string;
      }[];
      // Recorded: the vendor's three, never the tunnelled host's.
      expect(rows.every((r) => r.source === 'intercept' && r.environmentId === 'production')).toBe(true);
      const seen = rows.map((r) => `${r.method} ${r.path}`);
      const expected = [
        'GET /v1/calls',
        'GET /v1/numbers',
        'GET /v1/phone-numbers',
        ...(HAS('python3') ? ['GET /v1/agents'] : []),
        ...(HTTPX ? ['POST /v1/agents'] : []),
        ...(GO ? ['GET /v1/campaigns'] : []),
      ];
      expect(seen).toEqual(expect.arrayContaining(expected));
      // requests, where installed, adds its own; nothing else (the tunnelled host least of all).
      expect(seen.filter((r) => !expected.includes(r))).toEqual(HAS('python3') && seen.includes('GET /v1/voices') ? ['GET /v1/voices'] : []);
      expect(rows.find((r) => r.path === '/v1/calls')).toMatchObject({ status: 200, credentialName: 'svc-live' });
      // Diagnosed: the refused one has a finding, and its key is unknown to the vault.
      expect(rows.find((r) => r.path === '/v1/phone-numbers')).toMatchObject({ status: 401, credentialName: null });
      expect(rows.find((r) => r.path === '/v1/phone-numbers')!.findingCodes.length).toBeGreaterThan(0);

      // Redacted: neither key, in any encoding, in any file Keyhole wrote.
      const keyForms = [SECRET, WRONG].flatMap((secret) => encodings(secret)).map((form) => Buffer.from(form));
      expect(filesHolding(home, keyForms)).toEqual([]);

      // The CA key: in the keychain, and nowhere else: not the data directory, temp files, or any argv.
      const stored = JSON.parse((await new KeychainSecretStore(keychainServiceFor(home)).get(CA_ACCOUNT))!) as { key: string };
      const der = Buffer.from(stored.key, 'base64');
      const privateKey = await webcrypto.subtle.importKey('pkcs8', der, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
      const d = (await webcrypto.subtle.exportKey('jwk', privateKey)).d!;
      const scalar = Buffer.from(d, 'base64url');
      const caForms = [
        der,
        scalar,
        Buffer.from(stored.key),
        Buffer.from(stored.key.slice(0, 64)),
        Buffer.from(der.toString('hex')),
        Buffer.from(scalar.toString('hex')),
        Buffer.from(d),
      ];
      expect(filesHolding(home, caForms)).toEqual([]);
      const tmp = os.tmpdir();
      const fresh = fs.readdirSync(tmp).filter((name) => fs.statSync(path.join(tmp, name), { throwIfNoEntry: false })!.mtimeMs >= startedAt - 1000);
      expect(fresh.flatMap((name) => filesHolding(path.join(tmp, name), caForms))).toEqual([]);
      expect(fs.readFileSync(argvDump, 'latin1').length).toBeGreaterThan(0);
      expect(fs.readFileSync(path.join(project, 'bundle-copy.pem'), 'utf8')).toContain('# Keyhole interception CA');
      expect(filesHolding(project, caForms)).toEqual([]);
      // The run's CA bundle (public certificates only) is gone with the run.
      expect(
        fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('keyhole-intercept-') && fs.statSync(path.join(os.tmpdir(), name)).mtimeMs >= startedAt),
      ).toEqual([]);
    },
  );

  it('refuses an upstream whose certificate the system does not trust, and records why', { timeout: 60_000 }, async () => {
    const { project, env, vendor, connectTo } = await setUp();
    // No --upstream-ca: the stand-in's CA is not trusted, as a stranger's certificate would not be.
    const run = await keyhole(
      ['run', '--intercept', '--connect-to', connectTo, '--', 'curl', '-sS', 'https://api.call2me.app/v1/agents', '-H', `Authorization: Bearer ${SECRET}`],
      env,
      project,
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'upstream_certificate_untrusted' } });
    expect(vendor.seen).toEqual([]);
    const rows = JSON.parse((await runCli(['traffic', 'list', '--json'], env)).stdout) as { id: number; status: number | null; findingCodes: string[] }[];
    expect(rows).toEqual([expect.objectContaining({ status: null, findingCodes: ['UPSTREAM_UNREACHABLE'] })]);
    const shown = await runCli(['traffic', 'show', String(rows[0]!.id)], env);
    expect(shown.stdout).toContain('is not trusted');
    expect(shown.stdout).not.toContain(SECRET);
  });

  it('keyhole intercept start serves other terminals until Ctrl+C; keyhole intercept ca prints the same CA', { timeout: 60_000 }, async () => {
    const { env, vendor, caFile, connectTo } = await setUp();
    const child = spawn(process.execPath, [KEYHOLE_BIN, 'intercept', 'start', '--connect-to', connectTo, '--upstream-ca', caFile, '--json'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const running = await new Promise<{ proxyUrl: string; bundleFile: string; caFingerprint: string; environment: Record<string, string> }>(
      (resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!));
        });
        child.once('exit', (code) => reject(new Error(`keyhole intercept start exited with ${code}`)));
      },
    );
    expect(running.proxyUrl).toMatch(/^http:\/\/keyhole:[\w-]+@127\.0\.0\.1:\d+$/);
    // Another terminal: curl with only the printed variables (not spawnSync: the stand-in answers from this process).
    const curl = await promisify(execFile)(
      'curl',
      ['-sS', '-o', '/dev/null', '-w', '%{http_code}', 'https://api.call2me.app/v1/agents', '-H', `Authorization: Bearer ${SECRET}`],
      {
        env: { ...process.env, ...running.environment },
      },
    );
    expect(curl.stdout).toBe('200');
    expect(fs.existsSync(running.bundleFile)).toBe(true);
    child.kill('SIGINT');
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(0);
    expect(fs.existsSync(running.bundleFile)).toBe(false);
    expect(vendor.seen.map((r) => r.url)).toEqual(['/v1/agents']);
    const rows = JSON.parse((await runCli(['traffic', 'list', '--source', 'intercept', '--json'], env)).stdout) as { credentialName: string }[];
    expect(rows).toEqual([expect.objectContaining({ credentialName: 'svc-live' })]);

    const ca = JSON.parse((await runCli(['intercept', 'ca', '--json'], env)).stdout) as { fingerprint: string; hosts: string[] };
    expect(ca.fingerprint).toBe(running.caFingerprint);
    expect(ca.hosts).toEqual(['api.call2me.app', 'api.callaro.ai']);
    const pem = (await runCli(['intercept', 'ca', '--pem'], env)).stdout;
    expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n$/);
    expect(pem).not.toMatch(/PRIVATE/);
  });

  it('says what is wrong with --connect-to and --upstream-ca, and starts nothing', { timeout: 60_000 }, async () => {
    const { project, env } = await setUp();
    const marker = path.join(project, 'started');
    const touch = [process.execPath, '-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`];
    const badSpec = await runCli(['run', '--intercept', '--connect-to', 'api.call2me.app:443', '--', ...touch], env);
    expect(badSpec.stderr).toContain('--connect-to "api.call2me.app:443" is not HOST1:PORT1:HOST2:PORT2');
    const keyFile = path.join(project, 'key.pem');
    fs.writeFileSync(keyFile, material.keyPem);
    const badCa = await runCli(['run', '--intercept', '--upstream-ca', keyFile, '--', ...touch], env);
    expect(badCa.stderr).toContain(`--upstream-ca ${keyFile}: no PEM certificate in it`);
    // Hostile files: huge, a directory, control characters in place of PEM.
    const huge = path.join(project, 'huge.pem');
    fs.writeFileSync(huge, Buffer.alloc(5 * 1024 * 1024, 'A'));
    expect((await runCli(['run', '--intercept', '--upstream-ca', huge, '--', ...touch], env)).stderr).toContain(
      `--upstream-ca ${huge}: 5 MB is too big for a file of CA certificates (4 MB at most)`,
    );
    expect((await runCli(['run', '--intercept', '--upstream-ca', project, '--', ...touch], env)).stderr).toContain(
      `--upstream-ca ${project}: cannot read it (EISDIR)`,
    );
    const control = path.join(project, 'control.pem');
    fs.writeFileSync(control, '-----BEGIN CERTIFICATE-----\u0000\u001b[31m\r\n');
    expect((await runCli(['run', '--intercept', '--upstream-ca', control, '--', ...touch], env)).stderr).toContain(
      `--upstream-ca ${control}: no PEM certificate in it`,
    );
    const alone = await runCli(['run', '--connect-to', 'a:1:b:2', '--', ...touch], env);
    expect(alone.stderr).toContain('--connect-to and --upstream-ca go with --intercept');
    expect(fs.existsSync(marker)).toBe(false);
  });
});
