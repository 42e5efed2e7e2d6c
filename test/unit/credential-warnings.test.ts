import { describe, expect, it } from 'vitest';
import { builtinProviders } from '../../shared/providers/builtin-providers';
import { credentialWarnings, scopeRisk, type WarningInput } from '../../shared/vault/credential-warnings';

const callaro = builtinProviders.find((p) => p.id === 'callaro')!;
const call2me = builtinProviders.find((p) => p.id === 'call2me')!;
const env = (profile: typeof callaro, id: string) => profile.environments.find((e) => e.id === id)!;
const kind = (profile: typeof callaro, id: string) => profile.credentialKinds.find((k) => k.id === id)!;

function input(overrides: Partial<WarningInput> = {}): WarningInput {
  return {
    profile: call2me,
    environment: env(call2me, 'sandbox'),
    kind: kind(call2me, 'api_key'),
    scopes: ['write'],
    boundId: 'acme',
    expiresAt: null,
    secret: 'sk_call2me_test_abcdefghijkl',
    sameSecret: [],
    now: new Date('2026-06-01T00:00:00Z'),
    ...overrides,
  };
}

const codes = (overrides: Partial<WarningInput>) => credentialWarnings(input(overrides)).map((w) => w.code);

describe('credentialWarnings', () => {
  it('is silent for a well-formed test key with scopes in the sandbox', () => {
    expect(credentialWarnings(input())).toEqual([]);
  });

  it('flags a live-looking key in a sandbox environment, and a test key in production', () => {
    expect(codes({ secret: 'sk_call2me_live_abcdefghijkl' })).toEqual(['LIVE_KEY_IN_TEST_ENVIRONMENT']);
    expect(codes({ environment: env(call2me, 'production') })).toEqual(['TEST_KEY_IN_LIVE_ENVIRONMENT']);
    expect(codes({ environment: env(call2me, 'production'), secret: 'sk_call2me_live_abcdefghijkl' })).toEqual([]);
  });

  it('flags a secret that does not match the kind’s shape, saying the expected shape in words with an example, never as a regex', () => {
    const [warning] = credentialWarnings(input({ secret: 'ghp_notacall2mekey' }));
    expect(warning).toMatchObject({ code: 'SECRET_SHAPE_MISMATCH', severity: 'warning' });
    expect(warning!.fix).toContain('sk_call2me_ or c2m_sk_ and at least 8 letters, digits, - or _ (sk_call2me_live_AbCd1234…');
    expect(warning!.fix).not.toMatch(/[\^$]|\[A-Z/);
  });

  it('says empty scopes mean no permissions, never allow-all', () => {
    const [warning] = credentialWarnings(input({ scopes: [] }));
    expect(warning!.code).toBe('SCOPES_EMPTY');
    expect(warning!.message).toMatch(/no permissions/);
    expect(warning!.message).toMatch(/never "allow all"/);
  });

  it('refuses scopes the provider does not have', () => {
    const warnings = credentialWarnings(input({ scopes: ['write', 'superuser'] }));
    expect(warnings).toEqual([expect.objectContaining({ code: 'UNKNOWN_SCOPE', severity: 'error' })]);
  });

  it('marks opt-in scopes and admin scopes', () => {
    const tenantKey = { profile: callaro, environment: env(callaro, 'sandbox'), kind: kind(callaro, 'partner_api_key'), secret: 'pk_abcdefgh12' };
    expect(codes({ ...tenantKey, scopes: ['billing:partner:read', 'billing:partner:allocate'] })).toEqual(['OPT_IN_SCOPE']);
    expect(codes({ ...tenantKey, scopes: ['call_traces:admin_read'] })).toEqual(['OPT_IN_SCOPE']);
    expect(codes({ scopes: ['admin'] })).toEqual(['ADMIN_SCOPE']);
  });

  it('asks to split campaign write from billing or contact scopes', () => {
    const tenant = { profile: callaro, environment: env(callaro, 'sandbox'), kind: kind(callaro, 'tenant_api_key'), secret: 'sk_abcdefgh12' };
    expect(codes({ ...tenant, scopes: ['bulk_call_campaigns:read', 'bulk_call_campaigns:write', 'contacts:read'] })).toEqual(['SPLIT_BLAST_RADIUS']);
    expect(codes({ ...tenant, scopes: ['bulk_call_campaigns:read', 'bulk_call_campaigns:write', 'billing:tenant:read'] })).toEqual(['SPLIT_BLAST_RADIUS']);
    expect(codes({ ...tenant, scopes: ['bulk_call_campaigns:read', 'contacts:read', 'billing:tenant:read'] })).toEqual([]);
  });

  it('flags write scopes with no read, unless the write implies it', () => {
    const tenant = { profile: callaro, environment: env(callaro, 'sandbox'), kind: kind(callaro, 'tenant_api_key'), secret: 'sk_abcdefgh12' };
    expect(codes({ ...tenant, scopes: ['contacts:write'] })).toEqual(['WRITE_WITHOUT_READ']);
    expect(codes({ ...tenant, scopes: ['contacts:write', 'contacts:read'] })).toEqual([]);
    // Call2Me's write includes read.
    expect(codes({ scopes: ['write'] })).toEqual([]);
  });

  it('warns about the same secret in two environments, and refuses it twice in one', () => {
    expect(codes({ sameSecret: [{ name: 'prod', providerId: 'call2me', environmentId: 'production' }] })).toEqual(['SAME_SECRET_OTHER_ENVIRONMENT']);
    const [duplicate] = credentialWarnings(input({ sameSecret: [{ name: 'demo', providerId: 'call2me', environmentId: 'sandbox' }] }));
    expect(duplicate).toMatchObject({ code: 'DUPLICATE_SECRET', severity: 'error' });
    expect(duplicate!.message).toContain('"demo"');
  });

  it('asks for the tenant or workspace a key is bound to', () => {
    expect(codes({ boundId: null })).toEqual(['BOUND_ID_MISSING']);
    const runtime = { profile: callaro, environment: env(callaro, 'sandbox'), kind: kind(callaro, 'runtime_server_key'), secret: 'rk_abcdefgh12', scopes: [] };
    expect(codes({ ...runtime, boundId: null })).toEqual([]);
  });

  it('notes scopes on a kind that has none, and an expiry in the past', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
    expect(codes({ kind: kind(call2me, 'jwt'), secret: jwt, scopes: ['read'] })).toEqual(['SCOPES_NOT_USED_BY_KIND']);
    expect(codes({ expiresAt: '2026-01-01T00:00:00Z' })).toEqual(['ALREADY_EXPIRED']);
    expect(codes({ expiresAt: '2027-01-01T00:00:00Z' })).toEqual([]);
  });

  it('skips shape checks when no secret is given (metadata edits)', () => {
    expect(codes({ secret: undefined, scopes: [] })).toEqual(['SCOPES_EMPTY']);
  });
});

describe('scopeRisk', () => {
  it('marks opt-in and risky scopes for the chips', () => {
    const scope = (id: string) => [...callaro.scopes, ...call2me.scopes].find((s) => s.id === id)!;
    expect(scopeRisk(scope('billing:partner:allocate'))).toBe('opt-in');
    expect(scopeRisk(scope('admin'))).toBe('risky');
    expect(scopeRisk(scope('contacts:write'))).toBe('risky');
    expect(scopeRisk(scope('contacts:read'))).toBeNull();
  });
});
