import { describe, expect, it } from 'vitest';
import { diagnoseExchange, PREFLIGHT_RULES, RESPONSE_RULES, type DiagnoseInput, type KnownCredential } from '../../shared/diagnosis/diagnose-exchange';
import { builtinProviders } from '../../shared/providers/builtin-providers';

// One case per named rule of the diagnosis engine; a rule added without a case fails the coverage test.
const call2me = builtinProviders.find((p) => p.id === 'call2me')!;
const callaro = builtinProviders.find((p) => p.id === 'callaro')!;
const now = new Date('2026-06-01T00:00:00Z');
const sandbox = call2me.environments.find((e) => e.id === 'sandbox')!;
const jwt = (header: object, payload: object) => [header, payload].map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).join('.') + '.c2ln';
const bearer = (secret: string) => ({ Authorization: `Bearer ${secret}` });
const KEY = 'sk_call2me_test_abcdefghijkl';
const vaultKey = (scopes: string[], status: KnownCredential['status'] = 'active'): KnownCredential => ({
  kind: 'api_key',
  scopes,
  environment: sandbox,
  boundId: null,
  status,
});
const c2m = (method: string, path: string, headers: Record<string, string>, extra: Partial<DiagnoseInput> = {}): DiagnoseInput => ({
  profile: call2me,
  now,
  request: { method, url: `https://api.call2me.app${path}`, headers },
  ...extra,
});
const clr = (method: string, path: string, headers: Record<string, string>, extra: Partial<DiagnoseInput> = {}): DiagnoseInput => ({
  profile: callaro,
  now,
  request: { method, url: `https://api.callaro.ai${path}`, headers },
  ...extra,
});
const answer = (status: number, body?: object, headers: Record<string, string> = {}) => ({
  response: { status, headers, body: body === undefined ? undefined : JSON.stringify(body) },
});

const preflight: Record<string, [DiagnoseInput, string]> = {
  'credential presented': [c2m('GET', '/v1/agents', {}), 'AUTH_MISSING'],
  'JWT not expired': [c2m('GET', '/v1/agents', bearer(jwt({ alg: 'HS256' }, { exp: now.getTime() / 1000 - 60 }))), 'TOKEN_EXPIRED'],
  'JWT signed and expiring': [c2m('GET', '/v1/agents', bearer(jwt({ alg: 'none' }, { exp: now.getTime() / 1000 + 60 }))), 'TOKEN_INSECURE'],
  'key made for this environment': [c2m('GET', '/v1/agents', bearer('sk_call2me_live_abcdefghijkl'), { environment: sandbox }), 'ENVIRONMENT_MISMATCH'],
  'key not revoked': [c2m('GET', '/v1/agents', bearer(KEY), { credential: vaultKey(['read'], 'revoked') }), 'KEY_REVOKED'],
  'known route': [c2m('GET', '/zzz/nothing', bearer(KEY)), 'UNKNOWN_ROUTE'],
  'kind accepted by the route': [clr('POST', '/api/v1/api_keys', { 'X-Api-Key': 'sk_abcdefghijkl' }), 'WRONG_CREDENTIAL_KIND'],
  'partner names its tenant': [clr('GET', '/api/v1/contacts', { 'X-Partner-Api-Key': 'pk_abcdefghijkl' }), 'TENANT_CONTEXT_MISSING'],
  'scope held': [c2m('DELETE', '/v1/agents/a1', bearer(KEY), { credential: vaultKey(['read']) }), 'SCOPE_MISSING'],
};

