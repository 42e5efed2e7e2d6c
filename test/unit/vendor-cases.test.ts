import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { diagnosePasted } from '../../electron/exchange-import/diagnose-pasted';
import { exchangeFromCurl } from '../../electron/exchange-import/pasted-exchanges';
import { ExchangePipeline } from '../../electron/redaction/exchange-pipeline';
import { diagnoseExchange } from '../../shared/diagnosis/diagnose-exchange';
import type { Finding } from '../../shared/diagnosis/finding';
import { builtinProviders } from '../../shared/providers/builtin-providers';

/**
 * Real-shaped exchanges, written the way each vendor documents them (../shared/vendors/README.md),
 * and the finding each must get: code, facts, fix and retry guidance.
 */
const callaro = builtinProviders.find((p) => p.id === 'callaro')!;
const call2me = builtinProviders.find((p) => p.id === 'call2me')!;
const now = new Date('2026-12-01T12:00:00Z');
const TENANT = 'sk_4f9a2c7d1e8b3a6f5c2d';
const PARTNER = 'pk_9b8a7c6d5e4f3a2b1c0d';
const C2M = 'sk_call2me_live_AbCdEf1234567890';
const requestId = '5d3f2a1b-8c7e-4f6a-9b0c-1d2e3f4a5b6c';
const callaroError = (error: string, code: string, errors: object = {}) =>
  JSON.stringify({ error, error_code: code, details: {}, errors, request_id: requestId });

interface Case {
  name: string;
  profile: typeof callaro;
  method?: string;
  url: string;
  headers?: Record<string, string>;
  status: number;
  responseHeaders?: Record<string, string>;
  body?: string;
  expect: Partial<Finding>;
}

