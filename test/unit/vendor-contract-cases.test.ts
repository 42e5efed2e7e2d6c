import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { diagnosePasted } from '../../electron/exchange-import/diagnose-pasted';
import { exchangeFromCurl, exchangesFromHar } from '../../electron/exchange-import/pasted-exchanges';
import { exchangeFromRawHttp } from '../../electron/exchange-import/raw-http';
import { ExchangePipeline } from '../../electron/redaction/exchange-pipeline';
import { diagnoseExchange } from '../../shared/diagnosis/diagnose-exchange';
import type { Finding } from '../../shared/diagnosis/finding';
import { builtinProviders } from '../../shared/providers/builtin-providers';
import { operationsFor } from '../../shared/providers/route-match';

/**
 * Exchanges shaped as the vendors' own pages, SDKs and OpenAPI document show them
 * (../shared/vendors/README.md, cited per case), and as RFC 9110 says HTTP reads them. 30 of the
 * file's first 42 tests failed on the engine that read hand-typed profiles.
 */
const callaro = builtinProviders.find((p) => p.id === 'callaro')!;
const call2me = builtinProviders.find((p) => p.id === 'call2me')!;
const now = new Date('2026-12-01T12:00:00Z');
const TENANT = 'sk_4f9a2c7d1e8b3a6f5c2d';
const PARTNER = 'pk_9b8a7c6d5e4f3a2b1c0d';
const C2M = 'sk_call2me_live_AbCdEf1234567890';
const jwt = (payload: object) =>
  [{ alg: 'HS256', typ: 'JWT' }, payload].map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).join('.') + '.c2lnbmF0dXJl';
const EXPIRED = jwt({ sub: 'u1', exp: now.getTime() / 1000 - 120 });
const FRESH = jwt({ sub: 'u1', exp: now.getTime() / 1000 + 3600 });
const callaroError = (error: string, code: string, errors: object = {}) =>
  JSON.stringify({ error, error_code: code, details: {}, errors, request_id: '5d3f2a1b-8c7e-4f6a-9b0c-1d2e3f4a5b6c' });

interface Case {
  name: string;
  source: string;
  profile: typeof callaro;
  method?: string;
  url: string;
  headers?: Record<string, string>;
  status: number;
  responseHeaders?: Record<string, string>;
  body?: string;
  /** The first finding; null: no finding at all. */
  expect: Partial<Finding> | null;
  /** Words the first finding's text must (or must not) use. */
  says?: RegExp;
  never?: RegExp;
}

