import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppEvent } from '../../shared/ipc/events';
import { tempDir } from '../support/temp-dir';
import { silentLogger } from '../../electron/platform/logger';
import { startWebHost } from '../../electron/web/web-host';
import { rawRequest, startTestWebHost } from '../support/web-host-harness';

function rpc(port: number, token: string | null, overrides: { headers?: Record<string, string>; body?: string; method?: string; channel?: string } = {}) {
  return rawRequest(port, {
    method: overrides.method ?? 'POST',
    path: `/rpc/${overrides.channel ?? 'app:status'}`,
    headers: {
      Host: `127.0.0.1:${port}`,
      'Content-Type': 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...overrides.headers,
    },
    body: overrides.body ?? '{}',
  });
}

describe('web shell RPC', () => {
  it('answers with the token and reports the data directory', async () => {
    const host = await startTestWebHost();
    const res = await rpc(host.port, host.token);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, value: { shell: 'web', dataDir: host.dataDir } });
  });

  it('accepts localhost:<port> as Host too', async () => {
    const host = await startTestWebHost();
    const res = await rpc(host.port, host.token, { headers: { Host: `localhost:${host.port}` } });
    expect(res.status).toBe(200);
  });

  it('refuses a request without a token with 401', async () => {
    const host = await startTestWebHost();
    const res = await rpc(host.port, null);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toContain('Bearer');
    expect(res.body).not.toContain(host.dataDir);
  });

  it('refuses a wrong token with 401, whatever its length', async () => {
    const host = await startTestWebHost();
    for (const wrong of ['nope', `${host.token}x`, host.token.slice(0, -1) + (host.token.endsWith('A') ? 'B' : 'A')]) {
      expect((await rpc(host.port, wrong)).status).toBe(401);
    }
    const basic = await rpc(host.port, null, { headers: { Authorization: `Basic ${host.token}` } });
    expect(basic.status).toBe(401);
  });

  it('refuses a foreign Host header with 403 (DNS rebinding), even with the token', async () => {
    const host = await startTestWebHost();
    for (const hostHeader of ['evil.example:80', `evil.example:${host.port}`, '127.0.0.1', `127.0.0.1:${host.port + 1}`]) {
      const res = await rpc(host.port, host.token, { headers: { Host: hostHeader } });
      expect(res.status, hostHeader).toBe(403);
    }
    const page = await rawRequest(host.port, { path: '/', headers: { Host: `rebind.example:${host.port}` } });
    expect(page.status).toBe(403);
  });

  it('refuses cross-origin requests with 403, even with the token', async () => {
    const host = await startTestWebHost();
    const foreign = await rpc(host.port, host.token, { headers: { Origin: 'http://evil.example' } });
    expect(foreign.status).toBe(403);
    const otherPort = await rpc(host.port, host.token, { headers: { Origin: `http://127.0.0.1:${host.port + 1}` } });
    expect(otherPort.status).toBe(403);
    const fetchMeta = await rpc(host.port, host.token, { headers: { 'Sec-Fetch-Site': 'cross-site' } });
    expect(fetchMeta.status).toBe(403);
    const preflight = await rpc(host.port, null, { method: 'OPTIONS', headers: { Origin: 'http://evil.example' } });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const sameOrigin = await rpc(host.port, host.token, { headers: { Origin: `http://127.0.0.1:${host.port}` } });
    expect(sameOrigin.status).toBe(200);
  });

  it('only binds to loopback', async () => {
    const host = await startTestWebHost();
    expect(new URL(host.url).hostname).toBe('127.0.0.1');
    for (const address of ['0.0.0.0', '::', '192.168.1.10', 'localhost']) {
      await expect(
        startWebHost({
          dispatch: async () => ({ ok: true, value: null }),
          events: { subscribe: () => () => undefined },
          rendererDir: '/nonexistent',
          logger: silentLogger,
          host: address,
        }),
      ).rejects.toThrow(/only binds to 127\.0\.0\.1/);
    }
  });

  it('rejects wrong methods, content types, bad JSON and oversized bodies clearly', async () => {
    const host = await startTestWebHost();
    expect((await rpc(host.port, host.token, { method: 'GET', body: '' })).status).toBe(405);
    expect((await rpc(host.port, host.token, { headers: { 'Content-Type': 'text/plain' } })).status).toBe(415);
    const badJson = await rpc(host.port, host.token, { body: '{"theme": ' });
    expect(badJson.status).toBe(400);
    expect(JSON.parse(badJson.body).error.message).toMatch(/not valid JSON/);
    const huge = await rpc(host.port, host.token, { body: JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.body).error.message).toMatch(/^That is more than app:status takes at once \(1\.0 MB as sent\)/);
  });

  it('takes each channel’s input up to the contract’s own limit: a HAR at the schema’s maximum reaches the importer', async () => {
    const host = await startTestWebHost();
    const entry = {
      startedDateTime: '2026-01-01T00:00:00.000Z',
      request: { method: 'GET', url: 'https://api.call2me.app/v1/agents', headers: [] },
      response: { status: 200, headers: [], content: { text: '' } },
    };
    // A 2.5 MB browser HAR (refused at the old 1 MiB transport limit) imports.
    const har = JSON.stringify({ log: { entries: [{ ...entry, response: { ...entry.response, content: { text: 'y'.repeat(2_500_000) } } }] } });
    const imported = await rpc(host.port, host.token, { channel: 'traffic:import-har', body: JSON.stringify({ text: har }) });
    expect(JSON.parse(imported.body)).toMatchObject({ ok: true, value: { imported: 1 } });
    // Exactly the schema's 50,000,000 characters: past the transport, the importer answers (not a 413).
    const atMax = await rpc(host.port, host.token, {
      channel: 'traffic:import-har',
      body: JSON.stringify({ text: `${har}${' '.repeat(50_000_000 - har.length)}` }),
    });
    expect(atMax.status).toBe(200);
    expect(JSON.parse(atMax.body)).toMatchObject({ ok: true, value: { imported: 1 } });
    // One character more is the schema's refusal, naming the field.
    const over = await rpc(host.port, host.token, { channel: 'traffic:import-har', body: JSON.stringify({ text: 'z'.repeat(50_000_001) }) });
    expect(JSON.parse(over.body)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/text/) } });
  });

  it('validates payloads against the contract and names the field', async () => {
    const host = await startTestWebHost();
    const res = await rpc(host.port, host.token, { channel: 'settings:update', body: '{"theme":"sepia"}' });
    const body = JSON.parse(res.body);
    expect(body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(body.error.message).toMatch(/theme/);
    const unknown = await rpc(host.port, host.token, { channel: 'vault:steal' });
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('persists through the RPC: settings survive a second call', async () => {
    const host = await startTestWebHost();
    await rpc(host.port, host.token, { channel: 'settings:update', body: '{"theme":"dark"}' });
    const res = await rpc(host.port, host.token, { channel: 'settings:get' });
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, value: { theme: 'dark' } });
  });
});

