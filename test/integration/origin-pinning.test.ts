import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../electron/platform/logger';
import { createDispatch } from '../../electron/ipc/dispatch';
import { createHandlers } from '../../electron/ipc/handlers';
import { createApplication } from '../../electron/application/keyhole-application';
import { skipWithoutKeychain } from '../support/keychain';
import { openVault } from '../support/vault-harness';

const LIVE_KEY = 'sk_call2me_live_productionKeyPinned42';
const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** An attacker's listener: it records every Authorization header that reaches it. */
async function listener(): Promise<{ url: string; received: string[] }> {
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    received.push(req.headers.authorization ?? '(none)');
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"data":[]}');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

describe.skipIf(skipWithoutKeychain)('a key only goes where it belongs', () => {
  it('the page cannot send a production key to a listener it set up, without the code printed in the terminal', async () => {
    const harness = await openVault({ shell: 'web' });
    const { services } = harness;
    const rpc = createDispatch(createHandlers(createApplication(services)), silentLogger);
    await services.vault.add({
      name: 'prod',
      providerId: 'call2me',
      environmentId: 'production',
      kind: 'api_key',
      scopes: ['read'],
      boundId: 'acme',
      secret: LIVE_KEY,
    });
    const evil = await listener();

    // Attempt 1: a new environment pointing at the listener.
    expect(await rpc('environments:add', { providerId: 'call2me', environment: { id: 'evil', label: 'evil', baseUrl: evil.url, live: true } })).toMatchObject({
      ok: true,
    });
    const refused = await rpc('send:execute', { credential: 'prod', environmentId: 'evil', method: 'GET', path: '/v1/agents' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('has never been sent to') } });
    // Attempt 2: the key's own environment re-pointed at the listener.
    expect(await rpc('environments:set-url', { providerId: 'call2me', environmentId: 'production', baseUrl: evil.url })).toMatchObject({ ok: true });
    expect(await rpc('send:execute', { credential: 'prod', method: 'GET', path: '/v1/agents' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(evil.received).toEqual([]);
    expect(services.history.count()).toBe(0);

    // The page cannot guess its way through; the user, who sees the terminal, can.
    expect(await rpc('origins:confirm', { credential: 'prod', origin: new URL(evil.url).origin, code: '0000000000' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const announced = harness.logs.filter((line) => line.includes('CONFIRM:')).at(-1)!;
    expect(announced).toContain(`send prod to ${new URL(evil.url).origin}`);
    const code = /enter (\d{10}) in the page/.exec(announced)![1]!;
    expect(await rpc('origins:confirm', { credential: 'prod', origin: new URL(evil.url).origin, code })).toMatchObject({
      ok: true,
      value: { origins: ['https://api.call2me.app', new URL(evil.url).origin] },
    });
    expect(await rpc('origins:confirm', { credential: 'prod', origin: new URL(evil.url).origin, code })).toMatchObject({ ok: false });
    expect(await rpc('send:execute', { credential: 'prod', method: 'GET', path: '/v1/agents' })).toMatchObject({ ok: true });
    expect(evil.received).toHaveLength(1);

    const audit = services.audit.list({ limit: 50 });
    expect(audit.find((e) => e.action === 'origin-pin')).toMatchObject({ credentialName: 'prod', detail: expect.stringContaining(new URL(evil.url).origin) });
    expect(audit.find((e) => e.action === 'environment-change' && e.detail?.includes('production'))!.detail).toContain(
      `from https://api.call2me.app to ${evil.url}`,
    );
  });

  it('a refresh token is not sent to a re-pointed environment either', async () => {
    const harness = await openVault({ shell: 'web' });
    const { services } = harness;
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJlc2lnbmF0dXJl';
    const { credential } = await services.vault.add({ name: 'session', providerId: 'call2me', environmentId: 'production', kind: 'jwt', secret: jwt });
    await services.vault.setCompanion(credential.id, 'refresh', 'rt_refresh_token_value_1234');
    const evil = await listener();
    await services.catalog.setEnvironmentUrl('call2me', 'production', evil.url);
    await expect(services.sessions.refresh(credential)).rejects.toThrow(/has never been sent to/);
    expect(evil.received).toEqual([]);
  });

  it('pins a key to its environment when added, and the CLI (the user at a terminal) allows and pins', async () => {
    const harness = await openVault({ shell: 'cli' });
    const { services } = harness;
    const gateway = await listener();
    await services.vault.add({
      name: 'prod',
      providerId: 'call2me',
      environmentId: 'production',
      kind: 'api_key',
      scopes: ['read'],
      boundId: 'acme',
      secret: LIVE_KEY,
    });
    expect(services.origins.origins(services.vault.get('prod'))).toEqual(['https://api.call2me.app']);
    await services.catalog.setEnvironmentUrl('call2me', 'production', gateway.url);
    expect((await services.send.send({ credential: 'prod', method: 'GET', path: '/v1/agents' })).response!.status).toBe(200);
    expect(services.origins.origins(services.vault.get('prod'))).toContain(new URL(gateway.url).origin);
  });
});
