import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli';
import { tempDir } from '../support/temp-dir';

const SECRET = 'sk_call2me_live_customerSecret42';

describe('keyhole diagnose', () => {
  it('explains a pasted curl with its response, and redacts the secret it contains', async () => {
    const env = { ...process.env, KEYHOLE_HOME: tempDir() };
    const curl = `curl -X POST 'https://api.call2me.app/v1/campaigns?key=${SECRET}' -H 'Authorization: Bearer ${SECRET}' --data '{"name":"spring"}'`;
    const run = await runCli(['diagnose', '--curl', curl, '--status', '403', '--json'], env);
    expect(run.code).toBe(0);
    const { entries } = JSON.parse(run.stdout);
    expect(entries).toHaveLength(1);
    expect(entries[0].findings[0]).toMatchObject({ code: 'SCOPE_MISSING', requiredScope: 'write' });
    expect(entries[0].request.headers.Authorization).toMatch(/^Bearer <redacted · [0-9a-f]{12}>$/);
    expect(run.stdout).not.toContain(SECRET);
  });

  it('diagnoses every entry of a HAR file', async () => {
    const dir = tempDir();
    const har = path.join(dir, 'session.har');
    const entry = (url: string, headers: Record<string, string>, status: number, body: object, responseHeaders: Record<string, string> = {}) => ({
      request: { method: 'GET', url, headers: Object.entries(headers).map(([name, value]) => ({ name, value })) },
      response: { status, headers: Object.entries(responseHeaders).map(([name, value]) => ({ name, value })), content: { text: JSON.stringify(body) } },
    });
    fs.writeFileSync(
      har,
      JSON.stringify({
        log: {
          version: '1.2',
          entries: [
            entry(
              'https://api.call2me.app/v1/agents',
              { Authorization: `Bearer ${SECRET}` },
              429,
              { error: { code: 'rate_limited' } },
              { 'Retry-After': '30' },
            ),
            entry('https://api.call2me.app/v1/agents', {}, 401, { error: 'unauthorized' }),
            entry('https://api.call2me.app/v1/agents', { Authorization: `Bearer ${SECRET}` }, 200, { data: [] }),
          ],
        },
      }),
    );
    const run = await runCli(['diagnose', '--har', har, '--json'], { ...process.env, KEYHOLE_HOME: dir });
    const { entries } = JSON.parse(run.stdout) as { entries: { findings: { code: string; retryAfterSeconds?: number }[] }[] };
    expect(entries.map((e) => e.findings.map((f) => f.code))).toEqual([['RATE_LIMITED'], ['AUTH_MISSING'], []]);
    expect(entries[0]!.findings[0]!.retryAfterSeconds).toBe(30);
    expect(run.stdout).not.toContain(SECRET);
  });

  it('refuses malformed curl and HAR with what and where', async () => {
    const dir = tempDir();
    const env = { ...process.env, KEYHOLE_HOME: dir };
    const curl = await runCli(['diagnose', '--curl', "curl 'https://unterminated"], env);
    expect(curl.code).toBe(1);
    expect(curl.stderr).toMatch(/^keyhole: The curl command could not be read/);
    const har = path.join(dir, 'bad.har');
    fs.writeFileSync(
      har,
      JSON.stringify({ log: { entries: [{ request: { method: 'GET', url: 'not a url', headers: [] }, response: { status: 200, headers: [] } }] } }),
    );
    const badHar = await runCli(['diagnose', '--har', har], env);
    expect(badHar.stderr).toMatch(/is not a valid HAR file: log\.entries\.0\.request\.url/);
    const both = await runCli(['diagnose'], env);
    expect(both.stderr).toBe('keyhole: give exactly one of --curl or --har\n');
  });
});
