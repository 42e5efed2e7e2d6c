import { JWT_SECRET_PATTERN, type ProviderProfileInput } from './provider-profile';

const WRITE = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;
const KINDS = ['api_key', 'jwt'];

/** A family whose reads need `read` and whose writes need `tier`. */
function family(id: string, label: string, paths: string[], tier: 'write' | 'admin') {
  return {
    id,
    label,
    paths,
    scopes: [
      { methods: ['GET' as const], scope: tier === 'admin' ? 'admin' : 'read' },
      { methods: [...WRITE], scope: tier },
    ],
    kinds: KINDS,
  };
}

/** Call2Me, from its documentation (call2me.app/docs, api.call2me.app/docs.html). */
export const call2meProfile: ProviderProfileInput = {
  id: 'call2me',
  name: 'Call2Me',
  notes: [
    'Every key is sk_call2me_...: the docs show sk_call2me_live_ and a bare sk_call2me_; a test prefix is not documented. Keyhole\'s sandbox mints sk_call2me_test_ keys, and treats any other sk_call2me_ key as live.',
    'Scopes are three tiers fixed at minting: read-only (GET only), write (agents, calls, knowledge base, campaigns) and admin (adds billing/wallet, members, white-label). Where the docs are silent Keyhole assumes admin for phone-number purchases and for reading the wallet, and write for widgets.',
    'Errors come in three documented shapes: {"error": {"code", "message", "field", "request_id"}}, {"error": "code", "message", "detail": {"field"}} and {"detail": "..."} on 429. Only validation codes are published, so most findings come from the status.',
    'Rate limits: X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset (unix seconds) on every answer, Retry-After (seconds) on 429; the two docs pages disagree on per-key vs per-user limits.',
    'Key minting is POST /v1/api-keys (documented with a JWT; Keyhole also lets an admin key call it). Listing, revoking and the per-key audit log are not documented as API routes: Keyhole assumes GET /v1/api-keys, DELETE /v1/api-keys/{id} and GET /v1/api-keys/{id}/audit, which its sandbox serves; against the real API, rotation falls back to your confirmation.',
    'No sandbox or staging host is documented; set one with `keyhole env set-url --provider call2me --env staging URL`.',
  ],
  pathPrefix: '/v1',
  environments: [
    { id: 'sandbox', label: 'Sandbox (Keyhole)', baseUrl: null, live: false },
    { id: 'staging', label: 'Staging', baseUrl: null, live: false },
    { id: 'production', label: 'Production', baseUrl: 'https://api.call2me.app', live: true },
  ],
  credentialKinds: [
    {
      id: 'api_key',
      label: 'API key',
      header: { name: 'Authorization', format: 'Bearer {secret}' },
      secretPattern: { live: '^sk_call2me_(?!test_)[A-Za-z0-9_-]{8,}$', test: '^sk_call2me_test_[A-Za-z0-9_-]{8,}$' },
      secretHint: 'sk_call2me_ and at least 8 letters, digits, - or _ (sk_call2me_live_AbCd1234…; sandbox keys sk_call2me_test_…)',
      boundTo: 'workspace',
      scoped: true,
      customerIssued: true,
      usage: 'Backends, scripts and agent platforms: anything server-to-server, outside the browser.',
    },
    {
      id: 'jwt',
      label: 'JWT session',
      header: { name: 'Authorization', format: 'Bearer {secret}' },
      secretPattern: { live: JWT_SECRET_PATTERN, test: JWT_SECRET_PATTERN },
      secretHint: 'a JWT: three base64url parts joined by dots (eyJhbGciOi….eyJzdWIiOi….signature)',
      boundTo: 'workspace',
      scoped: false,
      customerIssued: true,
      usage: 'Dashboard sessions from POST /v1/auth/login (1 hour), refreshed with POST /v1/auth/refresh.',
    },
  ],
  scopes: [
    { id: 'read', description: 'Read-only: GET only. Analytics dashboards and audit jobs.', access: 'read' },
    { id: 'write', description: 'Full CRUD on agents, calls, knowledge base and campaigns. The production default.', access: 'write', implies: ['read'] },
    {
      id: 'admin',
      description: 'Everything write does, plus billing and wallet, members and white-label settings. Use sparingly.',
      access: 'admin',
      implies: ['write', 'read'],
      group: 'admin',
    },
  ],
  routeFamilies: [
    family('agents', 'Agents', ['/v1/agents'], 'write'),
    family('calls', 'Calls', ['/v1/calls'], 'write'),
    family('knowledge_base', 'Knowledge base', ['/v1/knowledge-base'], 'write'),
    family('campaigns', 'Campaigns', ['/v1/campaigns'], 'write'),
    family('widgets', 'Widgets', ['/v1/widgets'], 'write'),
    { id: 'phone_numbers', label: 'Phone numbers', paths: ['/v1/phone-numbers'], scopes: [{ methods: ['GET'], scope: 'read' }, { methods: [...WRITE], scope: 'admin' }], kinds: KINDS },
    family('wallet', 'Wallet and billing', ['/v1/wallet', '/v1/billing', '/v1/payments'], 'admin'),
    family('members', 'Members', ['/v1/members'], 'admin'),
    family('white_label', 'White-label', ['/v1/white-label'], 'admin'),
    { id: 'api_keys', label: 'API keys', paths: ['/v1/api-keys'], scopes: [{ methods: ['GET', 'POST', 'DELETE'], scope: 'admin' }], kinds: KINDS },
    { id: 'me', label: 'Current user', paths: ['/v1/auth/me'], scopes: [{ methods: ['GET'], scope: null }], kinds: KINDS },
    {
      id: 'auth',
      label: 'Login and refresh',
      paths: ['/v1/auth/login', '/v1/auth/refresh', '/v1/auth/register', '/v1/auth/logout'],
      scopes: [{ methods: ['POST'], scope: null }],
      kinds: ['jwt'],
    },
  ],
  errors: [
    { status: 400, code: 'validation_failed', meaning: 'Validation failed', fix: 'Fix the field it names; do not retry as is.', finding: 'VALIDATION_FAILED' },
    { status: 400, code: 'validation_error', meaning: 'Validation failed', fix: 'Fix the field it names; do not retry as is.', finding: 'VALIDATION_FAILED' },
    { status: 400, code: null, meaning: 'The request is not valid', fix: 'Fix the request; do not retry as is.', finding: 'VALIDATION_FAILED' },
    { status: 401, code: 'token_expired', meaning: 'The JWT is past its exp (1 hour)', fix: 'Use the refresh token to mint a new one.', finding: 'TOKEN_EXPIRED' },
    { status: 401, code: 'key_revoked', meaning: 'The key was revoked (Keyhole sandbox code)', fix: 'Use the key that replaced it, or mint a new one.', finding: 'KEY_REVOKED' },
    { status: 401, code: null, meaning: 'Missing or bad auth', fix: 'Check the Bearer token: the key, its workspace and the environment. Do not retry as is.', finding: 'KEY_INVALID' },
    { status: 402, code: null, meaning: 'The wallet balance is too low', fix: 'Top up the wallet (or turn on auto-recharge), then retry.', finding: 'WALLET_EMPTY' },
    { status: 403, code: 'workspace_mismatch', meaning: 'The key belongs to another workspace (Keyhole sandbox code)', fix: 'Keys are workspace-scoped: use a key minted in the workspace you act on.', finding: 'WORKSPACE_MISMATCH' },
    { status: 403, code: null, meaning: "Authenticated, but the key's scope is insufficient", fix: 'Mint a key with the right scope', finding: 'SCOPE_MISSING' },
    { status: 404, code: null, meaning: 'Not found', fix: 'Check the id, and that it belongs to this workspace.', finding: 'RESOURCE_NOT_FOUND' },
    { status: 409, code: null, meaning: 'Idempotency or state conflict', fix: 'Read the current state; do not resend with the same idempotency key.', finding: 'CONFLICT' },
    { status: 422, code: null, meaning: 'Well-formed but logically wrong', fix: 'Fix the values (the schema was fine).', finding: 'VALIDATION_FAILED' },
    { status: 429, code: null, meaning: 'Rate limit hit', fix: 'Back off; honour Retry-After', finding: 'RATE_LIMITED' },
    { status: 500, code: null, meaning: 'Call2Me failed', fix: 'Retry with exponential backoff; quote the request_id if it persists.', finding: 'SERVER_ERROR' },
    { status: 502, code: null, meaning: 'An upstream of Call2Me failed', fix: 'Retry with exponential backoff.', finding: 'SERVER_ERROR' },
    { status: 503, code: null, meaning: 'Call2Me is unavailable', fix: 'Retry with exponential backoff.', finding: 'SERVER_ERROR' },
    { status: 504, code: null, meaning: 'An upstream of Call2Me timed out', fix: 'Retry with exponential backoff.', finding: 'SERVER_ERROR' },
  ],
  errorEnvelopes: [
    { code: 'error.code', message: 'error.message', field: 'error.field', requestId: 'error.request_id' },
    { code: 'error', message: 'message', field: 'detail.field' },
    { message: 'detail' },
  ],
  requestIdHeader: 'X-Request-Id',
  rateLimitHeaders: { limit: 'X-RateLimit-Limit', remaining: 'X-RateLimit-Remaining', reset: 'X-RateLimit-Reset', retryAfter: 'Retry-After' },
  retry: [
    { status: '400', retryable: false, advice: 'Fix the request first.' },
    { status: '401', retryable: false, advice: 'Do not retry: check the Bearer token.' },
    { status: '402', retryable: true, advice: 'Retry after topping up the wallet.' },
    { status: '403', retryable: false, advice: 'Do not retry: mint a key with the right scope.' },
    { status: '404', retryable: false, advice: 'Do not retry.' },
    { status: '409', retryable: false, advice: 'Usually not: resolve the conflict first.' },
    { status: '422', retryable: false, advice: 'Fix the values first.' },
    { status: '429', retryable: true, advice: 'Back off; honour Retry-After.' },
    { status: '5xx', retryable: true, advice: 'Retry with exponential backoff.' },
  ],
  keyManagement: {
    mint: { method: 'POST', path: '/v1/api-keys', kinds: KINDS, body: { name: '{name}', scope: '{scope}' }, secretPath: 'key', idPath: 'id', emptyScopesRejected: true },
    list: { path: '/v1/api-keys', itemsPath: 'data', id: 'id', name: 'name', last4: 'last4', revoked: 'revoked' },
    revoke: { method: 'DELETE', path: '/v1/api-keys/{id}' },
    audit: { path: '/v1/api-keys/{id}/audit', entriesPath: 'entries' },
  },
  login: { path: '/v1/auth/login', refreshPath: '/v1/auth/refresh' },
  decisionTable: [
    { scenario: 'Backend, script or agent platform calling the API', kind: 'api_key', why: 'Long-lived, workspace-scoped, rotatable.' },
    { scenario: 'Analytics dashboard or audit job', kind: 'api_key', why: 'Use a read-only key: GET only.' },
    { scenario: 'Embedding the dashboard or a multi-user white-label client', kind: 'jwt', why: 'Short-lived user sessions with refresh.' },
  ],
};
