import { describe, expect, it } from 'vitest';
import { bearer, sandbox } from '../support/sandbox-client';

/** Callaro's documented headers: tenant keys in X-Api-Key, partner keys in X-Partner-Api-Key. */
const tenantKey = (secret: string, tenant?: string) => ({ 'X-Api-Key': secret, ...(tenant ? { 'X-Tenant-Id': tenant } : {}) });
const partnerKey = (secret: string, tenant?: string) => ({ 'X-Partner-Api-Key': secret, ...(tenant ? { 'X-Tenant-Id': tenant } : {}) });
/** Callaro's flat error envelope. */
const refusal = (code: string) => ({
  error: expect.any(String),
  error_code: code,
  details: {},
  errors: expect.any(Object),
  request_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
});

describe('sandbox Callaro', () => {
  it('tenant keys (sk_) act inside their tenant, under /api/v1, in the success envelope', async () => {
    const { call, clr, control } = await sandbox();
    const { secret } = await control('credentials', { provider: 'callaro', kind: 'tenant_api_key', tenant: 't1', scopes: ['contacts:read', 'contacts:write'] });
    expect(secret).toMatch(/^sk_/);
    expect((await call('POST', clr('/api/v1/contacts'), { headers: tenantKey(secret!), body: { phone: '+1555' } })).status).toBe(201);
    const listed = await call('GET', clr('/api/v1/contacts'), { headers: tenantKey(secret!) });
    expect(listed.body).toMatchObject({ data: [expect.objectContaining({ phone: '+1555' })], meta: { count: 1, page: 1 }, request_id: expect.any(String) });
    const campaigns = await call('GET', clr('/api/v1/bulk_call_campaigns'), { headers: tenantKey(secret!) });
    expect(campaigns.status).toBe(403);
    // Callaro's FORBIDDEN does not name the scope: the diagnosis gets it from the route family.
    expect(campaigns.body).toEqual(refusal('FORBIDDEN'));
    const otherTenant = await call('GET', clr('/api/v1/contacts'), { headers: tenantKey(secret!, 't2') });
    expect(otherTenant.status).toBe(403);
    expect(otherTenant.body.error_code).toBe('TENANT_MISMATCH');
  });

  it('every read/write route family takes its own scope; spellings are the docs’', async () => {
    const { call, clr, control } = await sandbox();
    // [a documented read, a documented write] per family, spelled as the docs spell them.
    const families: Record<string, [string, string]> = {
      bulk_call_campaigns: ['/bulk_call_campaigns', '/bulk_call_campaigns'],
      contacts: ['/contacts', '/contacts'],
      'contact-imports': ['/contact-imports', '/contact-exports'],
      contact_segments: ['/contact_segments', '/contact_segments'],
      phone_numbers: ['/phone_numbers', '/phone_numbers/purchase'],
    };
    const scopeOf = (family: string) => (family.startsWith('contact') ? 'contacts' : family);
    for (const [family, [read, write]] of Object.entries(families)) {
      const reader = await control('credentials', { provider: 'callaro', kind: 'tenant_api_key', tenant: 't1', scopes: [`${scopeOf(family)}:read`] });
      expect((await call('GET', clr(`/api/v1${read}`), { headers: tenantKey(reader.secret!) })).status, family).toBe(200);
      expect((await call('POST', clr(`/api/v1${write}`), { headers: tenantKey(reader.secret!), body: {} })).status, family).toBe(403);
    }
    // A route the docs do not show is a 404; a documented path with another method a 405.
    const anyKey = await control('credentials', { provider: 'callaro', kind: 'tenant_api_key', tenant: 't1', scopes: ['phone_numbers:write'] });
    expect((await call('POST', clr('/api/v1/phone_numbers'), { headers: tenantKey(anyKey.secret!), body: {} })).status).toBe(405);
    const voice = await control('credentials', { provider: 'callaro', kind: 'tenant_api_key', tenant: 't1', scopes: ['voice_sessions:read'] });
    expect((await call('GET', clr('/api/v1/voice_sessions'), { headers: tenantKey(voice.secret!) })).status).toBe(200);
    const missing = await call('GET', clr('/api/v1/voice_sessions/vs_404'), { headers: tenantKey(voice.secret!) });
    expect(missing.status).toBe(404);
    expect(missing.body.error_code).toBe('SESSION_NOT_FOUND');
    expect((await call('GET', clr('/api/v1/bulk-call-campaigns'), { headers: tenantKey(voice.secret!) })).status).toBe(404);
    expect((await call('GET', clr('/v1/contacts'), { headers: tenantKey(voice.secret!) })).status).toBe(404);
  });

  it('campaign actions live under the campaign; a validation error is a 422 naming the field', async () => {
    const { call, clr, control } = await sandbox();
    const { secret } = await control('credentials', {
      provider: 'callaro',
      kind: 'tenant_api_key',
      tenant: 't1',
      scopes: ['bulk_call_campaigns:read', 'bulk_call_campaigns:write'],
    });
    const created = await call('POST', clr('/api/v1/bulk_call_campaigns'), { headers: tenantKey(secret!), body: { name: 'spring' } });
    const id = (created.body.data as { id: string }).id;
    const launched = await call('POST', clr(`/api/v1/bulk_call_campaigns/${id}/launch`), { headers: tenantKey(secret!) });
    expect(launched.body.data).toMatchObject({ id, last_action: 'launch' });
    const invalid = await call('POST', clr('/api/v1/bulk_call_campaigns'), { headers: tenantKey(secret!), body: { name: '' } });
    expect(invalid.status).toBe(422);
    expect(invalid.body).toMatchObject({ error_code: 'VALIDATION_ERROR', errors: { name: [expect.any(String)] } });
  });

  it('partner keys (pk_) go in X-Partner-Api-Key and need X-Tenant-Id on tenant routes, for their own tenants', async () => {
    const { call, clr, control } = await sandbox();
    const { secret } = await control('credentials', {
      provider: 'callaro',
      kind: 'partner_api_key',
      partner: 'p1',
      tenants: ['t1', 't2'],
      scopes: ['contacts:read'],
    });
    expect(secret).toMatch(/^pk_/);
    await control('credentials', { provider: 'callaro', kind: 'tenant_api_key', partner: 'p2', tenant: 't9', scopes: [] });
    const missing = await call('GET', clr('/api/v1/contacts'), { headers: partnerKey(secret!) });
    expect(missing.status).toBe(400);
    expect(missing.body.error_code).toBe('TENANT_CONTEXT_REQUIRED');
    expect((await call('GET', clr('/api/v1/contacts'), { headers: partnerKey(secret!, 't2') })).status).toBe(200);
    const outside = await call('GET', clr('/api/v1/contacts'), { headers: partnerKey(secret!, 't9') });
    expect(outside.status).toBe(403);
    expect(outside.body.error_code).toBe('TENANT_NOT_IN_PARTNER');
    const inTenantHeader = await call('GET', clr('/api/v1/contacts'), { headers: tenantKey(secret!, 't1') });
    expect(inTenantHeader.status).toBe(401);
    expect(inTenantHeader.body).toEqual(refusal('UNAUTHORIZED'));
  });

  it('opt-in scopes are never implied: credit allocation needs billing:partner:allocate explicitly', async () => {
    const { call, clr, control } = await sandbox();
    const reader = await control('credentials', {
      provider: 'callaro',
      kind: 'partner_api_key',
      partner: 'p1',
      tenants: ['123'],
      scopes: ['billing:partner:read'],
    });
    expect((await call('GET', clr('/api/v1/billing/partner'), { headers: partnerKey(reader.secret!) })).status).toBe(200);
    const allocate = await call('POST', clr('/api/v1/billing/allocate-credits'), {
      headers: partnerKey(reader.secret!),
      body: { tenant_id: 123, amount_major: 5000 },
    });
    expect(allocate.status).toBe(403);
    const allocator = await control('credentials', { provider: 'callaro', kind: 'partner_api_key', partner: 'p1', scopes: ['billing:partner:allocate'] });
    expect(
      (await call('POST', clr('/api/v1/billing/allocate-credits'), { headers: partnerKey(allocator.secret!), body: { tenant_id: 123, amount_major: 5000 } }))
        .status,
    ).toBe(201);
    // A tenant outside the partner is refused whatever the scopes.
    const outside = await call('POST', clr('/api/v1/billing/allocate-credits'), {
      headers: partnerKey(allocator.secret!),
      body: { tenant_id: 999, amount_major: 1 },
    });
    expect([outside.status, outside.body.error_code]).toEqual([403, 'TENANT_NOT_IN_PARTNER']);
  });

  it('runtime server keys work only on runtime routes', async () => {
    const { call, clr, control } = await sandbox();
    const runtime = await control('credentials', { provider: 'callaro', kind: 'runtime_server_key' });
    expect((await call('POST', clr('/api/v1/runtime/calls/start'), { headers: { 'X-Runtime-Key': runtime.secret! }, body: {} })).status).toBe(200);
    expect((await call('GET', clr('/api/v1/contacts'), { headers: { 'X-Runtime-Key': runtime.secret! } })).body.error_code).toBe('FORBIDDEN');
    const tenant = await control('credentials', { provider: 'callaro', kind: 'tenant_api_key', tenant: 't1', scopes: ['contacts:read'] });
    expect((await call('GET', clr('/api/v1/runtime/health'), { headers: tenantKey(tenant.secret!) })).body.error_code).toBe('FORBIDDEN');
  });

  it('key creation is JWT-only (401 JWT_REQUIRED for keys), refuses an empty scope list, and mints sk_ keys', async () => {
    const { call, clr, control } = await sandbox();
    const tenant = await control('credentials', { provider: 'callaro', kind: 'tenant_api_key', tenant: 't1', scopes: ['contacts:read'] });
    const refused = await call('POST', clr('/api/v1/api_keys'), { headers: tenantKey(tenant.secret!), body: { name: 'x', scopes: ['contacts:read'] } });
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual(refusal('JWT_REQUIRED'));
    const user = await control('credentials', { provider: 'callaro', kind: 'user', tenant: 't1', scopes: [] });
    const login = await call('POST', clr('/api/v1/auth/login'), { body: { email: user.email, password: user.password } });
    const jwt = login.body.access_token as string;
    const empty = await call('POST', clr('/api/v1/api_keys'), { headers: bearer(jwt), body: { name: 'x', scopes: [] } });
    expect(empty.status).toBe(422);
    expect(empty.body).toMatchObject({ error_code: 'VALIDATION_ERROR', errors: { scopes: [expect.any(String)] } });
    const minted = await call('POST', clr('/api/v1/api_keys'), { headers: bearer(jwt), body: { name: 'sync', scopes: ['contacts:read'] } });
    expect(minted.status).toBe(201);
    const key = (minted.body.data as { key: string }).key;
    expect(key).toMatch(/^sk_/);
    expect((await call('GET', clr('/api/v1/contacts'), { headers: tenantKey(key) })).status).toBe(200);
    const defaults = await call('POST', clr('/api/v1/api_keys'), { headers: bearer(jwt), body: { name: 'defaults' } });
    expect((defaults.body.data as { scopes: string[] }).scopes).not.toContain('billing:partner:allocate');
    expect((await call('GET', clr('/api/v1/contacts'), { headers: bearer(tenant.secret!) })).status).toBe(401);
  });

  it('partner key scope updates replace the whole set', async () => {
    const { call, clr, control, server } = await sandbox();
    const partner = await control('credentials', {
      provider: 'callaro',
      kind: 'partner_api_key',
      partner: 'p1',
      tenants: ['t1'],
      scopes: ['contacts:read', 'billing:partner:read'],
    });
    const user = await control('credentials', { provider: 'callaro', kind: 'user', tenant: 't1', scopes: [] });
    const login = await call('POST', clr('/api/v1/auth/login'), { body: { email: user.email, password: user.password } });
    const jwt = login.body.access_token as string;
    const patched = await call('PATCH', clr(`/api/v1/partners/p1/api_keys/${partner.id}`), { headers: bearer(jwt), body: { scopes: ['contacts:read'] } });
    expect(patched.body.data).toMatchObject({ scopes: ['contacts:read'] });
    expect((await call('GET', clr('/api/v1/billing/partner'), { headers: partnerKey(partner.secret!) })).status).toBe(403);
    expect(server.state.keys.get(partner.id!)!.scopes).toEqual(['contacts:read']);
  });

  it('empty scopes allow nothing, and a missing credential is a 401 UNAUTHORIZED', async () => {
    const { call, clr, control } = await sandbox();
    const empty = await control('credentials', { provider: 'callaro', kind: 'tenant_api_key', tenant: 't1', scopes: [] });
    expect((await call('GET', clr('/api/v1/contacts'), { headers: tenantKey(empty.secret!) })).status).toBe(403);
    const none = await call('GET', clr('/api/v1/contacts'));
    expect(none.status).toBe(401);
    expect(none.body).toEqual(refusal('UNAUTHORIZED'));
  });

  it('deallocation is JWT-only and idempotent; the free-credit grant is for super_admin only, whatever the scopes (C3)', async () => {
    const { call, clr, control } = await sandbox();
    const partnerKeyReply = await control('credentials', {
      provider: 'callaro',
      kind: 'partner_api_key',
      partner: 'p1',
      tenants: ['t1'],
      scopes: ['billing:partner:allocate'],
    });
    const byKey = await call('POST', clr('/api/v1/billing/deallocate-credits'), {
      headers: partnerKey(partnerKeyReply.secret!),
      body: { tenant_id: 't1', amount_major: 5 },
    });
    expect(byKey.body).toEqual(refusal('JWT_REQUIRED'));
    const login = async (role: string) => {
      const user = await control('credentials', { provider: 'callaro', kind: 'user', tenant: 't1', partner: 'p1', role });
      return bearer((await call('POST', clr('/api/v1/auth/login'), { body: { email: user.email, password: user.password } })).body.access_token as string);
    };
    const partnerAdmin = { ...(await login('partner_admin')), 'Idempotency-Key': 'dealloc:t1:inv-7' };
    const first = await call('POST', clr('/api/v1/billing/deallocate-credits'), { headers: partnerAdmin, body: { tenant_id: 't1', amount_major: 5 } });
    expect(first.status).toBe(201);
    const again = await call('POST', clr('/api/v1/billing/deallocate-credits'), { headers: partnerAdmin, body: { tenant_id: 't1', amount_major: 5 } });
    expect([again.status, (again.body.data as { id: string }).id]).toEqual([201, (first.body.data as { id: string }).id]);
    const other = await call('POST', clr('/api/v1/billing/deallocate-credits'), { headers: partnerAdmin, body: { tenant_id: 't1', amount_major: 6 } });
    expect([other.status, other.body.error_code]).toEqual([409, 'IDEMPOTENCY_CONFLICT']);

    const grant = { accountable_type: 'Tenant', accountable_id: 't1', amount: 100, description: 'goodwill' };
    const tenantAdmin = await call('POST', clr('/api/v1/billing/grant-free-prepaid-credits'), { headers: await login('tenant_admin'), body: grant });
    expect([tenantAdmin.status, tenantAdmin.body.error_code, tenantAdmin.body.error]).toEqual([403, 'FORBIDDEN', expect.stringMatching(/super_admin/)]);
    expect((await call('POST', clr('/api/v1/billing/grant-free-prepaid-credits'), { headers: await login('super_admin'), body: grant })).status).toBe(201);
    const invalid = await call('POST', clr('/api/v1/billing/grant-free-prepaid-credits'), {
      headers: await login('super_admin'),
      body: { ...grant, accountable_type: 'User' },
    });
    expect([invalid.status, invalid.body.error_code]).toEqual([422, 'VALIDATION_ERROR']);
  });

  it('voice sessions page by cursor (stop when data.next_cursor is absent); page and per_page are refused there', async () => {
    const { call, clr, control } = await sandbox();
    const { secret } = await control('credentials', { provider: 'callaro', kind: 'tenant_api_key', tenant: 't1', scopes: ['voice_sessions:read'] });
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const reply = await call('GET', clr(`/api/v1/voice_sessions?page_size=2${cursor ? `&cursor=${cursor}` : ''}`), { headers: tenantKey(secret!) });
      const data = reply.body.data as { items: { id: string }[]; next_cursor?: string };
      seen.push(...data.items.map((i) => i.id));
      cursor = data.next_cursor;
      if (!cursor) break;
    }
    expect(seen.length).toBeGreaterThan(2);
    expect(new Set(seen).size).toBe(seen.length);
    expect((await call('GET', clr(`/api/v1/voice_sessions/${seen[0]}`), { headers: tenantKey(secret!) })).status).toBe(200);
    const mixed = await call('GET', clr('/api/v1/voice_sessions?page=2&per_page=10'), { headers: tenantKey(secret!) });
    expect([mixed.status, mixed.body.error_code]).toEqual([422, 'VALIDATION_ERROR']);
  });

  it('campaigns follow the documented states, and a launch retried with its Idempotency-Key launches once', async () => {
    const { call, clr, control } = await sandbox();
    const { secret } = await control('credentials', {
      provider: 'callaro',
      kind: 'tenant_api_key',
      tenant: 't1',
      scopes: ['bulk_call_campaigns:read', 'bulk_call_campaigns:write'],
    });
    const created = await call('POST', clr('/api/v1/bulk_call_campaigns'), { headers: tenantKey(secret!), body: { name: 'autumn' } });
    const id = (created.body.data as { id: string; status: string }).id;
    expect((created.body.data as { status: string }).status).toBe('draft');
    expect((await call('POST', clr(`/api/v1/bulk_call_campaigns/${id}/pause`), { headers: tenantKey(secret!) })).status).toBe(422);
    const headers = { ...tenantKey(secret!), 'Idempotency-Key': `launch:${id}` };
    const launched = await call('POST', clr(`/api/v1/bulk_call_campaigns/${id}/launch`), { headers });
    expect((launched.body.data as { status: string }).status).toBe('running');
    const retried = await call('POST', clr(`/api/v1/bulk_call_campaigns/${id}/launch`), { headers });
    expect([retried.status, retried.headers.get('idempotent-replayed')]).toEqual([200, 'true']);
    const unkeyed = await call('POST', clr(`/api/v1/bulk_call_campaigns/${id}/launch`), { headers: tenantKey(secret!) });
    expect(unkeyed.status).toBe(422);
    expect((await call('POST', clr(`/api/v1/bulk_call_campaigns/${id}/pause`), { headers: tenantKey(secret!) })).status).toBe(200);
  });

  it('takes a lower-case bearer scheme and trims header values (RFC 9110)', async () => {
    const { call, clr, control } = await sandbox();
    const { secret } = await control('credentials', { provider: 'callaro', kind: 'tenant_api_key', tenant: 't1', scopes: ['contacts:read'] });
    expect((await call('GET', clr('/api/v1/contacts'), { headers: { 'X-Api-Key': `  ${secret}  ` } })).status).toBe(200);
    const user = await control('credentials', { provider: 'callaro', kind: 'user', tenant: 't1' });
    const jwt = (await call('POST', clr('/api/v1/auth/login'), { body: { email: user.email, password: user.password } })).body.access_token as string;
    expect((await call('GET', clr('/api/v1/contacts'), { headers: { Authorization: `bearer ${jwt}` } })).status).toBe(200);
  });
});
