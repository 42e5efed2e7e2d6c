import { sandboxEnvironments } from '../support/sandbox-env';
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { skipWithoutKeychain } from '../support/keychain';
import { filesContaining, openVault } from '../support/vault-harness';
import { runCli } from '../support/run-cli';
import { harSchemaErrors } from '../support/har-schema';
import type { SentExchange } from '../../shared/exchange/exchange';
import { createDispatch } from '../../electron/ipc/dispatch';
import { createHandlers } from '../../electron/ipc/handlers';
import { createApplication } from '../../electron/application/keyhole-application';
import { silentLogger } from '../../electron/platform/logger';

const servers: http.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** An upstream that echoes what it got, streams large bodies, or answers any status asked for. */
async function upstream(): Promise<string> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    if (url.pathname.endsWith('/big')) {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      for (let i = 0; i < 64; i++) res.write(Buffer.alloc(64 * 1024, i));
      return res.end();
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      res.writeHead(Number(url.searchParams.get('status') ?? 200), { 'Content-Type': 'application/json', 'X-Upstream': 'yes' });
      res.end(
        JSON.stringify({
          method: req.method,
          path: url.pathname,
          auth: req.headers.authorization ?? null,
          bodySha: createHash('sha256').update(body).digest('hex'),
          bodyBytes: body.length,
        }),
      );
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The spec's smallest valid CreateAgentRequest (Call2Me's OpenAPI document). */
const AGENT_BODY = JSON.stringify({
  agent_name: 'front desk',
  voice_id: 'elevenlabs-CFzl8WvPQ92EKMBs2hpS',
  response_engine: { type: 'call2me-llm', system_prompt: '' },
});

