import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { toHistoryRecord, type CapturedExchange } from '../../electron/proxy/captured-exchange';
import { startRecordingProxy } from '../../electron/proxy/recording-proxy';
import { ExchangePipeline } from '../../electron/redaction/exchange-pipeline';
import { startSandbox } from '../../sandbox/index';
import { builtinProviders } from '../../shared/providers/builtin-providers';
import { auditToCsv } from '../../shared/vault/audit';
import { CredentialFields } from '../../shared/vault/credential';
import { parseEnvFile } from '../../electron/vault/env-file';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** An upstream that echoes the headers it got, never answers on /hang, and hangs up mid-answer on /cut. */
async function upstream(): Promise<string> {
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    if (req.url?.includes('/hang')) return;
    if (req.url?.includes('/cut')) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
      res.write('{"data": [');
      setTimeout(() => res.socket?.destroy(), 50);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ path: req.url, headers: req.headers }));
  });
  server.on('connection', (socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function proxy(options: { upstreamTimeoutMs?: number } = {}) {
  const recorded: CapturedExchange[] = [];
  const running = await startRecordingProxy({ key: 'call2me/staging', upstream: `${await upstream()}/base`, record: (c) => recorded.push(c), ...options });
  closers.push(() => running.close());
  return { ...running, recorded, port: Number(new URL(running.url).port) };
}

/** A request written by hand, so Host, the target form and the path are exactly what an attacker sends. */
function raw(port: number, text: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('end', () => {
      const [head = '', ...rest] = data.split('\r\n\r\n');
      let body = rest.join('\r\n\r\n');
      // A streamed answer arrives chunked: keep the chunks' data, drop their size lines.
      if (/transfer-encoding: chunked/i.test(head)) {
        let out = '';
        for (let at = 0; ;) {
          const eol = body.indexOf('\r\n', at);
          const size = parseInt(body.slice(at, eol), 16);
          if (!size) break;
          out += body.slice(eol + 2, eol + 2 + size);
          at = eol + 2 + size + 2;
        }
        body = out;
      }
      resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1]), body });
    });
    socket.on('error', reject);
  });
}