const response: Record<string, [DiagnoseInput, string]> = {
  RATE_LIMITED: [c2m('GET', '/v1/agents', bearer(KEY), answer(429, { detail: 'slow down' }, { 'retry-after': '3' })), 'RATE_LIMITED'],
  TOKEN_EXPIRED: [
    c2m('GET', '/v1/agents', bearer(jwt({ alg: 'HS256' }, { exp: now.getTime() / 1000 + 60 })), answer(401, { error: 'token_expired' })),
    'TOKEN_EXPIRED',
  ],
  KEY_REVOKED: [c2m('GET', '/v1/agents', bearer(KEY), answer(401, { error: 'key_revoked' })), 'KEY_REVOKED'],
  KEY_INVALID: [c2m('GET', '/v1/agents', bearer(KEY), answer(401, { error: { code: 'invalid_key', message: 'no such key' } })), 'KEY_INVALID'],
  WRONG_CREDENTIAL_KIND: [
    clr(
      'POST',
      '/api/v1/api_keys',
      { Authorization: `Bearer ${jwt({ alg: 'HS256' }, { exp: now.getTime() / 1000 + 60 })}` },
      answer(401, { error_code: 'JWT_REQUIRED', error: 'JWT required' }),
    ),
    'WRONG_CREDENTIAL_KIND',
  ],
  SCOPE_MISSING: [c2m('DELETE', '/v1/agents/a1', bearer(KEY), answer(403, { error: { code: 'forbidden', message: 'no' } })), 'SCOPE_MISSING'],
  TENANT_CONTEXT_MISSING: [
    clr(
      'GET',
      '/api/v1/contacts',
      { 'X-Partner-Api-Key': 'pk_abcdefghijkl', 'X-Tenant-Id': 't1' },
      answer(400, { error_code: 'TENANT_CONTEXT_REQUIRED', error: 'tenant?' }),
    ),
    'TENANT_CONTEXT_MISSING',
  ],
  TENANT_NOT_IN_PARTNER: [
    clr(
      'GET',
      '/api/v1/contacts',
      { 'X-Partner-Api-Key': 'pk_abcdefghijkl', 'X-Tenant-Id': 't9' },
      answer(403, { error_code: 'TENANT_NOT_IN_PARTNER', error: 'not yours' }),
    ),
    'TENANT_NOT_IN_PARTNER',
  ],
  TENANT_MISMATCH: [
    clr('GET', '/api/v1/contacts', { 'X-Api-Key': 'sk_abcdefghijkl' }, answer(403, { error_code: 'TENANT_MISMATCH', error: 'other tenant' })),
    'TENANT_MISMATCH',
  ],
  WORKSPACE_MISMATCH: [
    c2m('GET', '/v1/agents/a1', bearer(KEY), answer(403, { error: { code: 'workspace_mismatch', message: 'other workspace' } })),
    'WORKSPACE_MISMATCH',
  ],
  RESOURCE_NOT_FOUND: [c2m('GET', '/v1/agents/a1', bearer(KEY), answer(404, { error: { code: 'not_found', message: 'no agent a1' } })), 'RESOURCE_NOT_FOUND'],
  VALIDATION_FAILED: [
    c2m('POST', '/v1/agents', bearer(KEY), answer(422, { error: { code: 'validation_failed', message: 'bad', field: 'name' } })),
    'VALIDATION_FAILED',
  ],
  CONFLICT: [c2m('POST', '/v1/agents', bearer(KEY), answer(409, { error: { code: 'conflict', message: 'exists' } })), 'CONFLICT'],
  WALLET_EMPTY: [c2m('POST', '/v1/calls/outbound', bearer(KEY), answer(402, { error: { code: 'insufficient_balance', message: 'top up' } })), 'WALLET_EMPTY'],
  SERVER_ERROR: [c2m('GET', '/v1/agents', bearer(KEY), answer(503, { error: { code: 'unavailable', message: 'down', request_id: 'req_1' } })), 'SERVER_ERROR'],
};

describe('diagnosis rules, one case each', () => {
  it('has a case for every preflight and response rule', () => {
    expect(Object.keys(preflight).sort()).toEqual(PREFLIGHT_RULES.map((r) => r.name).sort());
    expect(Object.keys(response).sort()).toEqual(Object.keys(RESPONSE_RULES).sort());
  });

  for (const [name, [input, code]] of Object.entries(preflight)) {
    it(`preflight rule "${name}" finds ${code}`, () => {
      expect(diagnoseExchange(input).map((f) => `${f.source}:${f.code}`)).toContain(`preflight:${code}`);
    });
  }

  for (const [name, [input, code]] of Object.entries(response)) {
    it(`response rule ${name} finds ${code}`, () => {
      expect(diagnoseExchange(input).map((f) => `${f.source}:${f.code}`)).toContain(`response:${code}`);
    });
  }

  it('a clean request with the right key finds nothing', () => {
    expect(diagnoseExchange(c2m('GET', '/v1/agents', bearer(KEY), { credential: vaultKey(['read']), environment: sandbox }))).toEqual([]);
  });
});

describe('a 431 (headers too large)', () => {
  it('says what happened, with no body to read, and that the credential is not the problem', () => {
    const [finding] = diagnoseExchange(c2m('GET', '/v1/agents', { ...bearer(KEY), Cookie: 'x'.repeat(20_000) }, { response: { status: 431, headers: {} } }));
    expect(finding).toMatchObject({ code: 'VALIDATION_FAILED', source: 'response', title: 'The request headers are too large' });
    expect(finding!.detail).toMatch(/too large \(431\).*not an auth problem/);
    expect(finding!.fix).toMatch(/fewer or shorter headers/);
  });
});