const cases: Case[] = [
  // HTTP itself (C4): schemes and header names are case-insensitive, whitespace around values is not part of them.
  {
    name: 'Call2Me: lower-case "bearer" with an expired JWT is an expired token, not a malformed header',
    source: 'RFC 9110 11.1; call2me.app/docs (JWTs expire after 1 hour, renew with the refresh token)',
    profile: call2me,
    url: 'https://api.call2me.app/v1/agents',
    headers: { authorization: `bearer ${EXPIRED}` },
    status: 401,
    body: JSON.stringify({ detail: 'Could not validate credentials' }),
    expect: { code: 'TOKEN_EXPIRED' },
    says: /POST \/v1\/auth\/refresh/,
    never: /API key|scheme/,
  },
  {
    name: 'Call2Me: a 200 to "BEARER" has nothing to say',
    source: 'RFC 9110 11.1',
    profile: call2me,
    url: 'https://api.call2me.app/v1/agents?limit=100&offset=0',
    headers: { Authorization: `BEARER ${C2M}` },
    status: 200,
    expect: null,
  },
  {
    name: 'Callaro: optional whitespace around X-Api-Key is not part of the key',
    source: 'RFC 9110 5.5; developers.callaro.ai/api-reference/contacts/overview (X-Api-Key: $CALLARO_API_KEY)',
    profile: callaro,
    url: 'https://api.callaro.ai/api/v1/contacts?page=1&per_page=20',
    headers: { 'x-api-key': `  ${TENANT}\t` },
    status: 403,
    body: callaroError('Forbidden', 'FORBIDDEN'),
    expect: { code: 'SCOPE_MISSING', requiredScope: 'contacts:read' },
    never: /malformed|scheme/,
  },
  // Expired and refused tokens name the routes that fix them.
  {
    name: 'Callaro: an expired JWT on a 401 UNAUTHORIZED',
    source: 'developers.callaro.ai/getting-started/authentication (JWT as Authorization: Bearer); A5 errors',
    profile: callaro,
    url: 'https://api.callaro.ai/api/v1/agents',
    headers: { Authorization: `Bearer ${EXPIRED}` },
    status: 401,
    body: callaroError('Unauthorized', 'UNAUTHORIZED'),
    expect: { code: 'TOKEN_EXPIRED' },
    says: /refresh/i,
    never: /API key/,
  },
  {
    name: 'Call2Me: a refused refresh token means logging in again, and the route takes no header',
    source: 'call2me.app/docs/authentication (POST /v1/auth/refresh with {refresh_token}); OpenAPI /v1/auth/refresh',
    profile: call2me,
    method: 'POST',
    url: 'https://api.call2me.app/v1/auth/refresh',
    headers: { 'Content-Type': 'application/json' },
    status: 401,
    body: JSON.stringify({ detail: 'Invalid refresh token' }),
    expect: { code: 'TOKEN_EXPIRED' },
    says: /POST \/v1\/auth\/login/,
    never: /Authorization|Bearer/,
  },
  {
    name: 'Call2Me: a refused login is about the email and password',
    source: 'call2me.app/docs/authentication (POST /v1/auth/login {email, password})',
    profile: call2me,
    method: 'POST',
    url: 'https://api.call2me.app/v1/auth/login',
    status: 401,
    body: JSON.stringify({ detail: 'Incorrect email or password' }),
    expect: { code: 'KEY_INVALID' },
    says: /email and password/,
  },
  // Public routes take no credential.
  {
    name: 'Call2Me: sign-up without a credential succeeds and is not "no credential"',
    source: 'api-reference: POST /v1/auth/register; OpenAPI POST /v1/auth/signup; README C2 public routes',
    profile: call2me,
    method: 'POST',
    url: 'https://api.call2me.app/v1/auth/signup',
    status: 201,
    expect: null,
  },
  {
    name: 'Call2Me: the widget embed config of a missing widget is a 404, not an auth problem, and no credential was "accepted"',
    source: 'call2me.app/docs/api-reference (Public: GET /v1/widgets/{id}/config)',
    profile: call2me,
    url: 'https://api.call2me.app/v1/widgets/wgt_123/config',
    status: 404,
    body: JSON.stringify({ detail: 'Widget not found' }),
    expect: { code: 'RESOURCE_NOT_FOUND' },
    never: /credential was accepted|No credential/,
  },
  // The request target as sent.
  {
    name: 'Callaro: a trailing slash is not the documented route',
    source: 'developers.callaro.ai/api-reference/campaigns/overview (GET /api/v1/bulk_call_campaigns); RFC 9110 4.2',
    profile: callaro,
    url: 'https://api.callaro.ai/api/v1/bulk_call_campaigns/?page=1',
    headers: { 'X-Api-Key': TENANT },
    status: 404,
    body: callaroError('Not found', 'NOT_FOUND'),
    expect: { code: 'WRONG_PATH', suggestedPath: '/api/v1/bulk_call_campaigns' },
    says: /with the same query/,
    never: /check the id/i,
  },
  {
    name: 'Callaro: only the separators that differ are rewritten, the id is kept',
    source: 'developers.callaro.ai/api-reference/contacts/overview (GET /api/v1/contact-imports/{id}/error_report)',
    profile: callaro,
    url: 'https://api.callaro.ai/api/v1/contact_imports/imp-2026_01/error-report',
    headers: { 'X-Api-Key': TENANT },
    status: 404,
    body: callaroError('Not found', 'NOT_FOUND'),
    expect: { code: 'WRONG_PATH', suggestedPath: '/api/v1/contact-imports/imp-2026_01/error_report' },
  },
  {
    name: 'Call2Me: a singular resource name',
    source: 'OpenAPI GET /v1/agents/{agent_id}',
    profile: call2me,
    url: 'https://api.call2me.app/v1/agent/agent_0123456789ab',
    headers: { Authorization: `Bearer ${C2M}` },
    status: 404,
    body: JSON.stringify({ detail: 'Not Found' }),
    expect: { code: 'WRONG_PATH', suggestedPath: '/v1/agents/agent_0123456789ab' },
  },
  {
    name: 'Call2Me: another version',
    source: 'call2me.app/docs (paths start with /v1/)',
    profile: call2me,
    url: 'https://api.call2me.app/v2/agents',
    headers: { Authorization: `Bearer ${C2M}` },
    status: 404,
    body: JSON.stringify({ detail: 'Not Found' }),
    expect: { code: 'WRONG_PATH', suggestedPath: '/v1/agents' },
  },
  {
    name: 'Call2Me: a path one rewrite cannot reach is unknown, with no invented suggestion',
    source: 'OpenAPI (230 paths)',
    profile: call2me,
    url: 'https://api.call2me.app/v1/telepathy/sessions',
    headers: { Authorization: `Bearer ${C2M}` },
    status: 404,
    body: JSON.stringify({ detail: 'Not Found' }),
    expect: { code: 'UNKNOWN_ROUTE' },
  },
  // Documented routes are known.
  {
    name: 'Callaro: deallocate-credits is documented (JWT only)',
    source: 'developers.callaro.ai/api-reference/billing/deallocate-tenant-credits-back-to-the-partner-wallet',
    profile: callaro,
    method: 'POST',
    url: 'https://api.callaro.ai/api/v1/billing/deallocate-credits',
    headers: { 'X-Api-Key': TENANT },
    status: 401,
    body: callaroError('JWT required', 'JWT_REQUIRED'),
    expect: { code: 'WRONG_CREDENTIAL_KIND', acceptedKinds: ['jwt'] },
  },
  ...['/health', '/health/ready', '/v1/calls', '/v1/api-keys/key_1/usage?days=7', '/v1/wallet/balance', '/v1/wallet', '/v1/voices'].map((path): Case => ({
    name: `Call2Me: ${path} is a documented route`,
    source: 'OpenAPI; README C2 (health, wallet, key usage)',
    profile: call2me,
    url: `https://api.call2me.app${path}`,
    headers: { Authorization: `Bearer ${C2M}` },
    status: 200,
    expect: null,
  })),
  {
    name: 'Call2Me: POST /v1/calls and /v1/calls/outbound are both routes (a 404 is about the agent)',
    source: 'README C2 [CONFLICT]: the spec and SDKs use POST /v1/calls, the api-reference page /v1/calls/outbound',
    profile: call2me,
    method: 'POST',
    url: 'https://api.call2me.app/v1/calls/outbound',
    headers: { Authorization: `Bearer ${C2M}` },
    status: 404,
    body: JSON.stringify({ detail: 'Agent not found' }),
    expect: { code: 'RESOURCE_NOT_FOUND' },
  },
  // Roles, placeholders, the other vendor's key.
  {
    name: 'Callaro: the super_admin grant refused to a tenant admin JWT names the role',
    source: 'developers.callaro.ai/api-reference/billing/grant-free-prepaid-credits-super_admin; README C3',
    profile: callaro,
    method: 'POST',
    url: 'https://api.callaro.ai/api/v1/billing/grant-free-prepaid-credits',
    headers: { Authorization: `Bearer ${FRESH}` },
    status: 403,
    body: callaroError('Forbidden', 'FORBIDDEN'),
    expect: { code: 'ROLE_REQUIRED', requiredRole: 'super_admin' },
    never: /missing scope|Mint a key/i,
  },
  {
    name: 'Callaro: $CALLARO_API_KEY sent unexpanded (single quotes in the docs curl)',
    source: 'developers.callaro.ai/api-reference/campaigns/overview (-H "X-Api-Key: $CALLARO_API_KEY")',
    profile: callaro,
    url: 'https://api.callaro.ai/api/v1/bulk_call_campaigns',
    headers: { 'X-Api-Key': '$CALLARO_API_KEY' },
    status: 401,
    body: callaroError('Unauthorized', 'UNAUTHORIZED'),
    expect: { code: 'AUTH_MISSING' },
    says: /placeholder/,
  },
  {
    name: 'Call2Me: YOUR_TOKEN pasted from an example',
    source: 'call2me.app/docs (Authorization: Bearer <token>)',
    profile: call2me,
    url: 'https://api.call2me.app/v1/agents',
    headers: { Authorization: 'Bearer YOUR_TOKEN' },
    status: 401,
    body: JSON.stringify({ detail: 'Invalid API key' }),
    expect: { code: 'AUTH_MISSING' },
    says: /placeholder/,
  },
  {
    name: 'Call2Me: the OpenAPI example key c2m_sk_xxxxxxxxxxxxxxxx is a placeholder',
    source: 'Call2Me OpenAPI info.description (Authorization: Bearer c2m_sk_xxxxxxxxxxxxxxxx)',
    profile: call2me,
    url: 'https://api.call2me.app/v1/agents',
    headers: { Authorization: 'Bearer c2m_sk_xxxxxxxxxxxxxxxx' },
    status: 401,
    expect: { code: 'AUTH_MISSING' },
  },
  {
    name: 'Call2Me: a Callaro tenant key is named as Callaro’s',
    source: 'README A2 (Callaro sk_ in X-Api-Key) and B2 (Call2Me Bearer sk_call2me_)',
    profile: call2me,
    url: 'https://api.call2me.app/v1/agents',
    headers: { Authorization: `Bearer ${TENANT}` },
    status: 401,
    body: JSON.stringify({ detail: 'Invalid API key' }),
    expect: { code: 'WRONG_PROVIDER', keyProvider: 'callaro' },
    says: /Callaro/,
  },
  {
    name: 'Callaro: a Call2Me key is named as Call2Me’s',
    source: 'README A2, B2',
    profile: callaro,
    url: 'https://api.callaro.ai/api/v1/contacts',
    headers: { 'X-Api-Key': C2M },
    status: 401,
    body: callaroError('Unauthorized', 'UNAUTHORIZED'),
    expect: { code: 'WRONG_PROVIDER', keyProvider: 'call2me' },
  },
  // Retry advice after a 5xx, by idempotency.
  {
    name: 'Call2Me: a 500 on POST /v1/calls without an Idempotency-Key is not safe to retry',
    source: 'call2me.app/docs/errors-rate-limits (500: exponential backoff; 409 idempotency conflicts); README C2 Idempotency',
    profile: call2me,
    method: 'POST',
    url: 'https://api.call2me.app/v1/calls',
    headers: { Authorization: `Bearer ${C2M}` },
    status: 500,
    body: JSON.stringify({ detail: 'Internal Server Error' }),
    expect: { code: 'SERVER_ERROR', retryable: false },
    says: /not safe to retry without an Idempotency-Key/i,
  },
  {
    name: 'Callaro: a 502 on allocate-credits with its Idempotency-Key is safe to retry with the same key',
    source: 'developers.callaro.ai/api-reference/idempotency',
    profile: callaro,
    method: 'POST',
    url: 'https://api.callaro.ai/api/v1/billing/allocate-credits',
    headers: { 'X-Partner-Api-Key': PARTNER, 'Idempotency-Key': 'alloc:p1:inv42' },
    status: 502,
    expect: { code: 'SERVER_ERROR', retryable: true },
    says: /same Idempotency-Key/,
  },
  {
    name: 'Call2Me: a 503 on a GET is safe to retry',
    source: 'call2me.app/docs/errors-rate-limits',
    profile: call2me,
    url: 'https://api.call2me.app/v1/calls/call_1',
    headers: { Authorization: `Bearer ${C2M}` },
    status: 503,
    expect: { code: 'SERVER_ERROR', retryable: true },
  },
  {
    name: 'Call2Me: a 501 from the recording route is not worth retrying',
    source: 'README C2 (the recording route returns a signed URL, or 501 when storage is not configured)',
    profile: call2me,
    url: 'https://api.call2me.app/v1/calls/call_1/recording',
    headers: { Authorization: `Bearer ${C2M}` },
    status: 501,
    body: JSON.stringify({ detail: 'Recording storage is not configured' }),
    expect: { code: 'SERVER_ERROR', retryable: false },
    never: /Idempotency|backoff/,
  },
  {
    name: 'Call2Me: a 405 names the methods the path documents',
    source: 'OpenAPI (/v1/agents: GET, POST)',
    profile: call2me,
    method: 'DELETE',
    url: 'https://api.call2me.app/v1/agents',
    headers: { Authorization: `Bearer ${C2M}` },
    status: 405,
    body: JSON.stringify({ detail: 'Method Not Allowed' }),
    expect: { code: 'UNKNOWN_ROUTE' },
    says: /GET, POST/,
  },
  {
    name: 'Call2Me: a 413 on a knowledge-base upload is about the size',
    source: 'OpenAPI (413 documented on uploads)',
    profile: call2me,
    method: 'POST',
    url: 'https://api.call2me.app/v1/knowledge-base/upload',
    headers: { Authorization: `Bearer ${C2M}` },
    status: 413,
    body: JSON.stringify({ detail: 'File too large' }),
    expect: { code: 'VALIDATION_FAILED' },
    says: /too large/,
  },
  {
    name: 'Callaro: a JWT refused on contacts is about the user’s role, not a key’s scope',
    source: 'developers.callaro.ai/getting-started/authentication (JWTs are subject to app roles); A4 roles',
    profile: callaro,
    url: 'https://api.callaro.ai/api/v1/contacts',
    headers: { Authorization: `Bearer ${FRESH}` },
    status: 403,
    body: callaroError('Forbidden', 'FORBIDDEN'),
    expect: { code: 'SCOPE_MISSING' },
    says: /role/,
    never: /Grant the missing scope on a key|Mint a key/,
  },
  // Every documented error shape names its field.
  {
    name: 'Call2Me: FastAPI 422 names the field from loc',
    source: 'Call2Me OpenAPI HTTPValidationError; POST /v1/agents requires agent_name',
    profile: call2me,
    method: 'POST',
    url: 'https://api.call2me.app/v1/agents',
    headers: { Authorization: `Bearer ${C2M}` },
    status: 422,
    body: JSON.stringify({ detail: [{ loc: ['body', 'agent_name'], msg: 'Field required', type: 'missing' }] }),
    expect: { code: 'VALIDATION_FAILED', field: 'agent_name' },
    says: /Field required/,
    never: /schema was fine/,
  },
  {
    name: 'Call2Me: the documented 400 for a demo or missing number',
    source: 'README C2 (POST /v1/calls: 400 for no or demo number)',
    profile: call2me,
    method: 'POST',
    url: 'https://api.call2me.app/v1/calls',
    headers: { Authorization: `Bearer ${C2M}` },
    status: 400,
    body: JSON.stringify({ detail: 'to_number is a demo number' }),
    expect: { code: 'VALIDATION_FAILED' },
  },
  {
    name: 'Call2Me: 402 insufficient balance on an outbound call',
    source: 'README C2 (POST /v1/calls: 402 insufficient balance)',
    profile: call2me,
    method: 'POST',
    url: 'https://api.call2me.app/v1/calls',
    headers: { Authorization: `Bearer c2m_sk_9f8e7d6c5b4a39281706` },
    status: 402,
    body: JSON.stringify({ detail: 'Insufficient balance' }),
    expect: { code: 'WALLET_EMPTY' },
  },
  {
    name: 'Callaro: VALIDATION_ERROR on key creation names the field',
    source: 'developers.callaro.ai/api-reference/apikeys/create-api-key-jwt-only (name required)',
    profile: callaro,
    method: 'POST',
    url: 'https://api.callaro.ai/api/v1/api_keys',
    headers: { Authorization: `Bearer ${FRESH}` },
    status: 422,
    body: callaroError('Validation failed', 'VALIDATION_ERROR', { name: ["can't be blank"] }),
    expect: { code: 'VALIDATION_FAILED', field: 'name' },
  },
  {
    name: 'Call2Me: an end-user token cannot create campaigns',
    source: 'README C2 (eut_ tokens with scope agents:read)',
    profile: call2me,
    method: 'POST',
    url: 'https://api.call2me.app/v1/campaigns',
    headers: { Authorization: 'Bearer eut_AbCdEf1234567890' },
    status: 403,
    body: JSON.stringify({ detail: 'Not allowed' }),
    expect: { code: 'WRONG_CREDENTIAL_KIND' },
  },
];