const cases: Case[] = [
  // Callaro: the flat envelope and its documented codes.
  {
    name: 'Callaro docs curl, bare FORBIDDEN: the scope comes from the route family',
    profile: callaro,
    url: 'https://api.callaro.ai/api/v1/contacts',
    headers: { 'X-Api-Key': TENANT },
    status: 403,
    body: callaroError('Forbidden', 'FORBIDDEN'),
    expect: { code: 'SCOPE_MISSING', requiredScope: 'contacts:read', retryable: false, requestId },
  },
  {
    name: 'a Callaro tenant key sent as Authorization: Bearer',
    profile: callaro,
    url: 'https://api.callaro.ai/api/v1/contacts',
    headers: { Authorization: `Bearer ${TENANT}` },
    status: 401,
    body: callaroError('Unauthorized', 'UNAUTHORIZED'),
    expect: { code: 'WRONG_HEADER', credentialKind: 'tenant_api_key', expectedHeader: 'X-Api-Key', foundIn: 'Authorization header', retryable: false },
  },
  {
    name: 'a partner key in the tenant header',
    profile: callaro,
    url: 'https://api.callaro.ai/api/v1/billing/partner',
    headers: { 'X-Api-Key': PARTNER },
    status: 401,
    body: callaroError('Unauthorized', 'UNAUTHORIZED'),
    expect: { code: 'WRONG_HEADER', credentialKind: 'partner_api_key', expectedHeader: 'X-Partner-Api-Key' },
  },
  {
    name: 'a key in the query string',
    profile: callaro,
    url: `https://api.callaro.ai/api/v1/contacts?api_key=${TENANT}`,
    status: 401,
    body: callaroError('Unauthorized', 'UNAUTHORIZED'),
    expect: { code: 'WRONG_HEADER', foundIn: 'query parameter api_key', expectedHeader: 'X-Api-Key' },
  },
  {
    name: 'JWT_REQUIRED: minting a key with an API key',
    profile: callaro,
    method: 'POST',
    url: 'https://api.callaro.ai/api/v1/api_keys',
    headers: { 'X-Api-Key': TENANT },
    status: 401,
    body: callaroError('JWT required', 'JWT_REQUIRED'),
    expect: { code: 'WRONG_CREDENTIAL_KIND', acceptedKinds: ['jwt'] },
  },
  {
    name: 'FORBIDDEN on credit allocation: an opt-in scope',
    profile: callaro,
    method: 'POST',
    url: 'https://api.callaro.ai/api/v1/billing/allocate-credits',
    headers: { 'X-Partner-Api-Key': PARTNER },
    status: 403,
    body: callaroError('Forbidden', 'FORBIDDEN'),
    expect: { code: 'SCOPE_OPT_IN_REQUIRED', requiredScope: 'billing:partner:allocate' },
  },
  {
    name: 'SESSION_NOT_FOUND: the credential is fine, the tenant context may not be',
    profile: callaro,
    url: 'https://api.callaro.ai/api/v1/voice_sessions/vs_123',
    headers: { 'X-Partner-Api-Key': PARTNER, 'X-Tenant-Id': '42' },
    status: 404,
    body: callaroError('Session not found', 'SESSION_NOT_FOUND'),
    expect: { code: 'RESOURCE_NOT_FOUND', retryable: false },
  },
  {
    name: 'a 404 on a path without the /api prefix',
    profile: callaro,
    url: 'https://api.callaro.ai/v1/contacts',
    headers: { 'X-Api-Key': TENANT },
    status: 404,
    body: callaroError('Not found', 'NOT_FOUND'),
    expect: { code: 'WRONG_PATH', suggestedPath: '/api/v1/contacts' },
  },
  {
    name: 'a 404 on hyphens where the docs use underscores',
    profile: callaro,
    url: 'https://api.callaro.ai/api/v1/bulk-call-campaigns',
    headers: { 'X-Api-Key': TENANT },
    status: 404,
    body: callaroError('Not found', 'NOT_FOUND'),
    expect: { code: 'WRONG_PATH', suggestedPath: '/api/v1/bulk_call_campaigns' },
  },
  {
    name: 'VALIDATION_ERROR names the field',
    profile: callaro,
    method: 'POST',
    url: 'https://api.callaro.ai/api/v1/bulk_call_campaigns',
    headers: { 'X-Api-Key': TENANT },
    status: 422,
    body: callaroError('Validation failed', 'VALIDATION_ERROR', { agent_id: ['is required'] }),
    expect: { code: 'VALIDATION_FAILED', field: 'agent_id', retryable: false },
  },
  {
    name: 'INTERNAL_ERROR is retryable and quotes the request id',
    profile: callaro,
    url: 'https://api.callaro.ai/api/v1/contacts',
    headers: { 'X-Api-Key': TENANT },
    status: 500,
    body: callaroError('Internal error', 'INTERNAL_ERROR'),
    expect: { code: 'SERVER_ERROR', retryable: true, requestId },
  },
  {
    name: 'a 401 with nothing sent',
    profile: callaro,
    url: 'https://api.callaro.ai/api/v1/contacts',
    status: 401,
    body: callaroError('Unauthorized', 'UNAUTHORIZED'),
    expect: { code: 'AUTH_MISSING' },
  },
  // Call2Me: three error shapes, the wallet, rate limits.
  {
    name: 'Call2Me 402: the wallet is empty, retry after topping up',
    profile: call2me,
    method: 'POST',
    url: 'https://api.call2me.app/v1/calls/outbound',
    headers: { Authorization: `Bearer ${C2M}` },
    status: 402,
    body: JSON.stringify({ error: { code: 'insufficient_balance', message: 'Wallet balance too low', request_id: 'req_abc123' } }),
    expect: { code: 'WALLET_EMPTY', retryable: true, requestId: 'req_abc123' },
  },
  {
    name: 'the nested error shape names the field',
    profile: call2me,
    method: 'POST',
    url: 'https://api.call2me.app/v1/calls/outbound',
    headers: { Authorization: `Bearer ${C2M}` },
    status: 400,
    body: JSON.stringify({ error: { code: 'validation_failed', message: 'to_number must be E.164', field: 'to_number', request_id: 'req_abc123' } }),
    expect: { code: 'VALIDATION_FAILED', field: 'to_number', requestId: 'req_abc123' },
  },
  {
    name: 'the flat error shape names the field in detail',
    profile: call2me,
    method: 'POST',
    url: 'https://api.call2me.app/v1/members/invitations',
    headers: { Authorization: `Bearer ${C2M}` },
    status: 400,
    body: JSON.stringify({ error: 'validation_error', message: 'Invalid email', detail: { field: 'email', reason: 'format' } }),
    expect: { code: 'VALIDATION_FAILED', field: 'email' },
  },
  {
    name: 'the bare {"detail"} shape on 429, with Retry-After',
    profile: call2me,
    url: 'https://api.call2me.app/v1/agents',
    headers: { Authorization: `Bearer ${C2M}` },
    status: 429,
    responseHeaders: { 'Retry-After': '12', 'X-RateLimit-Limit': '100', 'X-RateLimit-Remaining': '0' },
    body: JSON.stringify({ detail: 'Rate limit exceeded. Try again in 12 seconds.' }),
    expect: { code: 'RATE_LIMITED', retryAfterSeconds: 12, retryable: true },
  },
  {
    name: 'a 429 with only X-RateLimit-Reset',
    profile: call2me,
    url: 'https://api.call2me.app/v1/agents',
    headers: { Authorization: `Bearer ${C2M}` },
    status: 429,
    responseHeaders: { 'X-RateLimit-Reset': String(now.getTime() / 1000 + 30) },
    expect: { code: 'RATE_LIMITED', retryAfterSeconds: 30 },
  },
  {
    name: 'token_expired on an API key is not explained as a JWT expiry',
    profile: call2me,
    url: 'https://api.call2me.app/v1/agents',
    headers: { Authorization: `Bearer ${C2M}` },
    status: 401,
    body: JSON.stringify({ error: { code: 'token_expired', message: 'expired' } }),
    expect: { code: 'KEY_INVALID' },
  },
  {
    name: 'a 401 with a key sent is not AUTH_MISSING',
    profile: call2me,
    url: 'https://api.call2me.app/v1/agents',
    headers: { Authorization: `Bearer ${C2M}` },
    status: 401,
    expect: { code: 'KEY_INVALID' },
  },
  {
    name: '409 is a conflict, not an auth problem',
    profile: call2me,
    method: 'POST',
    url: 'https://api.call2me.app/v1/campaigns',
    headers: { Authorization: `Bearer ${C2M}` },
    status: 409,
    expect: { code: 'CONFLICT', retryable: false },
  },
  {
    name: '503 is the server, retryable',
    profile: call2me,
    url: 'https://api.call2me.app/v1/agents',
    headers: { Authorization: `Bearer ${C2M}` },
    status: 503,
    expect: { code: 'SERVER_ERROR', retryable: true },
  },
  {
    name: 'a Call2Me key in X-Api-Key',
    profile: call2me,
    url: 'https://api.call2me.app/v1/agents',
    headers: { 'X-Api-Key': C2M },
    status: 401,
    expect: { code: 'WRONG_HEADER', expectedHeader: 'Authorization' },
  },
  {
    name: 'a plain 403 on an outbound call: write is missing',
    profile: call2me,
    method: 'POST',
    url: 'https://api.call2me.app/v1/calls/outbound',
    headers: { Authorization: `Bearer ${C2M}` },
    status: 403,
    expect: { code: 'SCOPE_MISSING', requiredScope: 'write', fix: 'Mint a key with the right scope' },
  },
];

