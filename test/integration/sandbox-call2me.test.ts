import { describe, expect, it } from 'vitest';
import { bearer, sandbox } from '../support/sandbox-client';

/** The spec's CreateAgentRequest, smallest valid (../shared/vendors/call2me-openapi.json). */
const AGENT = { agent_name: 'Support', voice_id: 'elevenlabs-CFzl8WvPQ92EKMBs2hpS', response_engine: { type: 'call2me-llm', system_prompt: 'Be brief.' } };

async function world() {
  const s = await sandbox();
  const key = async (scope: string, workspace = 'acme') =>
    bearer((await s.control('credentials', { provider: 'call2me', kind: 'api_key', workspace, scopes: [scope] })).secret!);
  return { ...s, key };
}

describe('sandbox Call2Me: answers as the OpenAPI document and the pages say', () => {
  it('401 without a credential, in the shape the SDKs read (detail) and the errors page shows (error.code), with rate-limit headers', async () => {
    const { call, c2m } = await world();
    const reply = await call('GET', c2m('/v1/agents'));
    expect(reply.status).toBe(401);
    expect(reply.body.detail).toMatch(/Authorization: Bearer/);
    expect(reply.body.error).toMatchObject({ code: 'unauthorized', request_id: expect.stringMatching(/^req_/) });
    for (const header of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']) expect(reply.headers.get(header), header).toMatch(/^\d+$/);
  });

  it('takes the Bearer scheme in any case and with any spaces (RFC 9110); refuses other schemes and unknown keys', async () => {
    const { call, c2m, control } = await world();
    const { secret } = await control('credentials', { provider: 'call2me', kind: 'api_key', workspace: 'acme', scopes: ['read'] });
    for (const header of [`bearer ${secret}`, `BEARER   ${secret}`, ` Bearer ${secret} `]) {
      expect((await call('GET', c2m('/v1/agents'), { headers: { Authorization: header } })).status, header).toBe(200);
    }
    expect((await call('GET', c2m('/v1/agents'), { headers: { Authorization: `Token ${secret}` } })).status).toBe(401);
    expect((await call('GET', c2m('/v1/agents'), { headers: bearer('sk_call2me_test_doesnotexist00') })).status).toBe(401);
  });

  it('read-only keys GET only; write keys change resources; billing, members and key management need admin (B4)', async () => {
    const { call, c2m, key } = await world();
    const [read, write, admin] = [await key('read'), await key('write'), await key('admin')];
    expect((await call('GET', c2m('/v1/calls'), { headers: read })).status).toBe(200);
    const refused = await call('POST', c2m('/v1/agents'), { headers: read, body: AGENT });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'insufficient_scope' });
    expect((await call('POST', c2m('/v1/agents'), { headers: write, body: AGENT })).status).toBe(201);
    for (const path of ['/v1/wallet', '/v1/wallet/balance', '/v1/api-keys']) {
      expect((await call('GET', c2m(path), { headers: write })).status, path).toBe(403);
      expect((await call('GET', c2m(path), { headers: admin })).status, path).toBe(200);
    }
    const invite = await call('POST', c2m('/v1/members/invitations'), { headers: admin, body: { email: 'new@acme.test', role: 'member' } });
    expect(invite.status).toBe(201);
    const none = await world();
    expect((await none.call('GET', none.c2m('/v1/agents'), { headers: await none.key('nothing') })).status).toBe(403);
  });

  it('resources have the spec’s ids and shapes: agent_<12 hex>, every Agent field, defaults filled; list, get, update, delete', async () => {
    const { call, c2m, key } = await world();
    const auth = await key('write');
    const created = await call('POST', c2m('/v1/agents'), { headers: auth, body: AGENT });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ agent_id: expect.stringMatching(/^agent_[a-f0-9]{12}$/), agent_name: 'Support', language: 'tr-TR', status: 'active' });
    expect(created.body).toHaveProperty('webhook_url', null);
    const id = created.body.agent_id as string;
    const listed = await call('GET', c2m('/v1/agents'), { headers: auth });
    expect(Array.isArray(listed.body)).toBe(true);
    expect((listed.body as unknown as { agent_id: string }[]).map((a) => a.agent_id)).toEqual([id]);
    expect((await call('PATCH', c2m(`/v1/agents/${id}`), { headers: auth, body: { agent_name: 'Renamed' } })).body.agent_name).toBe('Renamed');
    const copy = await call('POST', c2m(`/v1/agents/${id}/duplicate`), { headers: auth });
    expect(copy.status).toBe(201);
    expect(copy.body.agent_id).not.toBe(id);
    expect((await call('DELETE', c2m(`/v1/agents/${id}`), { headers: auth })).status).toBe(204);
    const gone = await call('GET', c2m(`/v1/agents/${id}`), { headers: auth });
    expect(gone.status).toBe(404);
    expect(gone.body.detail).toBe('Agent not found');
    const kb = await call('POST', c2m('/v1/knowledge-base'), { headers: auth, body: { knowledge_base_name: 'Docs' } });
    expect(kb.body).toMatchObject({ knowledge_base_id: expect.any(String), knowledge_base_name: 'Docs', status: 'in_progress', source_count: 0 });
  });

  it('validates with the spec’s schemas and answers 422 in FastAPI’s detail list; malformed JSON and bad query values too', async () => {
    const { call, c2m, key } = await world();
    const auth = await key('write');
    const missing = await call('POST', c2m('/v1/agents'), { headers: auth, body: { name: 'x' } });
    expect(missing.status).toBe(422);
    expect(missing.body.detail).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'missing', loc: ['body', 'agent_name'], msg: 'Field required' }),
        expect.objectContaining({ type: 'missing', loc: ['body', 'voice_id'] }),
      ]),
    );
    const wrongType = await call('POST', c2m('/v1/agents'), { headers: auth, body: { ...AGENT, voice_speed: 'fast' } });
    expect(wrongType.body.detail).toEqual([expect.objectContaining({ type: 'float_type', loc: ['body', 'voice_speed'], input: 'fast' })]);
    const malformed = await call('POST', c2m('/v1/agents'), { headers: auth, raw: '{"agent_name": ' });
    expect(malformed.status).toBe(422);
    expect(malformed.body.detail).toEqual([expect.objectContaining({ type: 'json_invalid', msg: 'JSON decode error' })]);
    const noBody = await call('POST', c2m('/v1/agents'), { headers: { ...auth, 'Content-Type': 'application/json' } });
    expect(noBody.body.detail).toEqual([expect.objectContaining({ type: 'missing', loc: ['body'] })]);
    const query = await call('GET', c2m('/v1/calls?limit=many'), { headers: auth });
    expect(query.status).toBe(422);
    expect(query.body.detail).toEqual([expect.objectContaining({ type: 'int_parsing', loc: ['query', 'limit'] })]);
    expect((await call('GET', c2m('/v1/calls?limit=5000'), { headers: auth })).body.detail).toEqual([expect.objectContaining({ type: 'less_than_equal' })]);
  });

  it('routes as FastAPI does: 404 Not Found, 405 with Allow, a trailing slash redirected; HEAD is GET', async () => {
    const { call, c2m, key } = await world();
    const auth = await key('read');
    const unknown = await call('GET', c2m('/v1/nothing-here'), { headers: auth });
    expect([unknown.status, unknown.body]).toEqual([404, { detail: 'Not Found' }]);
    expect(unknown.headers.get('x-ratelimit-limit')).toMatch(/^\d+$/);
    const method = await call('PUT', c2m('/v1/agents'), { headers: auth });
    expect([method.status, method.body.detail, method.headers.get('allow')]).toEqual([405, 'Method Not Allowed', 'GET, POST']);
    const slash = await fetch(c2m('/v1/agents/?limit=5'), { headers: auth, redirect: 'manual' });
    expect(slash.status).toBe(307);
    expect(slash.headers.get('location')).toBe('/call2me/v1/agents?limit=5');
    expect((await fetch(c2m('/v1/agents'), { method: 'HEAD', headers: auth })).status).toBe(200);
  });

  it('public routes need no credential: sign-up, login, the widget config, health checks and event reports', async () => {
    const { call, c2m, key } = await world();
    const signup = await call('POST', c2m('/v1/auth/signup'), { body: { email: 'new@example.test', password: 'long enough' } });
    expect(signup.status).toBe(200);
    expect(signup.body).toMatchObject({ token_type: 'bearer', expires_in: 3600, user: { email: 'new@example.test' } });
    expect((await call('POST', c2m('/v1/auth/register'), { body: { email: 'other@example.test', password: 'long enough' } })).status).toBe(200);
    expect((await call('POST', c2m('/v1/auth/register'), { body: { email: 'bad', password: 'short' } })).status).toBe(422);
    const widget = await call('POST', c2m('/v1/widgets'), { headers: await key('write'), body: { agent_id: 'agent_000000000000', name: 'w' } });
    expect((await call('GET', c2m(`/v1/widgets/${widget.body.widget_id as string}/config`))).status).toBe(200);
    expect((await call('GET', c2m('/health'))).body).toMatchObject({ status: 'healthy', service: expect.any(String), version: expect.any(String) });
    expect((await call('POST', c2m('/v1/events'), { body: { type: 'error', source: 'api', message: 'boom' } })).status).toBe(202);
    // Call2Me's own server-to-server routes take X-Internal-Key, never a customer key.
    expect((await call('GET', c2m('/internal/wallet/balance'), { headers: await key('admin') })).status).toBe(401);
  });

  it('a key from acme never acts on widgets-inc', async () => {
    const { call, c2m, key } = await world();
    const agent = await call('POST', c2m('/v1/agents'), { headers: await key('write', 'widgets-inc'), body: AGENT });
    const acme = await key('write');
    expect(await call('GET', c2m('/v1/agents'), { headers: acme })).toMatchObject({ body: [] });
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const reply = await call(method, c2m(`/v1/agents/${agent.body.agent_id as string}`), {
        headers: acme,
        body: method === 'PATCH' ? { agent_name: 'mine' } : undefined,
      });
      expect(reply.status, method).toBe(403);
      expect(reply.body.error!.code).toBe('workspace_mismatch');
    }
  });

  it('login answers the spec’s AuthResponse; the access token expires; refresh tokens are single-use', async () => {
    const { call, c2m, control } = await world();
    const user = await control('credentials', { provider: 'call2me', kind: 'user', workspace: 'acme' });
    expect((await call('POST', c2m('/v1/auth/login'), { body: { email: user.email, password: 'wrong' } })).status).toBe(401);
    const login = await call('POST', c2m('/v1/auth/login'), { body: { email: user.email, password: user.password } });
    expect(login.body).toMatchObject({ expires_in: 3600, token_type: 'bearer', user: { email: user.email } });
    const access = login.body.access_token as string;
    expect((await call('GET', c2m('/v1/agents'), { headers: bearer(access) })).status).toBe(200);
    await control('clock', { advanceSeconds: 3601 });
    const expired = await call('GET', c2m('/v1/agents'), { headers: bearer(access) });
    expect([expired.status, expired.body.error!.code]).toEqual([401, 'token_expired']);
    const refreshed = await call('POST', c2m('/v1/auth/refresh'), { body: { refresh_token: login.body.refresh_token } });
    expect((await call('GET', c2m('/v1/agents'), { headers: bearer(refreshed.body.access_token as string) })).status).toBe(200);
    expect((await call('POST', c2m('/v1/auth/refresh'), { body: { refresh_token: login.body.refresh_token } })).status).toBe(401);
  });

  it('key management as the spec gives it: mint (api_key shown once), list, get, usage, revoke (DELETE or the SDK’s PATCH), permanent delete', async () => {
    const { call, c2m, key } = await world();
    const admin = await key('admin');
    const minted = await call('POST', c2m('/v1/api-keys'), { headers: admin, body: { name: 'prod-2026-q2', read_only: true } });
    expect(minted.status).toBe(201);
    expect(minted.body).toMatchObject({ key_id: expect.any(String), api_key: expect.stringMatching(/^sk_call2me_/), read_only: true, expires_at: null });
    const secret = minted.body.api_key as string;
    expect(secret.startsWith(minted.body.key_prefix as string)).toBe(true);
    const list = await call('GET', c2m('/v1/api-keys'), { headers: admin });
    expect(JSON.stringify(list.body)).not.toContain(secret);
    expect(list.body).toEqual(expect.arrayContaining([expect.objectContaining({ key_id: minted.body.key_id, is_active: true })]));
    expect((await call('POST', c2m('/v1/agents'), { headers: bearer(secret), body: AGENT })).status).toBe(403);
    await call('GET', c2m('/v1/agents'), { headers: bearer(secret) });
    const usage = await call('GET', c2m(`/v1/api-keys/${minted.body.key_id as string}/usage?days=1`), { headers: admin });
    expect(usage.body).toMatchObject({ total_requests: 2, successful_requests: 1, failed_requests: 1 });
    expect((await call('DELETE', c2m(`/v1/api-keys/${minted.body.key_id as string}/permanent`), { headers: admin })).status).toBe(400);
    expect((await call('DELETE', c2m(`/v1/api-keys/${minted.body.key_id as string}`), { headers: admin })).status).toBe(204);
    const revoked = await call('GET', c2m('/v1/agents'), { headers: bearer(secret) });
    expect([revoked.status, revoked.body.error!.code]).toEqual([401, 'key_revoked']);
    expect((await call('DELETE', c2m(`/v1/api-keys/${minted.body.key_id as string}/permanent`), { headers: admin })).status).toBe(204);
    const other = await call('POST', c2m('/v1/api-keys'), { headers: admin, body: { name: 'sdk' } });
    expect((await call('PATCH', c2m(`/v1/api-keys/${other.body.key_id as string}/revoke`), { headers: admin })).status).toBe(204);
    // A key with an expiry (C2) stops working when it passes.
    const short = await call('POST', c2m('/v1/api-keys'), { headers: admin, body: { name: 'short', expires_in_days: 1 } });
    expect(short.body.expires_at).toEqual(expect.any(String));
  });

  it('X-RateLimit-* on every answer, and 429 with Retry-After and the bare {"detail"} past the limit', async () => {
    const { call, c2m, control } = await world();
    await control('rate-limit', { limit: 2, windowSeconds: 30 });
    const { secret } = await control('credentials', { provider: 'call2me', kind: 'api_key', workspace: 'acme', scopes: ['read'] });
    const first = await call('GET', c2m('/v1/agents'), { headers: bearer(secret!) });
    expect([first.headers.get('x-ratelimit-limit'), first.headers.get('x-ratelimit-remaining')]).toEqual(['2', '1']);
    expect(Number(first.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    await call('GET', c2m('/v1/agents'), { headers: bearer(secret!) });
    const limited = await call('GET', c2m('/v1/agents'), { headers: bearer(secret!) });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body).toEqual({ detail: expect.stringContaining('Rate limit exceeded') });
    await control('clock', { advanceSeconds: 31 });
    expect((await call('GET', c2m('/v1/agents'), { headers: bearer(secret!) })).status).toBe(200);
  });

  it('outbound calls: E.164 checked by the schema (422), the number check (400), the wallet before any charge (402), then queued', async () => {
    const { call, c2m, key, control } = await world();
    const [write, admin] = [await key('write'), await key('admin')];
    const agent = (await call('POST', c2m('/v1/agents'), { headers: write, body: AGENT })).body.agent_id as string;
    const local = await call('POST', c2m('/v1/calls'), { headers: write, body: { agent_id: agent, to_number: '5551234' } });
    expect([local.status, (local.body.detail as { type: string }[])[0]!.type]).toEqual([422, 'string_pattern_mismatch']);
    const unassigned = await call('POST', c2m('/v1/calls'), { headers: write, body: { agent_id: agent, to_number: '+15551234567' } });
    expect(unassigned.status).toBe(400);
    const demo = await call('POST', c2m('/v1/calls'), { headers: write, body: { agent_id: agent, to_number: '+15551234567', from_number: '+15550000000' } });
    expect([demo.status, demo.body.detail]).toEqual([400, expect.stringMatching(/demo number/)]);
    expect((await call('POST', c2m('/v1/calls'), { headers: write, body: { agent_id: 'agent_000000000000', to_number: '+15551234567' } })).status).toBe(404);
    const number = ((await call('GET', c2m('/v1/phone-numbers'), { headers: write })).body as unknown as { number: string }[])[0]!.number;
    expect((await call('POST', c2m(`/v1/phone-numbers/${encodeURIComponent(number)}/bind`), { headers: write, body: { agent_id: agent } })).status).toBe(200);

    await control('wallet', { workspace: 'acme', balanceUsd: 0.1 });
    const broke = await call('POST', c2m('/v1/calls'), { headers: write, body: { agent_id: agent, to_number: '+15551234567' } });
    expect([broke.status, broke.body.error!.code]).toEqual([402, 'insufficient_balance']);
    // Refused before anything happened: nothing charged, no call placed.
    expect((await call('GET', c2m('/v1/wallet/balance'), { headers: admin })).body.balance_usd).toBe(0.1);
    expect((await call('GET', c2m('/v1/calls'), { headers: write })).body).toEqual([]);
    expect((await call('POST', c2m('/v1/wallet/topup'), { headers: admin, body: { amount_usd: 10 } })).body).toMatchObject({
      success: true,
      balance_after: 10.1,
    });
    const placed = await call('POST', c2m('/v1/calls/outbound'), { headers: write, body: { agent_id: agent, to_number: '+15551234567' } });
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({
      call_id: expect.stringMatching(/^call_[a-f0-9]{8,24}$/),
      status: 'queued',
      from_number: number,
      direction: 'outbound',
    });
    expect((await call('GET', c2m(`/v1/calls/${placed.body.call_id as string}`), { headers: write })).body.call_id).toBe(placed.body.call_id);
    expect((await call('GET', c2m(`/v1/calls/${placed.body.call_id as string}/recording`), { headers: write })).status).toBe(501);
  });

  it('Idempotency-Key: the same request gets the same answer and charges once; another request under the key is a 409', async () => {
    const { call, c2m, key } = await world();
    const [write, admin] = [await key('write'), await key('admin')];
    const agent = (await call('POST', c2m('/v1/agents'), { headers: write, body: AGENT })).body.agent_id as string;
    const number = ((await call('GET', c2m('/v1/phone-numbers'), { headers: write })).body as unknown as { number: string }[])[0]!.number;
    const before = (await call('GET', c2m('/v1/wallet/balance'), { headers: admin })).body.balance_usd as number;
    const body = { agent_id: agent, to_number: '+15551234567', from_number: number };
    const headers = { ...write, 'Idempotency-Key': 'call-order-42' };
    const replies = await Promise.all([1, 2, 3].map(() => call('POST', c2m('/v1/calls'), { headers, body })));
    const placed = replies.filter((r) => r.status === 201);
    expect(placed.length).toBeGreaterThanOrEqual(1);
    expect(new Set(placed.map((r) => r.body.call_id)).size).toBe(1);
    // A retry while the first was running is told so; afterwards it gets the first answer.
    for (const r of replies.filter((x) => x.status !== 201)) expect(r.status).toBe(409);
    const retried = await call('POST', c2m('/v1/calls'), { headers, body: { to_number: body.to_number, from_number: number, agent_id: agent } });
    expect([retried.status, retried.body.call_id, retried.headers.get('idempotent-replayed')]).toEqual([201, placed[0]!.body.call_id, 'true']);
    expect((await call('GET', c2m('/v1/calls'), { headers: write })).body).toHaveLength(1);
    expect((await call('GET', c2m('/v1/wallet/balance'), { headers: admin })).body.balance_usd).toBe(before - 0.5);
    const conflict = await call('POST', c2m('/v1/calls'), { headers, body: { ...body, to_number: '+15557654321' } });
    expect([conflict.status, conflict.body.error!.code]).toEqual([409, 'idempotency_conflict']);
  });

  it('an end-user token (eut_) reaches agents, chats and voice sessions only', async () => {
    const { call, c2m, key } = await world();
    const write = await key('write');
    const minted = await call('POST', c2m('/v1/end-users/user-7/tokens'), { headers: write, body: { expires_in: 600 } });
    expect(minted.body).toMatchObject({ token: expect.stringMatching(/^eut_/), scopes: ['agents:read'], expires_in: 600 });
    const eut = bearer(minted.body.token as string);
    expect((await call('GET', c2m('/v1/agents'), { headers: eut })).status).toBe(200);
    expect((await call('GET', c2m('/v1/calls'), { headers: eut })).status).toBe(403);
  });

  it('hostile input gets the vendor’s error shape, never a crash: huge and deep bodies, control input checked', async () => {
    const { call, c2m, key, server } = await world();
    const auth = await key('write');
    const huge = await call('POST', c2m('/v1/agents'), { headers: auth, raw: `{"agent_name":"${'x'.repeat(1_100_000)}"}` });
    expect(huge.status).toBe(413);
    expect(huge.body.detail).toMatch(/limited/);
    const deep = await call('POST', c2m('/v1/agents'), { headers: auth, raw: `${'['.repeat(100_000)}${']'.repeat(100_000)}` });
    expect([deep.status, (deep.body.detail as { type: string }[])[0]!.type]).toEqual([422, 'json_invalid']);
    const nested = await call('POST', c2m('/v1/agents'), {
      headers: auth,
      body: { ...AGENT, metadata: JSON.parse(`${'{"a":'.repeat(60)}1${'}'.repeat(60)}`) },
    });
    expect(nested.status).toBe(201);
    const controlBad = await call('POST', `${server.url}/_sandbox/credentials`, { body: { provider: 'call2me', kind: 'partner_api_key' } });
    expect([controlBad.status, String(controlBad.body.error!.message)]).toEqual([400, expect.stringMatching(/kind/)]);
    expect((await call('GET', c2m('/v1/agents/%ZZ'), { headers: auth })).status).toBe(404);
    expect((await call('GET', c2m(`/v1/agents/${'a'.repeat(10_000)}`), { headers: auth })).status).toBe(404);
  });
});