describe('web shell events', () => {
  it('streams what changed to a page holding the token, and refuses one without it or from another origin', async () => {
    const host = await startTestWebHost();
    const url = `${host.url}/events`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(url, { headers: { Authorization: `Bearer ${host.token}`, Origin: 'https://evil.example' } })).status).toBe(403);

    const controller = new AbortController();
    const response = await fetch(url, { headers: { Authorization: `Bearer ${host.token}` }, signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    // A change made through the RPC (Try it adds demo keys) arrives as an event on the stream.
    const seeded = fetch(`${host.url}/rpc/sandbox:seed-demo`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    let received = '';
    while (!received.includes('vault:changed')) received += (await reader.read()).value ?? '';
    expect(received).toMatch(/^: connected\n\ndata: \{"type":"vault:changed"\}\n\n/);
    expect((await (await seeded).json()) as { ok: boolean }).toMatchObject({ ok: true });
    controller.abort();
  });
});

describe('web shell events, hostile reader', () => {
  it('drops a page that stops reading instead of buffering events without end', async () => {
    const rendererDir = path.join(tempDir(), 'renderer');
    fs.mkdirSync(rendererDir, { recursive: true });
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Keyhole</title>');
    let listener: ((event: AppEvent) => void) | null = null;
    const host = await startWebHost({
      dispatch: async () => ({ ok: true, value: null }),
      events: {
        subscribe: (l) => {
          listener = l;
          return () => (listener = null);
        },
      },
      rendererDir,
      logger: silentLogger,
      token: 't'.repeat(43),
    });
    try {
      const socket = net.connect(host.port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(`GET /events HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nAuthorization: Bearer ${'t'.repeat(43)}\r\n\r\n`);
      socket.pause(); // never reads
      for (let i = 0; i < 100 && !listener; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      // Far more than the socket buffers hold: the host must give up on the reader, not grow without end.
      for (let i = 0; i < 200_000 && listener; i++) (listener as (event: AppEvent) => void)({ type: 'traffic:added', latestId: i });
      for (let i = 0; i < 200 && listener; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      socket.destroy();
      expect(listener).toBeNull();
    } finally {
      await host.close();
    }
  });
});

describe('web shell page', () => {
  it('serves the page with the CSP and hardening headers, no token needed', async () => {
    const host = await startTestWebHost();
    const res = await rawRequest(host.port, { path: '/', headers: { Host: `127.0.0.1:${host.port}` } });
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves assets with their type and never files outside the bundle', async () => {
    const host = await startTestWebHost();
    const asset = await rawRequest(host.port, { path: '/assets/app.js', headers: { Host: `127.0.0.1:${host.port}` } });
    expect(asset.headers['content-type']).toContain('text/javascript');
    for (const sneaky of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/../../keyhole.db']) {
      const res = await rawRequest(host.port, { path: sneaky, headers: { Host: `127.0.0.1:${host.port}` } });
      expect(res.body, sneaky).toBe('<!doctype html><title>Keyhole</title>');
    }
  });

  it('opens the browser with a one-time launch code, never the token, and trades the code once', async () => {
    const host = await startTestWebHost();
    const launch = new URL(host.launchUrl);
    const code = /^#code=([\w-]{22})$/.exec(launch.hash)?.[1];
    expect(code).toBeDefined();
    expect(host.launchUrl).not.toContain(host.token);
    expect(launch.search).toBe('');
    expect(host.token.length).toBeGreaterThanOrEqual(43);
    const trade = (body: string, contentType = 'application/json') =>
      rawRequest(host.port, { method: 'POST', path: '/session', headers: { Host: `127.0.0.1:${host.port}`, 'Content-Type': contentType }, body });
    expect((await trade('{"code":"wrong-code-wrong-code-wr"}')).status).toBe(401);
    expect((await trade(JSON.stringify({ code }), 'text/plain')).status).toBe(415);
    const traded = await trade(JSON.stringify({ code }));
    expect(traded.status).toBe(200);
    expect(JSON.parse(traded.body)).toEqual({ token: host.token });
    expect((await trade(JSON.stringify({ code }))).status).toBe(401);
  });

  it('answers a malformed percent-escape with 400, not a stack trace', async () => {
    const host = await startTestWebHost();
    for (const path of ['/%E0%A4%A', '/rpc/%ZZ']) {
      const res = await rawRequest(host.port, { path, headers: { Host: `127.0.0.1:${host.port}` } });
      expect(res.status, path).toBe(400);
      expect(res.body).not.toMatch(/at |Error/);
    }
  });
});
