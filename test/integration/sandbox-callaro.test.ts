import { describe, expect, it } from 'vitest';
import { bearer, sandbox } from '../support/sandbox-client';

const apiKey = (secret: string, tenant?: string) => ({ 'X-Api-Key': secret, ...(tenant ? { 'X-Tenant-Id': tenant } : {}) });

describe('sandbox Callaro', () => {
  it('tenant keys act inside their tenant with per-route-family scopes', async () => {
    const { call, clr, control } = await sandbox();
    const { secret } = await control('credentials', { provider: 'callaro', kind: 'tenant_api_key', tenant: 't1', scopes: ['contacts:read', 'contacts:write'] });
    expect((await call('POST', clr('/v1/contacts'), { headers: apiKey(secret!), body: { phone: '+1555' } })).status).toBe(201);
    expect((await call('GET', clr('/v1/contacts'), { headers: apiKey(secret!) })).status).toBe(200);
    const campaigns = await call('GET', clr('/v1/bulk-call-campaigns'), { headers: apiKey(secret!) });
    expect(campaigns.status).toBe(403);
    expect(campaigns.body.error).toMatchObject({ code: 'insufficient_scope', required_scope: 'bulk_call_campaigns:read' });
    expect(campaigns.headers.get('www-authenticate')).toBe('Bearer realm="callaro", error="insufficient_scope", scope="bulk_call_campaigns:read"');
    const otherTenant = await call('GET', clr('/v1/contacts'), { headers: apiKey(secret!, 't2') });
    expect(otherTenant.status).toBe(403);
    expect(otherTenant.body.error!.code).toBe('tenant_mismatch');
  });

  it('every read/write route family takes its own scope; voice sessions are read-only', async () => {
    const { call, clr, control } = await sandbox();
    const families = { 'bulk-call-campaigns': 'bulk_call_campaigns', contacts: 'contacts', 'phone-numbers': 'phone_numbers' };
    for (const [path, scope] of Object.entries(families)) {
      const reader = await control('credentials', { provider: 'callaro', kind: 'tenant_api_key', tenant: 't1', scopes: [`${scope}:read`] });
      expect((await call('GET', clr(`/v1/${path}`), { headers: apiKey(reader.secret!) })).status, path).toBe(200);
      const denied = await call('POST', clr(`/v1/${path}`), { headers: apiKey(reader.secret!), body: {} });
      expect(denied.body.error, path).toMatchObject({ required_scope: `${scope}:write` });
    }
    const voice = await control('credentials', { provider: 'callaro', kind: 'tenant_api_key', tenant: 't1', scopes: ['voice_sessions:read'] });
    expect((await call('GET', clr('/v1/voice-sessions'), { headers: apiKey(voice.secret!) })).status).toBe(200);
    expect((await call('POST', clr('/v1/voice-sessions'), { headers: apiKey(voice.secret!), body: {} })).status).toBe(405);
    const billing = await control('credentials', { provider: 'callaro', kind: 'tenant_api_key', tenant: 't1', scopes: ['billing:tenant:read'] });
    expect((await call('GET', clr('/v1/billing/tenant'), { headers: apiKey(billing.secret!) })).status).toBe(200);
  });

  it('partner keys need X-Tenant-Id on tenant routes, and only for their own tenants', async () => {
    const { call, clr, control } = await sandbox();
    const { secret } = await control('credentials', { provider: 'callaro', kind: 'partner_api_key', partner: 'p1', tenants: ['t1', 't2'], scopes: ['contacts:read'] });
    await control('credentials', { provider: 'callaro', kind: 'tenant_api_key', partner: 'p2', tenant: 't9', scopes: [] });
    const missing = await call('GET', clr('/v1/contacts'), { headers: apiKey(secret!) });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'tenant_context_missing', header: 'X-Tenant-Id' });
    expect((await call('GET', clr('/v1/contacts'), { headers: apiKey(secret!, 't2') })).status).toBe(200);
    const outside = await call('GET', clr('/v1/contacts'), { headers: apiKey(secret!, 't9') });
    expect(outside.status).toBe(403);
    expect(outside.body.error).toMatchObject({ code: 'tenant_not_in_partner', tenant: 't9', partner: 'p1' });
    expect((await call('GET', clr('/v1/partner/tenants'), { headers: apiKey(secret!) })).status).toBe(200);
  });

  it('opt-in scopes are never implied: allocations and call traces need them explicitly', async () => {
    const { call, clr, control } = await sandbox();
    const reader = await control('credentials', { provider: 'callaro', kind: 'partner_api_key', partner: 'p1', scopes: ['billing:partner:read'] });
    expect((await call('GET', clr('/v1/billing/partner'), { headers: apiKey(reader.secret!) })).status).toBe(200);
    expect((await call('GET', clr('/v1/billing/partner/allocations'), { headers: apiKey(reader.secret!) })).status).toBe(200);
    const allocate = await call('POST', clr('/v1/billing/partner/allocations'), { headers: apiKey(reader.secret!), body: { tenant: 't1', amount: 5 } });
    expect(allocate.body.error).toMatchObject({ code: 'insufficient_scope', required_scope: 'billing:partner:allocate' });
    const allocator = await control('credentials', { provider: 'callaro', kind: 'partner_api_key', partner: 'p1', scopes: ['billing:partner:allocate'] });
    expect((await call('POST', clr('/v1/billing/partner/allocations'), { headers: apiKey(allocator.secret!), body: {} })).status).toBe(201);

    const tenant = await control('credentials', { provider: 'callaro', kind: 'tenant_api_key', tenant: 't1', scopes: ['contacts:read', 'contacts:write', 'voice_sessions:read'] });
    const traces = await call('GET', clr('/v1/call-traces'), { headers: apiKey(tenant.secret!) });
    expect(traces.body.error).toMatchObject({ required_scope: 'call_traces:admin_read' });
  });

  it('runtime server keys work only on runtime routes, and nothing else works there', async () => {
    const { call, clr, control } = await sandbox();
    const runtime = await control('credentials', { provider: 'callaro', kind: 'runtime_server_key' });
    expect((await call('POST', clr('/v1/runtime/calls/start'), { headers: { 'X-Runtime-Key': runtime.secret! }, body: {} })).status).toBe(200);
    const elsewhere = await call('GET', clr('/v1/contacts'), { headers: { 'X-Runtime-Key': runtime.secret! } });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.error).toMatchObject({ code: 'wrong_credential_kind', credential_kind: 'runtime_server_key' });
    const tenant = await control('credentials', { provider: 'callaro', kind: 'tenant_api_key', tenant: 't1', scopes: ['contacts:read'] });
    const wrong = await call('GET', clr('/v1/runtime/health'), { headers: apiKey(tenant.secret!) });
    expect(wrong.body.error).toMatchObject({ code: 'wrong_credential_kind', accepted_kinds: ['runtime_server_key'] });
    const misplaced = await call('GET', clr('/v1/runtime/health'), { headers: apiKey(runtime.secret!) });
    expect(misplaced.status).toBe(401);
    expect(String(misplaced.body.error!.message)).toMatch(/X-Runtime-Key/);
  });

  it('JWT-only routes refuse API keys and accept a login session', async () => {
    const { call, clr, control } = await sandbox();
    const tenant = await control('credentials', { provider: 'callaro', kind: 'tenant_api_key', tenant: 't1', scopes: ['contacts:read'] });
    const refused = await call('GET', clr('/v1/app/dashboard'), { headers: apiKey(tenant.secret!) });
    expect(refused.body.error).toMatchObject({ code: 'wrong_credential_kind', accepted_kinds: ['jwt'] });
    const user = await control('credentials', { provider: 'callaro', kind: 'user', tenant: 't1', scopes: ['contacts:read'] });
    const login = await call('POST', clr('/v1/auth/login'), { body: { email: user.email, password: user.password } });
    const jwt = login.body.access_token as string;
    expect((await call('GET', clr('/v1/app/dashboard'), { headers: bearer(jwt) })).status).toBe(200);
    expect((await call('GET', clr('/v1/contacts'), { headers: bearer(jwt) })).status).toBe(200);
    const keyAsBearer = await call('GET', clr('/v1/contacts'), { headers: bearer(tenant.secret!) });
    expect(keyAsBearer.status).toBe(401);
    expect(String(keyAsBearer.body.error!.message)).toMatch(/X-Api-Key/);
  });

  it('partner keys mint tenant keys for their own tenants only; revoked keys are refused', async () => {
    const { call, clr, control } = await sandbox();
    const partner = await control('credentials', { provider: 'callaro', kind: 'partner_api_key', partner: 'p1', tenant: 't1', scopes: [] });
    await control('credentials', { provider: 'callaro', kind: 'tenant_api_key', partner: 'p2', tenant: 't9', scopes: [] });
    const refused = await call('POST', clr('/v1/api-keys'), { headers: apiKey(partner.secret!), body: { name: 'x', tenant_id: 't9', scopes: [] } });
    expect(refused.body.error!.code).toBe('tenant_not_in_partner');
    const minted = await call('POST', clr('/v1/api-keys'), { headers: apiKey(partner.secret!), body: { name: 'sync', tenant_id: 't1', scopes: ['contacts:read'] } });
    expect(minted.status).toBe(201);
    const secret = minted.body.secret as string;
    expect(secret).toMatch(/^clr_tk_test_/);
    expect((await call('GET', clr('/v1/contacts'), { headers: apiKey(secret) })).status).toBe(200);
    const audit = await call('GET', clr(`/v1/api-keys/${minted.body.id}/audit`), { headers: apiKey(partner.secret!) });
    expect(audit.body.entries).toEqual([expect.objectContaining({ method: 'GET', path: '/v1/contacts', status: 200 })]);
    expect((await call('DELETE', clr(`/v1/api-keys/${minted.body.id}`), { headers: apiKey(partner.secret!) })).status).toBe(204);
    expect((await call('GET', clr('/v1/contacts'), { headers: apiKey(secret) })).body.error!.code).toBe('key_revoked');
  });

  it('empty scopes allow nothing, and a missing credential is a 401 challenge', async () => {
    const { call, clr, control } = await sandbox();
    const empty = await control('credentials', { provider: 'callaro', kind: 'tenant_api_key', tenant: 't1', scopes: [] });
    expect((await call('GET', clr('/v1/contacts'), { headers: apiKey(empty.secret!) })).body.error).toMatchObject({ granted_scopes: [] });
    const none = await call('GET', clr('/v1/contacts'));
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="callaro"');
  });
});