describe.skipIf(skipWithoutKeychain)('recording proxy', () => {
  it('forwards methods, statuses and bodies unchanged, streams large bodies, and records each exchange redacted', async () => {
    const harness = await openVault();
    const { services } = harness;
    const base = await upstream();
    await services.catalog.setEnvironmentUrl('call2me', 'staging', `${base}/api`);
    const secret = 'sk_call2me_test_proxiedSecret01';
    const { credential } = await services.vault.add({
      name: 'svc',
      providerId: 'call2me',
      environmentId: 'staging',
      kind: 'api_key',
      scopes: ['write'],
      boundId: 'acme',
      secret,
    });
    const proxy = await services.proxies.start('call2me', 'staging');

    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
      const body = method === 'GET' || method === 'DELETE' ? undefined : JSON.stringify({ m: method, pad: 'x'.repeat(40_000) });
      const res = await fetch(`${proxy.listen}/v1/agents?status=${method === 'DELETE' ? 404 : 200}`, {
        method,
        headers: { Authorization: `Bearer ${secret}` },
        body,
      });
      const echoed = (await res.json()) as { method: string; path: string; auth: string; bodySha: string; bodyBytes: number };
      expect(res.status).toBe(method === 'DELETE' ? 404 : 200);
      expect(res.headers.get('x-upstream')).toBe('yes');
      expect(echoed).toMatchObject({ method, path: '/api/v1/agents', auth: `Bearer ${secret}` });
      expect(echoed.bodySha).toBe(
        createHash('sha256')
          .update(body ?? '')
          .digest('hex'),
      );
    }
    const big = await fetch(`${proxy.listen}/big`);
    expect((await big.arrayBuffer()).byteLength).toBe(64 * 64 * 1024);

    await services.proxies.recorder.drained();
    const recorded = services.history.query({ source: 'proxy', limit: 100 });
    expect(recorded).toHaveLength(6);
    expect(recorded.every((e) => e.credentialId === credential.id || e.path === '/big')).toBe(true);
    const post = recorded.find((e) => e.request.method === 'POST')!;
    expect(post.request.headers.authorization).toBe(`Bearer <svc · ${credential.fingerprint}>`);
    expect(post.request.body!.length).toBeLessThan(20_000);
    // Cut at the capture limit: the column holds the size as sent, the body only the kept start.
    expect(post.cut).toEqual({ request: Buffer.byteLength(JSON.stringify({ m: 'POST', pad: 'x'.repeat(40_000) })), response: null });
    expect(post.request.body).toMatch(/^\{"m":"POST","pad":"x+$/);
    expect(recorded.find((e) => e.path === '/big')!.timings!.responseBytes).toBe(64 * 64 * 1024);

    expect(services.history.query({ status: '4xx', limit: 10 }).map((e) => e.request.method)).toEqual(['DELETE']);
    expect(services.history.query({ pathPrefix: '/v1/ag', limit: 10 })).toHaveLength(5);
    expect(services.history.query({ pathPrefix: '/v1/agentsX', limit: 10 })).toHaveLength(0);
    expect(services.history.query({ fingerprint: credential.fingerprint, limit: 10 })).toHaveLength(5);

    // Both ways a body can come: a small one of known length is sent upstream whole, a chunked or large one streams; each arrives intact.
    for (const [size, chunked] of [
      [60_000, false],
      [70_000, true],
      [200_000, false],
    ] as const) {
      const text = 'b'.repeat(size);
      const body = chunked
        ? new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode(text));
              controller.close();
            },
          })
        : text;
      const res = await fetch(`${proxy.listen}/v1/agents?status=200`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${secret}` },
        body,
        duplex: 'half',
      } as RequestInit);
      const echoed = (await res.json()) as { bodySha: string; bodyBytes: number };
      expect(echoed.bodySha).toBe(createHash('sha256').update(text).digest('hex'));
    }

    await services.close();
    expect(filesContaining(harness.dataDir, [secret])).toEqual([]);
  });

  it('matches unknown keys by fingerprint, diagnoses, and turns a dead upstream into a clear 502 with a finding', async () => {
    const { services } = await openVault();
    const sandbox = await sandboxEnvironments(services.catalog);
    const key = sandbox.state.mintKey({ provider: 'call2me', kind: 'api_key', name: 'r', scopes: ['read'], workspace: 'acme', tenant: null, partner: null });
    const proxy = await services.proxies.start('call2me', 'sandbox');
    const denied = await fetch(`${proxy.listen}/v1/agents`, { method: 'POST', headers: { Authorization: `Bearer ${key.secret}` }, body: '{}' });
    expect(denied.status).toBe(403);

    const dead = await upstream();
    servers.pop()!.close();
    await services.catalog.setEnvironmentUrl('callaro', 'staging', dead);
    const deadProxy = await services.proxies.start('callaro', 'staging');
    const bad = await fetch(`${deadProxy.listen}/v1/contacts`, { headers: { 'X-Api-Key': 'clr_tk_test_abcdefgh12' } });
    expect(bad.status).toBe(502);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('upstream_unreachable');

    await services.proxies.recorder.drained();
    const [upstreamDown, scope] = services.history.query({ source: 'proxy', limit: 10 });
    expect(scope!.credentialId).toBeNull();
    expect(scope!.request.headers.authorization).toMatch(/^Bearer <unknown key · [0-9a-f]{12}>$/);
    expect(scope!.findings[0]).toMatchObject({ code: 'SCOPE_MISSING', requiredScope: 'write' });
    expect(upstreamDown!.findings[0]).toMatchObject({ code: 'UPSTREAM_UNREACHABLE' });
    expect(JSON.stringify(upstreamDown)).not.toContain('clr_tk_test_abcdefgh12');
  });

  it('records every request of a bounded concurrent load (zero loss)', async () => {
    const { services } = await openVault();
    const base = await upstream();
    await services.catalog.setEnvironmentUrl('call2me', 'staging', base);
    const proxy = await services.proxies.start('call2me', 'staging');
    const total = 2000;
    let next = 0;
    const worker = async () => {
      while (next < total) {
        next++;
        const res = await fetch(`${proxy.listen}/v1/calls`, { headers: { Authorization: 'Bearer sk_call2me_test_loadloadload' } });
        await res.arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: 20 }, worker));
    await services.proxies.recorder.drained();
    expect(services.proxies.recorder.stats()).toMatchObject({ written: total, dropped: 0, queued: 0 });
    expect(services.history.count()).toBe(total);
  });
});

describe.skipIf(skipWithoutKeychain)('keyhole proxy and traffic list', () => {
  it('prints where it listens, records, and lists with filters', async () => {
    const { dataDir } = await openVault();
    const env = { ...process.env, KEYHOLE_HOME: dataDir };
    const base = await upstream();
    expect((await runCli(['env', 'set-url', '--provider', 'call2me', '--env', 'staging', base], env)).code).toBe(0);
    const { spawn } = await import('node:child_process');
    const { KEYHOLE_BIN } = await import('../support/run-cli');
    const child = spawn(process.execPath, [KEYHOLE_BIN, 'proxy', '--provider', 'call2me', '--env', 'staging', '--json'], { env });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.once('data', (c: Buffer) => resolve(c.toString().split('\n')[0]!));
        child.once('exit', (code) => reject(new Error(`proxy exited ${code}`)));
      });
      const { listen, upstream: up } = JSON.parse(line) as { listen: string; upstream: string };
      expect(up).toBe(base);
      await (await fetch(`${listen}/v1/agents?status=403`)).text();
      await (await fetch(`${listen}/v1/calls`)).text();
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    const listed = await runCli(['traffic', 'list', '--status', '4xx', '--json'], env);
    expect((JSON.parse(listed.stdout) as { path: string }[]).map((e) => e.path)).toEqual(['/v1/agents']);
    const bad = await runCli(['traffic', 'list', '--status', 'teapot'], env);
    expect(bad.stderr).toMatch(/status: use a status like 403 or a class like 4xx/);
  });
});

describe.skipIf(skipWithoutKeychain)('HAR round trip and the advisor', () => {
  it('exports traffic as HAR, imports HAR into history with diagnosis, and advises narrower scopes', async () => {
    const { dataDir, services } = await openVault();
    const env = { ...process.env, KEYHOLE_HOME: dataDir };
    const sandbox = await sandboxEnvironments(services.catalog);
    const key = sandbox.state.mintKey({ provider: 'call2me', kind: 'api_key', name: 'a', scopes: ['admin'], workspace: 'acme', tenant: null, partner: null });
    await services.vault.add({
      name: 'too-wide',
      providerId: 'call2me',
      environmentId: 'sandbox',
      kind: 'api_key',
      scopes: ['admin'],
      boundId: 'acme',
      secret: key.secret,
    });
    for (const path of ['/v1/agents', '/v1/calls', '/v1/agents']) await services.send.send({ credential: 'too-wide', method: 'GET', path });
    await services.send.send({ credential: 'too-wide', method: 'POST', path: '/v1/agents', body: AGENT_BODY });
    await services.close();

    const advice = JSON.parse((await runCli(['advise', '--credential', 'too-wide', '--json'], env)).stdout);
    expect(advice).toMatchObject({
      held: ['admin'],
      minimal: ['write'],
      unused: ['admin'],
      flagged: [{ scope: 'admin', why: 'admin' }],
      requestsConsidered: 4,
    });

    const har = `${dataDir}/traffic.har`;
    expect((await runCli(['traffic', 'export', '--har', har, '--credential', 'too-wide'], env)).stdout).toBe(`Wrote 4 entries to ${har}.\n`);
    const text = (await import('node:fs')).readFileSync(har, 'utf8');
    expect(text).not.toContain(key.secret);
    expect(harSchemaErrors(JSON.parse(text))).toEqual([]);
    const imported = await runCli(['traffic', 'import', har, '--json'], env);
    expect(JSON.parse(imported.stdout)).toEqual({ imported: 4, withFindings: 0 });
    const listed = JSON.parse((await runCli(['traffic', 'list', '--source', 'import', '--json'], env)).stdout) as {
      path: string;
      request: { headers: Record<string, string> };
    }[];
    // Paths relative to the API's base, like recorded traffic (the sandbox's /call2me prefix is the base).
    expect(listed.map((e) => e.path).sort()).toEqual(['/v1/agents', '/v1/agents', '/v1/agents', '/v1/calls']);
    expect(JSON.stringify(listed)).not.toContain(key.secret);
  });
});

describe.skipIf(skipWithoutKeychain)('history retention', () => {
  it('prunes by age and by row count, keeping the newest, at start-up and on demand', async () => {
    const harness = await openVault();
    const history = harness.services.history;
    const now = new Date();
    const daysAgo = (days: number, second = 0) => new Date(now.getTime() - days * 86_400_000 + second * 1000).toISOString();
    const record = (at: string, path: string) => ({
      at,
      path,
      source: 'import' as const,
      credentialId: null,
      fingerprint: null,
      providerId: 'call2me',
      environmentId: 'sandbox',
      request: { method: 'GET', url: `https://x${path}`, headers: {}, body: null },
      response: null,
      timings: null,
      findings: [],
      error: null,
    });
    history.insertMany([record(daysAgo(200), '/old'), ...Array.from({ length: 1500 }, (_, i) => record(daysAgo(1, i), `/recent/${i}`))]);
    expect(history.prune({ maxRows: null, maxAgeDays: 90 }, now)).toBe(1);
    expect(history.prune({ maxRows: 1000, maxAgeDays: null }, now)).toBe(500);
    expect(history.count()).toBe(1000);
    expect(history.query({ limit: 1 })[0]!.path).toBe('/recent/1499');
    expect(history.query({ pathPrefix: '/recent/499', limit: 5 })).toHaveLength(0);

    // Start-up applies the default retention (90 days, a million rows): nothing here is due.
    await harness.services.close();
    const env = { ...process.env, KEYHOLE_HOME: harness.dataDir };
    const pruned = JSON.parse((await runCli(['traffic', 'prune', '--max-rows', '1000', '--max-age-days', '0', '--json'], env)).stdout);
    expect(pruned).toEqual({ retention: { maxRows: 1000, maxAgeDays: null }, removed: 0, remaining: 1000 });
  });
});

