import { describe, expect, it } from 'vitest';
import { bearer, sandbox } from '../support/sandbox-client';

describe('sandbox Call2Me', () => {
  it('401 for a missing Bearer header, in the documented nested error shape with a request id', async () => {
    const { call, c2m } = await sandbox();
    const reply = await call('GET', c2m('/v1/agents'));
    expect(reply.status).toBe(401);
    expect(reply.body.error).toMatchObject({
      code: 'unauthorized',
      message: expect.stringContaining('Authorization: Bearer'),
      request_id: expect.stringMatching(/^req_/),
    });
  });

  it('401 for an invalid Bearer header or an unknown key', async () => {
    const { call, c2m } = await sandbox();
    const malformed = await call('GET', c2m('/v1/agents'), { headers: { Authorization: 'Token abc' } });
    expect(malformed.status).toBe(401);
    expect(malformed.body.error!.code).toBe('unauthorized');
    const unknown = await call('GET', c2m('/v1/agents'), { headers: bearer('sk_call2me_test_doesnotexist00') });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error!.code).toBe('unauthorized');
  });

  it('read-only keys may GET but not write: a plain 403', async () => {
    const { call, c2m, control } = await sandbox();
    const { secret } = await control('credentials', { provider: 'call2me', kind: 'api_key', workspace: 'acme', scopes: ['read'] });
    expect((await call('GET', c2m('/v1/calls'), { headers: bearer(secret!) })).status).toBe(200);
    const write = await call('POST', c2m('/v1/agents'), { headers: bearer(secret!), body: { name: 'a' } });
    expect(write.status).toBe(403);
    expect(write.body.error).toMatchObject({ code: 'insufficient_scope' });
  });

  it('write keys do CRUD on agents, calls, knowledge base and campaigns, but not admin routes', async () => {
    const { call, c2m, control } = await sandbox();
    const { secret } = await control('credentials', { provider: 'call2me', kind: 'api_key', workspace: 'acme', scopes: ['write'] });
    const auth = bearer(secret!);
    for (const family of ['agents', 'calls', 'knowledge-base', 'campaigns']) {
      const created = await call('POST', c2m(`/v1/${family}`), { headers: auth, body: { name: family } });
      expect(created.status, family).toBe(201);
      const id = created.body.id as string;
      expect((await call('PATCH', c2m(`/v1/${family}/${id}`), { headers: auth, body: { name: 'renamed' } })).body.name).toBe('renamed');
      expect(((await call('GET', c2m(`/v1/${family}`), { headers: auth })).body.data as unknown[]).length).toBe(1);
      expect((await call('DELETE', c2m(`/v1/${family}/${id}`), { headers: auth })).status).toBe(204);
    }
    for (const family of ['wallet', 'members', 'white-label']) {
      const reply = await call('GET', c2m(`/v1/${family}`), { headers: auth });
      expect(reply.status, family).toBe(403);
    }
  });

  it('admin keys add billing, members and white-label', async () => {
    const { call, c2m, control } = await sandbox();
    const { secret } = await control('credentials', { provider: 'call2me', kind: 'api_key', workspace: 'acme', scopes: ['admin'] });
    for (const family of ['wallet', 'members', 'white-label', 'agents']) {
      expect((await call('GET', c2m(`/v1/${family}`), { headers: bearer(secret!) })).status, family).toBe(200);
    }
  });

  it('empty scopes allow nothing', async () => {
    const { call, c2m, control } = await sandbox();
    const { secret } = await control('credentials', { provider: 'call2me', kind: 'api_key', workspace: 'acme', scopes: [] });
    const reply = await call('GET', c2m('/v1/agents'), { headers: bearer(secret!) });
    expect(reply.status).toBe(403);
  });

  it('a key from acme never acts on widgets-inc', async () => {
    const { call, c2m, control } = await sandbox();
    const acme = await control('credentials', { provider: 'call2me', kind: 'api_key', workspace: 'acme', scopes: ['write'] });
    const widgets = await control('credentials', { provider: 'call2me', kind: 'api_key', workspace: 'widgets-inc', scopes: ['write'] });
    const agent = await call('POST', c2m('/v1/agents'), { headers: bearer(widgets.secret!), body: { name: 'theirs' } });
    const id = agent.body.id as string;
    expect(((await call('GET', c2m('/v1/agents'), { headers: bearer(acme.secret!) })).body.data as unknown[]).length).toBe(0);
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const reply = await call(method, c2m(`/v1/agents/${id}`), { headers: bearer(acme.secret!), body: method === 'PATCH' ? { name: 'mine' } : undefined });
      expect(reply.status, method).toBe(403);
      expect(reply.body.error!.code).toBe('workspace_mismatch');
    }
  });

  it('login issues a JWT pair; the access token expires; refresh rotates the refresh token', async () => {
    const { call, c2m, control } = await sandbox();
    const user = await control('credentials', { provider: 'call2me', kind: 'user', workspace: 'acme' });
    const bad = await call('POST', c2m('/v1/auth/login'), { body: { email: user.email, password: 'wrong' } });
    expect(bad.status).toBe(401);
    const login = await call('POST', c2m('/v1/auth/login'), { body: { email: user.email, password: user.password } });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ expires_in: 3600, token_type: 'Bearer' });
    const access = login.body.access_token as string;
    expect(access.split('.')).toHaveLength(3);
    expect((await call('GET', c2m('/v1/agents'), { headers: bearer(access) })).status).toBe(200);

    await control('clock', { advanceSeconds: 3601 });
    const expired = await call('GET', c2m('/v1/agents'), { headers: bearer(access) });
    expect(expired.status).toBe(401);
    expect(expired.body.error!.code).toBe('token_expired');

    const refreshed = await call('POST', c2m('/v1/auth/refresh'), { body: { refresh_token: login.body.refresh_token } });
    expect(refreshed.status).toBe(200);
    expect((await call('GET', c2m('/v1/agents'), { headers: bearer(refreshed.body.access_token as string) })).status).toBe(200);
    const reused = await call('POST', c2m('/v1/auth/refresh'), { body: { refresh_token: login.body.refresh_token } });
    expect(reused.status).toBe(401);
    expect(reused.body.error!.code).toBe('unauthorized');
  });

  it('mints (admin or JWT), lists, audits and revokes keys; keys never expire by themselves', async () => {
    const { call, c2m, control } = await sandbox();
    const admin = await control('credentials', { provider: 'call2me', kind: 'api_key', workspace: 'acme', scopes: ['admin'] });
    const writer = await control('credentials', { provider: 'call2me', kind: 'api_key', workspace: 'acme', scopes: ['write'] });
    expect((await call('POST', c2m('/v1/api-keys'), { headers: bearer(writer.secret!), body: { name: 'x', scope: 'read' } })).status).toBe(403);
    const minted = await call('POST', c2m('/v1/api-keys'), { headers: bearer(admin.secret!), body: { name: 'prod-2026-q2', scope: 'write' } });
    expect(minted.status).toBe(201);
    const secret = minted.body.key as string;
    expect(secret).toMatch(/^sk_call2me_test_/);
    const list = await call('GET', c2m('/v1/api-keys'), { headers: bearer(admin.secret!) });
    expect(JSON.stringify(list.body)).not.toContain(secret);

    await call('GET', c2m('/v1/agents'), { headers: bearer(secret) });
    await call('GET', c2m('/v1/wallet'), { headers: bearer(secret) });
    await control('clock', { advanceSeconds: 400 * 24 * 3600 });
    expect((await call('GET', c2m('/v1/agents'), { headers: bearer(secret) })).status).toBe(200);
    const audit = await call('GET', c2m(`/v1/api-keys/${minted.body.id}/audit`), { headers: bearer(admin.secret!) });
    expect((audit.body.entries as { path: string; status: number }[]).map((e) => `${e.path} ${e.status}`)).toEqual([
      '/v1/agents 200',
      '/v1/wallet 403',
      '/v1/agents 200',
    ]);

    expect((await call('DELETE', c2m(`/v1/api-keys/${minted.body.id}`), { headers: bearer(admin.secret!) })).status).toBe(204);
    const revoked = await call('GET', c2m('/v1/agents'), { headers: bearer(secret) });
    expect(revoked.status).toBe(401);
    expect(revoked.body.error!.code).toBe('key_revoked');
  });

  it('X-RateLimit-* on every answer, and 429 with Retry-After and the bare {"detail"} shape past the limit', async () => {
    const { call, c2m, control } = await sandbox();
    await control('rate-limit', { limit: 2, windowSeconds: 30 });
    const { secret } = await control('credentials', { provider: 'call2me', kind: 'api_key', workspace: 'acme', scopes: ['read'] });
    const other = await control('credentials', { provider: 'call2me', kind: 'api_key', workspace: 'acme', scopes: ['read'] });
    const first = await call('GET', c2m('/v1/agents'), { headers: bearer(secret!) });
    expect(first.status).toBe(200);
    expect([first.headers.get('x-ratelimit-limit'), first.headers.get('x-ratelimit-remaining')]).toEqual(['2', '1']);
    expect(Number(first.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    expect((await call('GET', c2m('/v1/agents'), { headers: bearer(secret!) })).status).toBe(200);
    const limited = await call('GET', c2m('/v1/agents'), { headers: bearer(secret!) });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(limited.body).toEqual({ detail: expect.stringContaining('Rate limit exceeded') });
    expect((await call('GET', c2m('/v1/agents'), { headers: bearer(other.secret!) })).status).toBe(200);
    await control('clock', { advanceSeconds: 31 });
    expect((await call('GET', c2m('/v1/agents'), { headers: bearer(secret!) })).status).toBe(200);
  });

  it('400 with the parse error for malformed JSON, 404 for unknown routes, and control input validated', async () => {
    const { call, c2m, control, server } = await sandbox();
    const { secret } = await control('credentials', { provider: 'call2me', kind: 'api_key', workspace: 'acme', scopes: ['write'] });
    const bad = await call('POST', c2m('/v1/agents'), { headers: bearer(secret!), raw: '{"name": ' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'validation_failed' });
    expect(String(bad.body.error!.message)).toMatch(/JSON/);
    expect((await call('GET', c2m('/v1/nothing-here'), { headers: bearer(secret!) })).status).toBe(404);
    const badControl = await call('POST', `${server.url}/_sandbox/credentials`, { body: { provider: 'call2me', kind: 'partner_api_key' } });
    expect(badControl.status).toBe(400);
    expect(String(badControl.body.error!.message)).toMatch(/kind/);
  });

  it('402 when the wallet cannot pay for an outbound call, and a top-up makes it work again', async () => {
    const { call, c2m, control } = await sandbox();
    const writer = await control('credentials', { provider: 'call2me', kind: 'api_key', workspace: 'acme', scopes: ['write'] });
    const admin = await control('credentials', { provider: 'call2me', kind: 'api_key', workspace: 'acme', scopes: ['admin'] });
    expect((await call('POST', c2m('/v1/calls/outbound'), { headers: bearer(writer.secret!), body: { to_number: '+15550100' } })).status).toBe(201);
    await control('wallet', { workspace: 'acme', balanceUsd: 0 });
    const refused = await call('POST', c2m('/v1/calls/outbound'), { headers: bearer(writer.secret!), body: { to_number: '+15550100' } });
    expect(refused.status).toBe(402);
    expect(refused.body.error).toMatchObject({ code: 'insufficient_balance' });
    const wallet = await call('GET', c2m('/v1/wallet'), { headers: bearer(admin.secret!) });
    expect(wallet.body).toMatchObject({ balance_usd: 0, currency: 'USD', auto_recharge: { enabled: false } });
    await call('POST', c2m('/v1/wallet/topup'), { headers: bearer(admin.secret!), body: { amount: 10 } });
    expect((await call('POST', c2m('/v1/calls/outbound'), { headers: bearer(writer.secret!), body: { to_number: '+15550100' } })).status).toBe(201);
  });
});