describe('the recording proxy refuses what it must not forward', () => {
  it('a foreign Host, an absolute-form target, and paths that leave the base path (plain or encoded)', async () => {
    const p = await proxy();
    expect((await raw(p.port, `GET /v1/agents HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n`)).status).toBe(403);
    expect((await raw(p.port, `GET http://169.254.169.254/latest HTTP/1.1\r\nHost: 127.0.0.1:${p.port}\r\nConnection: close\r\n\r\n`)).status).toBe(400);
    // What a gateway may decode further: matrix parameters (..;) and double or triple encoding.
    for (const path of [
      '/../admin',
      '/v1/%2e%2e/%2E%2E/admin',
      '/v1/..%2fadmin',
      '/v1/./agents',
      '/v1/..;/admin',
      '/v1/..;jsessionid=x/admin',
      '/v1/%252e%252e/admin',
      '/v1/%25252e%25252e/admin',
      '/v1/%252fadmin',
      '/v1/.%2e/admin',
    ]) {
      const reply = await raw(p.port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${p.port}\r\nConnection: close\r\n\r\n`);
      expect(reply.status, path).toBe(400);
      expect(reply.body).toContain('path_outside_base');
    }
    const fine = await raw(p.port, `GET /v1/agents HTTP/1.1\r\nHost: localhost:${p.port}\r\nConnection: close\r\n\r\n`);
    expect(fine.status).toBe(200);
    expect(JSON.parse(fine.body).path).toBe('/base/v1/agents');
  });

  it('strips headers the client names in Connection, with the hop-by-hop ones', async () => {
    const p = await proxy();
    const reply = await raw(
      p.port,
      `GET /v1/agents HTTP/1.1\r\nHost: 127.0.0.1:${p.port}\r\nConnection: close, X-Hop-Secret\r\nX-Hop-Secret: internal\r\nX-Kept: yes\r\n\r\n`,
    );
    const seen = JSON.parse(reply.body).headers as Record<string, string>;
    expect(seen['x-kept']).toBe('yes');
    expect(seen['x-hop-secret']).toBeUndefined();
  });

  it('forwards a body sent with Expect: 100-continue (answered here, never forwarded) and a chunked body', async () => {
    const p = await proxy();
    const body = '{"name":"front desk"}';
    const expecting = await raw(
      p.port,
      `POST /v1/agents HTTP/1.1\r\nHost: 127.0.0.1:${p.port}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n${body}`,
    );
    // Node's server answers the 100 itself; the final answer follows it.
    expect(expecting.status).toBe(100);
    expect(expecting.body).toMatch(/^HTTP\/1\.1 200 OK/);
    // (The body is still in its chunk framing here: one chunk, so the JSON is whole between its braces.)
    const echoed = JSON.parse(expecting.body.slice(expecting.body.indexOf('{'), expecting.body.lastIndexOf('}') + 1)) as { headers: object };
    expect(echoed.headers).not.toHaveProperty('expect');
    const chunked = await raw(
      p.port,
      `POST /v1/agents HTTP/1.1\r\nHost: 127.0.0.1:${p.port}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n`,
    );
    expect(chunked.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(p.recorded.map((c) => Buffer.from(c.requestBody ?? []).toString())).toEqual([body, 'hello']);
  });

  it('answers 504 when the upstream is silent, and records it with a finding', async () => {
    const p = await proxy({ upstreamTimeoutMs: 300 });
    const started = Date.now();
    const res = await fetch(`${p.url}/hang`);
    expect(res.status).toBe(504);
    expect(Date.now() - started).toBeLessThan(5_000);
    const [captured] = p.recorded;
    expect(captured).toMatchObject({ failure: 'timeout' });
    const call2me = builtinProviders.find((x) => x.id === 'call2me')!;
    const record = toHistoryRecord(
      captured!,
      { profile: call2me, environment: call2me.environments[1]!, identify: () => undefined },
      new ExchangePipeline(
        () => builtinProviders,
        () => '0123456789ab',
      ),
    );
    expect(record.findings[0]).toMatchObject({ code: 'UPSTREAM_UNREACHABLE', title: expect.stringContaining('504'), retryable: true });
  });

  it('records an answer the upstream cut short, and the client sees it cut short too', async () => {
    const p = await proxy();
    const reply = await fetch(`${p.url}/cut`).then(
      (res) =>
        res.text().then(
          () => 'complete',
          () => 'cut',
        ),
      () => 'cut',
    );
    expect(reply).toBe('cut');
    for (let i = 0; i < 50 && p.recorded.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(p.recorded).toEqual([expect.objectContaining({ failure: 'upstream-closed', status: 200, responseBytes: 10 })]);
    expect(p.recorded[0]!.error).toBe('the upstream closed the connection before its answer was complete');
  });

  it('records an exchange the client cut short, so nothing is lost without a trace', async () => {
    const p = await proxy();
    const socket = net.connect(p.port, '127.0.0.1', () => socket.write(`GET /hang HTTP/1.1\r\nHost: 127.0.0.1:${p.port}\r\n\r\n`));
    await new Promise((resolve) => setTimeout(resolve, 150));
    socket.destroy();
    for (let i = 0; i < 50 && p.recorded.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(p.recorded).toEqual([expect.objectContaining({ failure: 'client-closed', status: null })]);
  });
});

describe('the sandbox control routes', () => {
  it('refuse cross-site text/plain posts, foreign Origins and foreign Hosts, and mint nothing', async () => {
    const sandbox = await startSandbox();
    closers.push(() => sandbox.close());
    const port = sandbox.port;
    const body = '{"provider":"call2me","kind":"api_key","scopes":["admin"]}';
    const post = (headers: string) =>
      raw(port, `POST /_sandbox/credentials HTTP/1.1\r\n${headers}Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
    expect((await post(`Host: 127.0.0.1:${port}\r\nContent-Type: text/plain\r\n`)).status).toBe(415);
    expect((await post(`Host: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nOrigin: https://evil.example\r\n`)).status).toBe(403);
    expect((await post(`Host: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nSec-Fetch-Site: cross-site\r\n`)).status).toBe(403);
    expect((await post(`Host: rebound.example:${port}\r\nContent-Type: application/json\r\n`)).status).toBe(403);
    expect(sandbox.state.keys.size).toBe(0);
    expect((await post(`Host: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n`)).status).toBe(201);
    expect(sandbox.state.keys.size).toBe(1);
  });
});

describe('text that reaches a terminal or a spreadsheet', () => {
  it('refuses ESC, CR/LF and bidi overrides in names, tenant ids and notes, naming the character', () => {
    for (const name of ['svc\u001b[2Jmain', 'svc\rmain', 'svc\u202Eniam', 'svc\u2066main']) {
      const parsed = CredentialFields.safeParse({ name, providerId: 'call2me', environmentId: 'sandbox', kind: 'api_key' });
      expect(parsed.success, JSON.stringify(name)).toBe(false);
      expect(parsed.error!.issues[0]!.message).toMatch(/character \d+ is U\+[0-9A-F]{4}, a control or bidirectional character/);
    }
    expect(
      CredentialFields.safeParse({ name: 'ok', providerId: 'call2me', environmentId: 'sandbox', kind: 'api_key', notes: 'line one\nline two' }).success,
    ).toBe(true);
    expect(CredentialFields.safeParse({ name: 'ok', providerId: 'call2me', environmentId: 'sandbox', kind: 'api_key', notes: 'x\u202Ey' }).success).toBe(false);
  });

  it('neutralises CSV cells that a spreadsheet would run as a formula', () => {
    const row = (detail: string) =>
      auditToCsv([
        { id: 1, at: '2026-12-01T00:00:00Z', actor: 'me', action: 'edit', credentialId: null, credentialName: null, fingerprint: null, detail },
      ]).split('\n')[1]!;
    for (const formula of ['=HYPERLINK("http://evil")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd']) {
      const cell = row(formula).split(',').slice(7).join(',');
      expect(cell.replace(/^"/, ''), JSON.stringify(formula)).toMatch(/^'/);
    }
    expect(row('plain text').endsWith(',plain text')).toBe(true);
  });

  it('refuses a .env value that "#" would cut short, unless the cut is confirmed, and never quotes the value', () => {
    const text = 'API_KEY=sk_call2me_live_abc#defghijkl\nOTHER="quoted#hash"\n';
    expect(() => parseEnvFile(text, 'x.env')).toThrow(
      /line 1: the value of API_KEY is not quoted and contains "#"; a .env reader keeps only its first \d+ of 29 characters/,
    );
    expect(() => parseEnvFile(text, 'x.env')).not.toThrow(/abc|defgh/);
    const entries = parseEnvFile('API_KEY=sk_call2me_live_abc #comment\n', 'x.env', { allowInlineComments: true });
    expect(entries[0]).toMatchObject({ secret: 'sk_call2me_live_abc', cut: { kept: 19, written: 28 } });
  });
});
