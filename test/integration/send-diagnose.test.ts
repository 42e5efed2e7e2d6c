import { sandboxEnvironments } from '../support/sandbox-env';
import { silentLogger } from '../../electron/platform/logger';
import { createDispatch } from '../../electron/ipc/dispatch';
import { createHandlers } from '../../electron/ipc/handlers';
import { createApplication } from '../../electron/application/keyhole-application';
import { describe, expect, it } from 'vitest';
import { diagnoseExchange } from '../../shared/diagnosis/diagnose-exchange';
import type { SendRequest } from '../../shared/exchange/exchange';
import { builtinProviders } from '../../shared/providers/builtin-providers';
import type { SandboxKey } from '../../sandbox/index';
import { skipWithoutKeychain } from '../support/keychain';
import { filesContaining, openVault } from '../support/vault-harness';

/** The spec's smallest valid CreateAgentRequest. */
const AGENT = { agent_name: 'Support', voice_id: 'elevenlabs-CFzl8WvPQ92EKMBs2hpS', response_engine: { type: 'call2me-llm', system_prompt: '' } };

async function setup() {
  const harness = await openVault();
  const { services } = harness;
  const sandbox = await sandboxEnvironments(services.catalog);
  /** Mints a key in the sandbox and stores it in the vault's sandbox environment. */
  const key = async (name: string, fields: Partial<SandboxKey> & Pick<SandboxKey, 'provider' | 'kind'>, vaultOverrides: Record<string, unknown> = {}) => {
    const minted = sandbox.state.mintKey({ name, scopes: [], workspace: null, tenant: null, partner: null, ...fields });
    await services.vault.add({
      name,
      providerId: fields.provider,
      environmentId: 'sandbox',
      kind: fields.kind,
      scopes: minted.scopes,
      boundId: minted.workspace ?? minted.tenant ?? minted.partner,
      secret: minted.secret,
      ...vaultOverrides,
    });
    return minted;
  };
  const send = (credential: string, method: SendRequest['method'], path: string, headers: Record<string, string> = {}, body: string | null = null) =>
    services.send.send({ credential, method, path, headers, body });
  const codes = (exchange: { findings: { code: string; source: string }[] }) => exchange.findings.map((f) => `${f.source}:${f.code}`);
  return { harness, services, sandbox, key, send, codes };
}