const run = (c: Case) =>
  diagnoseExchange({
    profile: c.profile,
    now,
    request: { method: c.method ?? 'GET', url: c.url, headers: c.headers ?? {} },
    response: { status: c.status, headers: c.responseHeaders ?? {}, body: c.body },
  });
const text = (f: Finding) => `${f.title}\n${f.detail}\n${f.fix}`;

describe('the vendors’ published examples', () => {
  it.each(cases)('$name', (c) => {
    const findings = run(c);
    if (c.expect === null) {
      expect(findings).toEqual([]);
      return;
    }
    expect(findings[0]).toMatchObject({ ...c.expect, source: 'response' });
    if (c.says) expect(text(findings[0]!)).toMatch(c.says);
    if (c.never) expect(text(findings[0]!)).not.toMatch(c.never);
  });
});

/** Pairs of statements that cannot both be true of one exchange. */
function contradictions(findings: Finding[], status: number): string[] {
  const codes = new Set(findings.map((f) => f.code));
  const all = findings.map(text).join('\n');
  const problems: string[] = [];
  if (codes.has('AUTH_MISSING') && /credential was accepted/.test(all)) problems.push('no credential, yet "the credential was accepted"');
  if (codes.has('TOKEN_EXPIRED') && /API keys? (?:have|has) no exp/.test(all)) problems.push('an expired token explained as an API key');
  if ((codes.has('WRONG_PATH') || codes.has('UNKNOWN_ROUTE')) && codes.has('RESOURCE_NOT_FOUND')) problems.push('both "no such route" and "no such resource"');
  const refusals = [
    'AUTH_MISSING',
    'AUTH_MALFORMED',
    'KEY_INVALID',
    'TOKEN_EXPIRED',
    'SCOPE_MISSING',
    'WRONG_PATH',
    'WRONG_PROVIDER',
    'ROLE_REQUIRED',
  ] as const;
  if (status < 400 && refusals.some((code) => codes.has(code))) problems.push(`a ${status} answer, yet a refusal predicted`);
  if (codes.has('KEY_INVALID') && codes.has('AUTH_MISSING')) problems.push('a key both missing and invalid');
  return problems;
}

