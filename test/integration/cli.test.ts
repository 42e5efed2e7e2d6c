import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { KEYHOLE_BIN, runCli, spawnCli } from '../support/run-cli';
import { tempDir } from '../support/temp-dir';

const rendererBuilt = fs.existsSync(path.resolve(import.meta.dirname, '../../out/renderer/index.html'));

describe('keyhole CLI', () => {
  it('--version prints the package version', async () => {
    const run = await spawnCli(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(pkg.version);
  });

  it('--help lists the commands', async () => {
    const run = await spawnCli(['--help']);
    expect(run.code).toBe(0);
    for (const command of ['doctor', 'web', 'vault', 'env', 'providers', 'audit', 'sandbox']) expect(run.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
  });

  it('doctor --json reports data dir, database, Electron runtime and Node without creating the database', async () => {
    const home = tempDir();
    const run = await runCli(['doctor', '--json'], { ...process.env, KEYHOLE_HOME: home });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.dataDir).toBe(home);
    expect(report.database).toEqual({ state: 'missing', file: path.join(home, 'keyhole.db') });
    expect(typeof report.electron.present).toBe('boolean');
    if (!report.electron.present) expect(report.electron.reason).toMatch(/Electron/);
    expect(report.node).toBe(process.version);
    expect(fs.readdirSync(home)).toEqual([]);
  });

  it('doctor explains a database it cannot open', async () => {
    const home = tempDir();
    fs.writeFileSync(path.join(home, 'keyhole.db'), 'garbage'.repeat(100));
    const run = await runCli(['doctor'], { ...process.env, KEYHOLE_HOME: home });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/database: .*not a readable Keyhole database/);
  });

  it('rejects unknown commands and bad options with one clear line and a non-zero exit', async () => {
    const unknown = await spawnCli(['teleport']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/unknown command 'teleport'/);
    const badPort = await runCli(['web', '--port', 'eighty']);
    expect(badPort.code).not.toBe(0);
    expect(badPort.stderr).toMatch(/"eighty" is not a port number/);
  });

  it('sandbox --json prints both base URLs and serves until stopped', async () => {
    const child = spawn(process.execPath, [KEYHOLE_BIN, 'sandbox', '--json']);
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().split('\n')[0]!));
        child.once('exit', (code) => reject(new Error(`keyhole sandbox exited early with ${code}`)));
      });
      const urls = JSON.parse(line) as { callaro: { baseUrl: string }; call2me: { baseUrl: string } };
      expect(new URL(urls.callaro.baseUrl).hostname).toBe('127.0.0.1');
      const res = await fetch(`${urls.call2me.baseUrl}/v1/agents`);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });

  it.runIf(rendererBuilt || process.env.CI === 'true')('web --json --no-open prints the URL and token, and serves RPC until stopped', async () => {
    const home = tempDir();
    const child = spawn(process.execPath, [KEYHOLE_BIN, 'web', '--json', '--no-open', '--ephemeral-secrets'], {
      env: { ...process.env, KEYHOLE_HOME: home },
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().split('\n')[0]!));
        child.once('exit', (code) => reject(new Error(`keyhole web exited early with ${code}`)));
      });
      const { url, token } = JSON.parse(line) as { url: string; token: string };
      const launch = new URL(url);
      expect(launch.hostname).toBe('127.0.0.1');
      expect(launch.hash).toMatch(/^#code=[\w-]{22}$/);
      expect(url).not.toContain(token);
      const res = await fetch(`${launch.origin}/rpc/app:status`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: '{}',
      });
      expect(await res.json()).toMatchObject({ ok: true, value: { shell: 'web', secretsMode: 'memory', dataDir: home } });
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });

  it.runIf(rendererBuilt || process.env.CI === 'true')('web opens the browser on a private file, so the launch code is in no argv', async () => {
    const home = tempDir();
    const bin = tempDir();
    const argvFile = path.join(bin, 'argv');
    // A stand-in opener that records the argv it was given, as another local user could read it.
    fs.writeFileSync(path.join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$@" > ${JSON.stringify(argvFile)}\n`, { mode: 0o755 });
    const child = spawn(process.execPath, [KEYHOLE_BIN, 'web', '--json', '--ephemeral-secrets'], {
      env: { ...process.env, KEYHOLE_HOME: home, PATH: `${bin}:${process.env.PATH}` },
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().split('\n')[0]!));
        child.once('exit', (code) => reject(new Error(`keyhole web exited early with ${code}`)));
      });
      const code = /#code=([\w-]{22})/.exec((JSON.parse(line) as { url: string }).url)![1]!;
      for (let i = 0; i < 50 && !fs.existsSync(argvFile); i++) await new Promise((resolve) => setTimeout(resolve, 100));
      const argv = fs.readFileSync(argvFile, 'utf8').trim();
      expect(argv).not.toContain(code);
      const page = new URL(argv);
      expect(page.protocol).toBe('file:');
      expect(fs.statSync(page.pathname).mode & 0o777).toBe(0o600);
      expect(fs.readFileSync(page.pathname, 'utf8')).toContain(`#code=${code}`);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });
});
