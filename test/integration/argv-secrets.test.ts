import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEYHOLE_BIN } from '../support/run-cli';
import { tempDir } from '../support/temp-dir';

const SECRET = 'sk_call2me_live_neverInArgv0123456789';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhcmd2LXRlc3QiLCJleHAiOjE5MDAwMDAwMDB9.bmV2ZXJJbkFyZ3Y';

/**
 * Runs the real CLI, reads its command line from /proc while it runs (what `ps` shows every user),
 * then feeds standard input. Linux only: /proc is where ps reads from.
 */
async function runWatched(args: string[], stdin: string): Promise<{ code: number | null; stdout: string; cmdline: string }> {
  const child = spawn(process.execPath, [KEYHOLE_BIN, ...args], { env: { ...process.env, KEYHOLE_HOME: tempDir() }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const cmdline = fs.readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  child.stdin.end(stdin);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, cmdline };
}

describe.runIf(process.platform === 'linux')('secrets never in argv', () => {
  it('diagnose --curl - and --curl @FILE read the command with its key from stdin or a file', async () => {
    const curl = `curl https://api.call2me.app/v1/agents -H 'Authorization: Bearer ${SECRET}'`;
    const fromStdin = await runWatched(['diagnose', '--curl', '-', '--status', '401', '--json'], curl);
    const file = path.join(tempDir(), 'request.curl');
    fs.writeFileSync(file, curl);
    const fromFile = await runWatched(['diagnose', '--curl', `@${file}`, '--status', '401', '--json'], '');
    for (const run of [fromStdin, fromFile]) {
      expect(run.code).toBe(0);
      expect(run.cmdline).not.toContain(SECRET);
      expect(JSON.parse(run.stdout).entries[0].findings[0].code).toBe('KEY_INVALID');
      expect(run.stdout).not.toContain(SECRET);
    }
  });

  it('jwt inspect - and @FILE, with the HMAC secret from --secret-file', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'token'), JWT);
    fs.writeFileSync(path.join(dir, 'secret'), 'hmac-secret-not-in-argv');
    const viaStdin = await runWatched(['jwt', 'inspect', '-', '--json'], JWT);
    const viaFiles = await runWatched(['jwt', 'inspect', `@${path.join(dir, 'token')}`, '--secret-file', path.join(dir, 'secret'), '--json'], '');
    for (const run of [viaStdin, viaFiles]) {
      expect(run.code).toBe(0);
      expect(run.cmdline).not.toContain(JWT);
      expect(run.cmdline).not.toContain('hmac-secret-not-in-argv');
      expect(JSON.parse(run.stdout).payload.sub).toBe('argv-test');
    }
    expect(JSON.parse(viaFiles.stdout).signature.verified).toBe(false);
  });
});