describe('properties over every fixture', () => {
  it('no finding contradicts another in the same answer', () => {
    for (const c of cases) expect(contradictions(run(c), c.status), c.name).toEqual([]);
  });

  it('a route that takes no credential in a header is never AUTH_MISSING, whatever the answer', () => {
    for (const profile of [callaro, call2me]) {
      const open = profile.operations.filter((o) => o.auth !== 'credential');
      expect(open.length).toBeGreaterThan(1);
      for (const op of open) {
        for (const status of [200, 400, 401, 403, 404, 422, 500]) {
          const findings = diagnoseExchange({
            profile,
            now,
            request: { method: op.method, url: `https://api.example${op.path.replace(/\{[^}]+\}/g, 'x1')}`, headers: {} },
            response: { status, headers: {}, body: '{}' },
          });
          expect(
            findings.map((f) => f.code),
            `${op.method} ${op.path} ${status}`,
          ).not.toContain('AUTH_MISSING');
          expect(contradictions(findings, status), `${op.method} ${op.path} ${status}`).toEqual([]);
        }
      }
    }
  });

  it('without a credential, no answer claims one was accepted', () => {
    for (const status of [400, 404, 409, 422, 500]) {
      const findings = diagnoseExchange({
        profile: call2me,
        now,
        request: { method: 'POST', url: 'https://api.call2me.app/v1/agents', headers: {} },
        response: { status, headers: {}, body: '{}' },
      });
      expect(findings.map((f) => f.code)).toContain('AUTH_MISSING');
      expect(contradictions(findings, status), String(status)).toEqual([]);
    }
  });

  it('every suggested path is a documented operation of the profile', () => {
    const suggestions = cases.flatMap((c) => run(c).flatMap((f) => (f.suggestedPath ? [[c, f.suggestedPath] as const] : [])));
    expect(suggestions.length).toBeGreaterThan(3);
    for (const [c, path] of suggestions) expect(operationsFor(c.profile, path).length, `${c.name}: ${path}`).toBeGreaterThan(0);
  });

  it('the scheme’s case and the whitespace around a header value never change a diagnosis', () => {
    for (const c of cases) {
      const auth = Object.entries(c.headers ?? {}).find(([name]) => name.toLowerCase() === 'authorization');
      if (!auth || !/^bearer /i.test(auth[1])) continue;
      const codes = (value: string) => run({ ...c, headers: { ...c.headers, [auth[0]]: value } }).map((f) => f.code);
      const secret = auth[1].replace(/^bearer +/i, '');
      const expected = codes(`Bearer ${secret}`);
      for (const variant of [`bearer ${secret}`, `BEARER ${secret}`, ` Bearer  ${secret} `, `bEaReR\u0020${secret}\t`]) {
        expect(codes(variant), `${c.name}: ${JSON.stringify(variant)}`).toEqual(expected);
      }
    }
  });
});