describe.skipIf(skipWithoutKeychain)('send and diagnose against the sandbox', () => {
  it('SCOPE_MISSING: a read-only key on a write route is predicted, then confirmed with the fix', async () => {
    const { services, key, send } = await setup();
    await key('reader', { provider: 'call2me', kind: 'api_key', scopes: ['read'], workspace: 'acme' });
    const preflight = await services.send.preflight({ credential: 'reader', method: 'POST', path: '/v1/agents', body: '{"name":"x"}' });
    expect(preflight.findings).toEqual([
      expect.objectContaining({ code: 'SCOPE_MISSING', source: 'preflight', requiredScope: 'write', grantedScopes: ['read'] }),
    ]);
    const exchange = await send('reader', 'POST', '/v1/agents', {}, '{"name":"x"}');
    expect(exchange.response!.status).toBe(403);
    const [finding] = exchange.findings;
    expect(finding).toMatchObject({ code: 'SCOPE_MISSING', source: 'response', requiredScope: 'write', grantedScopes: ['read'] });
    expect(finding!.fix).toBe('Mint a key with the right scope');
    // Once another key holds it, that key is offered first (the least powerful of them).
    await key('admin', { provider: 'call2me', kind: 'api_key', scopes: ['admin'], workspace: 'acme' });
    await key('writer', { provider: 'call2me', kind: 'api_key', scopes: ['write'], workspace: 'acme' });
    const again = await send('reader', 'POST', '/v1/agents', {}, '{"name":"x"}');
    expect(again.findings[0]).toMatchObject({
      alternativeCredential: 'writer',
      fix: 'Send with writer, which holds write; or mint a key with the right scope',
    });
    expect(exchange.timings!.totalMs).toBeGreaterThan(0);
    expect(exchange.timings!.connectMs).not.toBeNull();
  });

  it('every finding code from a real exchange', async () => {
    const { sandbox, key, send, codes, services } = await setup();
    await key('c2m-read', { provider: 'call2me', kind: 'api_key', scopes: ['read'], workspace: 'acme' });
    await key('c2m-empty', { provider: 'call2me', kind: 'api_key', scopes: [], workspace: 'acme' });
    await key('widgets', { provider: 'call2me', kind: 'api_key', scopes: ['write'], workspace: 'widgets-inc' });
    const revoked = await key('revoked', { provider: 'call2me', kind: 'api_key', scopes: ['read'], workspace: 'acme' });
    await key('partner', { provider: 'callaro', kind: 'partner_api_key', scopes: ['contacts:read', 'billing:partner:read'], partner: 'p1' });
    await key('runtime', { provider: 'callaro', kind: 'runtime_server_key' });
    sandbox.state.tenantPartner.set('t1', 'p1');
    sandbox.state.tenantPartner.set('t9', 'p9');

    expect(codes(await send('c2m-empty', 'GET', '/v1/agents'))).toEqual(['response:SCOPE_MISSING', 'preflight:SCOPES_EMPTY']);
    expect(codes(await send('partner', 'GET', '/api/v1/contacts'))).toEqual(['response:TENANT_CONTEXT_MISSING']);
    expect(codes(await send('partner', 'GET', '/api/v1/contacts', { 'X-Tenant-Id': 't9' }))).toEqual(['response:TENANT_NOT_IN_PARTNER']);
    expect(codes(await send('partner', 'POST', '/api/v1/billing/allocate-credits', {}, '{"tenant_id":1,"amount_major":5}'))).toEqual([
      'response:SCOPE_OPT_IN_REQUIRED',
    ]);
    expect(codes(await send('runtime', 'GET', '/api/v1/contacts'))).toEqual(['response:WRONG_CREDENTIAL_KIND']);
    expect(codes(await send('partner', 'POST', '/api/v1/api_keys', {}, '{"name":"x"}'))).toEqual(['response:WRONG_CREDENTIAL_KIND']);
    expect(codes(await send('c2m-read', 'GET', '/v1/teleport'))).toEqual(['response:UNKNOWN_ROUTE']);
    expect(await send('partner', 'GET', '/v1/contacts', { 'X-Tenant-Id': 't1' })).toMatchObject({
      findings: [expect.objectContaining({ code: 'WRONG_PATH', suggestedPath: '/api/v1/contacts' })],
    });
    expect(codes(await send('partner', 'GET', '/api/v1/voice_sessions/vs_1', { 'X-Tenant-Id': 't1' }))).toEqual(['response:SCOPE_MISSING']);
    const writer = await key('c2m-write', { provider: 'call2me', kind: 'api_key', scopes: ['write'], workspace: 'acme' });
    expect(writer.secret).toMatch(/^sk_call2me_test_/);
    expect(codes(await send('c2m-write', 'POST', '/v1/agents', {}, '{"name":""}'))).toEqual(['response:VALIDATION_FAILED']);
    expect(codes(await send('c2m-write', 'GET', '/v1/agents/agt_nothing'))).toEqual(['response:RESOURCE_NOT_FOUND']);
    // An outbound call the wallet cannot pay for: a valid request (an agent, a number of the workspace), then 402.
    const agent = JSON.parse((await send('c2m-write', 'POST', '/v1/agents', {}, JSON.stringify(AGENT))).response!.body).agent_id as string;
    const numbers = JSON.parse((await send('c2m-write', 'GET', '/v1/phone-numbers')).response!.body) as { number: string }[];
    const call = JSON.stringify({ agent_id: agent, to_number: '+15551234567', from_number: numbers[0]!.number });
    sandbox.state.wallets.set('acme', 0);
    const broke = await send('c2m-write', 'POST', '/v1/calls/outbound', {}, call);
    expect(broke.findings[0]).toMatchObject({ code: 'WALLET_EMPTY', retryable: true, requestId: expect.stringMatching(/^req_/) });

    const theirs = await send('widgets', 'POST', '/v1/agents', {}, JSON.stringify(AGENT));
    const id = JSON.parse(theirs.response!.body).agent_id as string;
    expect(codes(await send('c2m-read', 'GET', `/v1/agents/${id}`))).toEqual(['response:WORKSPACE_MISMATCH']);

    sandbox.state.keys.get(revoked.id)!.revoked = true;
    expect(codes(await send('revoked', 'GET', '/v1/agents'))).toEqual(['response:KEY_REVOKED']);

    sandbox.state.rateLimit = { limit: 1, windowSeconds: 60 };
    await send('c2m-read', 'GET', '/v1/calls');
    const limited = await send('c2m-read', 'GET', '/v1/calls');
    expect(limited.findings[0]).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    sandbox.state.rateLimit = { limit: 600, windowSeconds: 60 };

    // A live-looking key stored for the sandbox: predicted ENVIRONMENT_MISMATCH, then refused as unknown.
    await services.vault.add({
      name: 'live-in-sandbox',
      providerId: 'call2me',
      environmentId: 'sandbox',
      kind: 'api_key',
      scopes: ['read'],
      boundId: 'acme',
      secret: 'sk_call2me_live_notasandboxkey1',
    });
    expect(codes(await send('live-in-sandbox', 'GET', '/v1/agents'))).toEqual(['response:KEY_INVALID', 'preflight:ENVIRONMENT_MISMATCH']);

    // An expired JWT session: predicted from its exp and confirmed by the 401 token_expired.
    const user = sandbox.state.addUser({ provider: 'call2me', email: 'u@acme.test', scopes: ['admin'], workspace: 'acme', tenant: null });
    const login = await fetch(`${sandbox.baseUrls.call2me}/v1/auth/login`, {
      method: 'POST',
      body: JSON.stringify({ email: user.email, password: user.password }),
    });
    const { access_token } = (await login.json()) as { access_token: string };
    await services.vault.add({ name: 'session', providerId: 'call2me', environmentId: 'sandbox', kind: 'jwt', boundId: 'acme', secret: access_token });
    expect(codes(await send('session', 'GET', '/v1/agents'))).toEqual([]);
    sandbox.state.clockOffsetMs += 3601_000;
    const expired = await send('session', 'GET', '/v1/agents');
    expect(codes(expired).sort()).toEqual(['response:TOKEN_EXPIRED']);
  });

  it('AUTH_MISSING, AUTH_MALFORMED and KEY_INVALID from the response alone (credential unknown)', async () => {
    const { sandbox } = await setup();
    const profile = builtinProviders.find((p) => p.id === 'call2me')!;
    const exchange = async (headers: Record<string, string>) => {
      const url = `${sandbox.baseUrls.call2me}/v1/agents`;
      const res = await fetch(url, { headers });
      const response = { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
      return diagnoseExchange({ profile, request: { method: 'GET', url, headers }, response, path: '/v1/agents', now: new Date() }).map((f) => f.code);
    };
    expect(await exchange({})).toEqual(['AUTH_MISSING']);
    expect(await exchange({ Authorization: 'Token abc' })).toEqual(['AUTH_MALFORMED']);
    expect(await exchange({ Authorization: 'Bearer sk_call2me_test_unknownunknown' })).toEqual(['KEY_INVALID']);
  });

  it('keeps the secret out of what it returns, history, the database and logs, and marks the key used', async () => {
    const { harness, services, key, send } = await setup();
    const minted = await key('scan', { provider: 'call2me', kind: 'api_key', scopes: ['read'], workspace: 'acme' });
    const exchange = await send('scan', 'GET', `/v1/agents?echo=${minted.secret}`, { 'X-Debug': minted.secret });
    const text = JSON.stringify(exchange);
    expect(text).not.toContain(minted.secret);
    expect(exchange.request.headers.Authorization).toBe(`Bearer <scan · ${services.vault.get('scan').fingerprint}>`);
    expect(exchange.request.url).toContain(`<scan · ${services.vault.get('scan').fingerprint}>`);
    // The row and the key's last use are written before the answer returns.
    expect(services.history.count()).toBe(1);
    expect(services.vault.get('scan').lastUsedAt).not.toBeNull();
    await services.close();
    expect(filesContaining(harness.dataDir, [minted.secret])).toEqual([]);
    expect(harness.logs.join('\n')).not.toContain(minted.secret);
  });

  it('writes its row before answering, names it, and a read right after sees it', async () => {
    const { harness, services, key, send } = await setup();
    await key('burst', { provider: 'call2me', kind: 'api_key', scopes: ['read'], workspace: 'acme' });
    const dispatch = createDispatch(createHandlers(createApplication(services)), silentLogger);
    const first = await send('burst', 'GET', '/v1/agents');
    expect(services.history.get(first.historyId)).toMatchObject({ source: 'send', path: '/v1/agents', response: { status: 200 } });
    expect(await dispatch('history:recent', { limit: 1 })).toMatchObject({ ok: true, value: [{ id: first.historyId }] });
    for (let i = 0; i < 50; i++) await send('burst', 'GET', `/v1/agents?n=${i}`);
    expect(services.history.count()).toBe(51);
    await services.close();
    const reopened = await harness.reopen();
    expect(reopened.history.count()).toBe(51);
    await reopened.close();
  });

  it('refuses bad input clearly and stores nothing', async () => {
    const { services, key } = await setup();
    await key('k', { provider: 'call2me', kind: 'api_key', scopes: ['write'], workspace: 'acme' });
    await expect(services.send.send({ credential: 'k', method: 'POST', path: '/v1/agents', body: '{"name": ' })).rejects.toThrow(
      /body is not valid JSON.*Nothing was sent/,
    );
    // Shape errors are refused at the boundary, by the contract's schema, before any service runs.
    const dispatch = createDispatch(createHandlers(createApplication(services)), silentLogger);
    expect(await dispatch('send:execute', { credential: 'k', method: 'GET', path: 'v1/agents' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringMatching(/path: the path starts with \//) },
    });
    expect(await dispatch('send:execute', { credential: 'k', method: 'GET', path: '/v1/agents', headers: { 'Bad Header': 'x' } })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringMatching(/not a valid header name/) },
    });
    await expect(services.send.send({ credential: 'k', environmentId: 'staging', method: 'GET', path: '/v1/agents' })).rejects.toThrow(/has no base URL/);
    expect(services.history.count()).toBe(0);
  });
});