describe.skipIf(skipWithoutKeychain)('replay', () => {
  it('resends a recorded exchange as another vault key, and refuses what only exists redacted', async () => {
    const { services } = await openVault();
    const dispatch = createDispatch(createHandlers(createApplication(services)), silentLogger);
    const sandbox = await sandboxEnvironments(services.catalog);
    const mint = (name: string, scopes: string[]) =>
      sandbox.state.mintKey({ provider: 'call2me', kind: 'api_key', name, scopes, workspace: 'acme', tenant: null, partner: null });
    const reader = mint('reader', ['read']);
    const writer = mint('writer', ['write']);
    await services.vault.add({
      name: 'reader',
      providerId: 'call2me',
      environmentId: 'sandbox',
      kind: 'api_key',
      scopes: ['read'],
      boundId: 'acme',
      secret: reader.secret,
    });
    await services.vault.add({
      name: 'writer',
      providerId: 'call2me',
      environmentId: 'sandbox',
      kind: 'api_key',
      scopes: ['write'],
      boundId: 'acme',
      secret: writer.secret,
    });
    const proxy = await services.proxies.start('call2me', 'sandbox');
    const denied = await fetch(`${proxy.listen}/v1/agents?page=1`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${reader.secret}`, 'Content-Type': 'application/json' },
      body: AGENT_BODY,
    });
    expect(denied.status).toBe(403);
    await services.proxies.recorder.drained();
    const [recorded] = services.history.query({ source: 'proxy', limit: 1 });

    const reply = await dispatch('history:replay', { id: recorded!.id, credential: 'writer' });
    if (!reply.ok) throw new Error(reply.error.message);
    const replayed = reply as { value: SentExchange };
    expect(replayed.value.response!.status).toBe(201);
    expect(replayed.value.request.url).toMatch(/\/v1\/agents\?page=1$/);
    expect(Object.entries(replayed.value.request.headers).find(([name]) => name.toLowerCase() === 'authorization')?.[1]).toMatch(
      /^Bearer <writer · [0-9a-f]{12}>$/,
    );
    expect(JSON.parse(replayed.value.response!.body)).toMatchObject({ agent_name: 'front desk' });

    // A secret in the body was recorded redacted: replaying it would send the placeholder.
    await fetch(`${proxy.listen}/v1/agents`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${reader.secret}` },
      body: JSON.stringify({ copyOf: reader.secret }),
    });
    await services.proxies.recorder.drained();
    const [leaky] = services.history.query({ source: 'proxy', limit: 1 });
    const refused = await dispatch('history:replay', { id: leaky!.id, credential: 'writer' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('body carried a secret in field copyOf') } });

    await services.vault.add({
      name: 'callaro-key',
      providerId: 'callaro',
      environmentId: 'sandbox',
      kind: 'tenant_api_key',
      scopes: ['contacts:read'],
      boundId: 't1',
      secret: 'clr_tk_test_replayreplay12',
    });
    const wrongProvider = await dispatch('history:replay', { id: recorded!.id, credential: 'callaro-key' });
    expect(wrongProvider).toMatchObject({ ok: false, error: { message: expect.stringContaining('recorded against Call2Me') } });
  });
});