describe('the request target is kept exactly as sent, from every input', () => {
  const pipeline = new ExchangePipeline(
    () => builtinProviders,
    (s) => createHmac('sha256', 'k').update(s).digest('hex').slice(0, 12),
  );
  const diagnose = (exchange: Parameters<typeof diagnosePasted>[0][number]) => diagnosePasted([exchange], builtinProviders, now, pipeline)[0]!;

  it('a pasted curl keeps its query: a key in ?api_key= is found there', () => {
    const entry = diagnose({
      ...exchangeFromCurl(`curl "https://api.callaro.ai/api/v1/contacts?api_key=${TENANT}&page=1"`),
      response: { status: 401, headers: {}, body: callaroError('Unauthorized', 'UNAUTHORIZED') },
    });
    expect(entry.findings[0]).toMatchObject({ code: 'WRONG_HEADER', foundIn: 'query parameter api_key' });
    expect(JSON.stringify(entry)).not.toContain(TENANT);
  });

  it('a pasted curl keeps its trailing slash', () => {
    const entry = diagnose({
      ...exchangeFromCurl(`curl https://api.callaro.ai/api/v1/bulk_call_campaigns/ -H 'X-Api-Key: ${TENANT}'`),
      response: { status: 404, headers: {}, body: callaroError('Not found', 'NOT_FOUND') },
    });
    expect(entry.findings[0]).toMatchObject({ code: 'WRONG_PATH', suggestedPath: '/api/v1/bulk_call_campaigns' });
  });

  it('raw HTTP and HAR keep query, slash and percent-encoding', () => {
    const raw = exchangeFromRawHttp(
      `GET /v1/agent/a%2Fb/?x=1 HTTP/1.1\nHost: api.call2me.app\nAuthorization: bearer ${C2M}\n\nHTTP/1.1 404 Not Found\n\n{"detail":"Not Found"}`,
    );
    expect(diagnose(raw).findings[0]).toMatchObject({ code: 'WRONG_PATH', suggestedPath: '/v1/agents/a%2Fb' });
    const har = JSON.stringify({
      log: {
        version: '1.2',
        creator: { name: 'test', version: '1' },
        entries: [
          {
            startedDateTime: now.toISOString(),
            time: 1,
            request: {
              method: 'GET',
              url: 'https://api.call2me.app/v1/agents/?limit=5',
              httpVersion: 'HTTP/1.1',
              headers: [{ name: 'authorization', value: `BEARER ${C2M}` }],
              queryString: [],
              cookies: [],
              headersSize: -1,
              bodySize: 0,
            },
            response: {
              status: 404,
              statusText: 'Not Found',
              httpVersion: 'HTTP/1.1',
              headers: [],
              cookies: [],
              content: { size: 0, mimeType: 'application/json', text: '{"detail":"Not Found"}' },
              redirectURL: '',
              headersSize: -1,
              bodySize: 0,
            },
            cache: {},
            timings: { send: 0, wait: 1, receive: 0 },
          },
        ],
      },
    });
    expect(diagnose(exchangesFromHar(har, 'test.har')[0]!).findings[0]).toMatchObject({ code: 'WRONG_PATH', suggestedPath: '/v1/agents' });
  });
});