describe('real-shaped vendor exchanges', () => {
  it.each(cases)('$name', (c) => {
    const findings = diagnoseExchange({
      profile: c.profile,
      now,
      request: { method: c.method ?? 'GET', url: c.url, headers: c.headers ?? {} },
      response: { status: c.status, headers: c.responseHeaders ?? {}, body: c.body },
    });
    expect(findings[0]).toMatchObject({ ...c.expect, source: 'response' });
    expect(findings[0]!.fix.length).toBeGreaterThan(10);
  });

  it('says plainly that the credential is fine when the problem is elsewhere', () => {
    for (const status of [402, 409, 422, 503]) {
      const [finding] = diagnoseExchange({
        profile: call2me,
        now,
        request: { method: 'POST', url: 'https://api.call2me.app/v1/agents', headers: { Authorization: `Bearer ${C2M}` } },
        response: { status, headers: {} },
      });
      expect(finding!.detail).toMatch(/not an auth problem/);
    }
  });
});

describe('placing pasted material', () => {
  const pipeline = new ExchangePipeline(
    () => builtinProviders,
    (s) => createHmac('sha256', 'k').update(s).digest('hex').slice(0, 12),
  );
  const place = (curl: string) => diagnosePasted([exchangeFromCurl(curl)], builtinProviders, now, pipeline)[0]!;

  it('recognises the request from Callaro’s own documentation, by its host', () => {
    const entry = place(`curl "https://api.callaro.ai/api/v1/contacts" -H "X-Api-Key: ${TENANT}"`);
    expect(entry).toMatchObject({ provider: 'callaro', environment: 'production', placedBy: 'host' });
  });

  it('places an unknown host by a documented path before the credential’s shape', () => {
    const entry = place(`curl "https://gateway.example/api/v1/contacts" -H "Authorization: Bearer ${C2M}"`);
    expect(entry).toMatchObject({ provider: 'callaro', placedBy: 'path' });
  });

  it('falls back to the credential: any sk_call2me_ key is Call2Me’s', () => {
    const entry = place(`curl "https://gateway.example/agents" -H "Authorization: Bearer sk_call2me_AbCdEf12345678"`);
    expect(entry).toMatchObject({ provider: 'call2me', placedBy: 'credential' });
  });

  it('refuses text that is not a curl command', () => {
    expect(() => exchangeFromCurl('GET https://api.call2me.app/v1/agents')).toThrow(/not a curl command/);
  });
});
