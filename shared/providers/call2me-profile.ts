import generated from './call2me-operations.json';
import { JWT_SECRET_PATTERN, type OperationProfile, type ProviderProfileInput } from './provider-profile';

const WRITE = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;
const KINDS = ['api_key', 'jwt'];

type Method = OperationProfile['method'];
const op = (method: Method, path: string, extra: Partial<OperationProfile> = {}): OperationProfile => ({
  method,
  path,
  auth: 'credential',
  requiredBody: [],
  roles: [],
  idempotent: false,
  ...extra,
});

/**
 * Where the vendor's pages and SDKs go beyond or against its OpenAPI document (../shared/vendors,
 * section C): both are accepted. Public routes are the ones used before any credential exists; the
 * document applies BearerAuth to every operation, so this list is Keyhole's reading of the pages.
 */
const PUBLIC = new Set([
  'POST /v1/auth/signup',
  'POST /v1/auth/forgot-password',
  'POST /v1/auth/reset-password',
  'POST /v1/auth/verify-email',
  'POST /v1/auth/resend-verification',
  'GET /v1/auth/invite/{token}',
  'POST /v1/auth/invite/accept',
  'POST /v1/auth/quick-login',
  'POST /v1/auth/quick-login/verify',
  'POST /v1/auth/google',
  'GET /v1/widgets/{widget_id}/config',
  'GET /v1/widgets/{widget_id}/embed.js',
  'POST /v1/widgets/{widget_id}/chat',
  'GET /v1/widgets/{widget_id}/preview',
  'GET /v1/widgets/{widget_id}/greeting.mp3',
  'POST /v1/widgets/{widget_id}/voice-token',
  'GET /v1/a/{slug}',
  'GET /v1/t/{slug}',
  'POST /v1/t/{slug}/join',
  'POST /v1/t/{slug}/leave',
  'GET /v1/branding/{domain}',
  'GET /v1/web-call/public/{public_token}/embed.js',
  'POST /v1/web-call/public/{public_token}/start',
  'GET /v1/payments/callback/success',
  'POST /v1/payments/callback/success',
  'GET /v1/payments/callback/cancel',
  'POST /v1/payments/callback/cancel',
  'POST /v1/payments/webhooks/iyzico',
  'POST /v1/payments/webhooks/paddle',
  'POST /v1/livekit/webhook',
  'POST /v1/newsletter/subscribe',
  'GET /v1/unsubscribe',
  'POST /v1/contact',
  'POST /v1/events',
  'GET /health',
  'GET /health/detailed',
  'GET /health/ready',
  'GET /health/live',
]);
/** Routes whose secret travels in the body: logging in, and refreshing with the refresh token. */
const BODY_AUTH = new Set(['POST /v1/auth/login', 'POST /v1/auth/refresh']);

function authOf(o: OperationProfile): OperationProfile['auth'] {
  const key = `${o.method} ${o.path}`;
  if (BODY_AUTH.has(key)) return 'body';
  return PUBLIC.has(key) ? 'none' : o.auth;
}
const fromSpec = (generated.operations as OperationProfile[]).map((o) => ({ ...o, auth: authOf(o) }));

const fromPages: OperationProfile[] = [
  // api-reference page: outbound calls and knowledge-base sources under other names than the spec's.
  op('POST', '/v1/calls/outbound', { requiredBody: ['agent_id', 'to_number'] }),
  op('GET', '/v1/calls/{call_id}/transcript'),
  op('POST', '/v1/knowledge-base/{knowledge_base_id}/sources'),
  op('DELETE', '/v1/knowledge-base/{knowledge_base_id}/sources/{source_id}'),
  op('POST', '/v1/auth/register', { auth: 'none' }),
  op('POST', '/v1/phone-numbers/buy'),
  op('POST', '/v1/phone-numbers/{number}/assign'),
  // wallet page; members page.
  op('GET', '/v1/wallet'),
  op('POST', '/v1/members/invitations', { requiredBody: ['email', 'role'] }),
  op('DELETE', '/v1/members/{member_id}'),
  // The Node SDK revokes with PATCH (C2).
  op('PATCH', '/v1/api-keys/{key_id}/revoke'),
];

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

/**
 * Call2Me: routes and required body fields generated from the vendor's OpenAPI document
 * (call2me-operations.json, `npm run vendor:routes`), with the overlay above and the auth model, scopes
 * and errors from its pages (call2me.app/docs, api.call2me.app/docs.html) and SDKs.
 */
export const call2meProfile: ProviderProfileInput = {
  id: 'call2me',
  name: 'Call2Me',
  notes: [
    '"Test key" sends GET /v1/agents (keys, end-user tokens) or GET /v1/users/me (sessions): Keyhole\'s choice of a cheap read (the vendor names none); change testRequest in an imported profile.',
    `Routes: ${generated.operations.length} operations from ${generated.source} (regenerate with npm run vendor:routes), plus what the pages and SDKs add: POST /v1/calls/outbound beside POST /v1/calls, knowledge-base /sources beside /add-sources and /source/{id}, GET /v1/wallet beside /v1/wallet/balance, POST /v1/auth/register beside /signup, members invitations, and the Node SDK's PATCH /v1/api-keys/{id}/revoke. Where two vendor sources conflict both are accepted.`,
    'The OpenAPI document puts BearerAuth on every operation. Keyhole treats as public the routes used before any credential exists (sign-up, password reset, invitations, the widget embed config, embed.js, chat and preview, public web-call links, payment callbacks and webhooks, POST /v1/events, /health*); login and refresh carry their secret in the body. Edit the operations if yours differ.',
    "Keys are sk_call2me_... (the auth page shows sk_call2me_live_, the docs index a bare sk_call2me_) or c2m_sk_... (the OpenAPI description): all accepted. A test prefix is not documented; Keyhole takes sk_call2me_test_ keys as test keys (a convention it chose, editable here) and any other key as live. End-user tokens (eut_..., agents:read) reach agents, chats and voice sessions. /internal/* routes (in the document) take X-Internal-Key, Call2Me's own server-to-server header: not a customer credential, so Keyhole keeps no kind for it.",
    'Scopes are three tiers fixed at minting: read-only (GET only), write (agents, calls, knowledge base, campaigns) and admin (adds billing/wallet, members, white-label). Where the docs are silent Keyhole assumes admin for phone-number purchases and for reading the wallet, and write for widgets.',
    'Errors come in four documented shapes: {"error": {"code", "message", "field", "request_id"}}, {"error": "code", "message", "detail": {"field"}}, a bare {"detail": "..."} (the SDKs read detail on every status), and FastAPI\'s 422 {"detail": [{"loc": ["body", field], "msg"}]}. Only validation codes are published, so most findings come from the status.',
    'Rate limits: X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset (unix seconds) on every answer, Retry-After (seconds) on 429; the two docs pages disagree on per-key vs per-user limits.',
    "Key management as the OpenAPI document gives it: POST /v1/api-keys (name, read_only, permissions; the answer's api_key is shown once, key_id names it), GET /v1/api-keys (a list of key_id, name, key_prefix, is_active), DELETE /v1/api-keys/{id} (revoke). Minting is documented with a JWT; Keyhole also lets an admin key call it. The spec does not say what permissions holds: Keyhole sends the planned tier names. No per-key request log is documented (only usage counts), so a rotation's traffic check reads Keyhole's own history.",
    'No sandbox or staging host is documented; set one with `keyhole env set-url --provider call2me --env staging URL`.',
  ],
  pathPrefix: '/v1',
  environments: [
    { id: 'sandbox', label: 'Sandbox', baseUrl: null, live: false },
    { id: 'staging', label: 'Staging', baseUrl: null, live: false },
    { id: 'production', label: 'Production', baseUrl: 'https://api.call2me.app', live: true },
  ],
  credentialKinds: [
    {
      id: 'api_key',
      label: 'API key',
      header: { name: 'Authorization', format: 'Bearer {secret}' },
      secretPattern: { live: '^(?:sk_call2me_(?!test_)|c2m_sk_)[A-Za-z0-9_-]{8,}$', test: '^sk_call2me_test_[A-Za-z0-9_-]{8,}$' },
      secretHint: 'sk_call2me_ or c2m_sk_ and at least 8 letters, digits, - or _ (sk_call2me_live_AbCd1234…; test keys sk_call2me_test_…)',
      boundTo: 'workspace',
      scoped: true,
      customerIssued: true,
      usage: 'Backends, scripts and agent platforms: anything server-to-server, outside the browser.',
      testRequest: { method: 'GET', path: '/v1/agents' },
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
      testRequest: { method: 'GET', path: '/v1/users/me' },
    },
    {
      id: 'end_user_token',
      label: 'End-user token',
      header: { name: 'Authorization', format: 'Bearer {secret}' },
      secretPattern: { live: '^eut_[A-Za-z0-9_-]{8,}$', test: '^eut_[A-Za-z0-9_-]{8,}$' },
      secretHint: 'eut_ and at least 8 letters, digits, - or _',
      boundTo: 'workspace',
      scoped: false,
      customerIssued: true,
      usage:
        'Short-lived tokens minted with POST /v1/end-users/{external_id}/tokens for a mobile or web client: agents:read, its own chats and voice sessions.',
      testRequest: { method: 'GET', path: '/v1/agents' },
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
    { ...family('agents', 'Agents', ['/v1/agents'], 'write'), kinds: [...KINDS, 'end_user_token'] },
    { ...family('chats', 'Chats and voice sessions', ['/v1/chats', '/v1/voice/sessions'], 'write'), kinds: [...KINDS, 'end_user_token'] },
    family('calls', 'Calls', ['/v1/calls'], 'write'),
    family('knowledge_base', 'Knowledge base', ['/v1/knowledge-base'], 'write'),
    family('campaigns', 'Campaigns', ['/v1/campaigns'], 'write'),
    family('widgets', 'Widgets', ['/v1/widgets'], 'write'),
    {
      id: 'phone_numbers',
      label: 'Phone numbers',
      paths: ['/v1/phone-numbers'],
      scopes: [
        { methods: ['GET'], scope: 'read' },
        { methods: [...WRITE], scope: 'admin' },
      ],
      kinds: KINDS,
    },
    family('wallet', 'Wallet and billing', ['/v1/wallet', '/v1/billing', '/v1/payments'], 'admin'),
    family('members', 'Members', ['/v1/members'], 'admin'),
    family('white_label', 'White-label', ['/v1/white-label'], 'admin'),
    { id: 'api_keys', label: 'API keys', paths: ['/v1/api-keys'], scopes: [{ methods: ['GET', 'POST', 'PATCH', 'DELETE'], scope: 'admin' }], kinds: KINDS },
    { id: 'me', label: 'Current user', paths: ['/v1/auth/me'], scopes: [{ methods: ['GET'], scope: null }], kinds: KINDS },
    {
      id: 'auth',
      label: 'Login and refresh',
      paths: ['/v1/auth/login', '/v1/auth/refresh', '/v1/auth/register', '/v1/auth/signup', '/v1/auth/logout'],
      scopes: [{ methods: ['POST'], scope: null }],
      kinds: ['jwt'],
    },
    // Everything else under /v1 follows the tiers: GET needs read, a change needs write (assumed).
    family('other', 'Other routes', ['/v1'], 'write'),
    { id: 'health', label: 'Health checks', paths: ['/health'], scopes: [{ methods: ['GET'], scope: null }], kinds: KINDS },
  ],
  operations: [...fromSpec, ...fromPages],
  routeCoverage: 'complete',
  errors: [
    { status: 400, code: 'validation_failed', meaning: 'Validation failed', fix: 'Fix the field it names; do not retry as is.', finding: 'VALIDATION_FAILED' },
    { status: 400, code: 'validation_error', meaning: 'Validation failed', fix: 'Fix the field it names; do not retry as is.', finding: 'VALIDATION_FAILED' },
    { status: 400, code: null, meaning: 'The request is not valid', fix: 'Fix the request; do not retry as is.', finding: 'VALIDATION_FAILED' },
    {
      status: 401,
      code: 'token_expired',
      meaning: 'The JWT is past its exp (1 hour)',
      fix: 'Use the refresh token to mint a new one.',
      finding: 'TOKEN_EXPIRED',
    },
    {
      status: 401,
      code: 'key_revoked',
      meaning: 'The key was revoked (a code Call2Me does not document)',
      fix: 'Use the key that replaced it, or mint a new one.',
      finding: 'KEY_REVOKED',
    },
    {
      status: 401,
      code: null,
      meaning: 'Missing or bad auth',
      fix: 'Check the Bearer token: the key, its workspace and the environment. Do not retry as is.',
      finding: 'KEY_INVALID',
    },
    {
      status: 402,
      code: null,
      meaning: 'The wallet balance is too low',
      fix: 'Top up the wallet (or turn on auto-recharge), then retry.',
      finding: 'WALLET_EMPTY',
    },
    {
      status: 403,
      code: 'workspace_mismatch',
      meaning: 'The key belongs to another workspace (a code Call2Me does not document)',
      fix: 'Keys are workspace-scoped: use a key minted in the workspace you act on.',
      finding: 'WORKSPACE_MISMATCH',
    },
    {
      status: 403,
      code: null,
      meaning: "Authenticated, but the key's scope is insufficient",
      fix: 'Mint a key with the right scope',
      finding: 'SCOPE_MISSING',
    },
    { status: 404, code: null, meaning: 'Not found', fix: 'Check the id, and that it belongs to this workspace.', finding: 'RESOURCE_NOT_FOUND' },
    {
      status: 409,
      code: null,
      meaning: 'Idempotency or state conflict',
      fix: 'Read the current state; do not resend with the same idempotency key.',
      finding: 'CONFLICT',
    },
    {
      status: 422,
      code: null,
      meaning: 'The request failed validation (FastAPI lists each problem in detail, with its location)',
      fix: 'Fix the field it names; do not retry as is.',
      finding: 'VALIDATION_FAILED',
    },
    { status: 429, code: null, meaning: 'Rate limit hit', fix: 'Back off; honour Retry-After', finding: 'RATE_LIMITED' },
    {
      status: 500,
      code: null,
      meaning: 'Call2Me failed',
      fix: 'Retry with exponential backoff; quote the request_id if it persists.',
      finding: 'SERVER_ERROR',
    },
    {
      status: 501,
      code: null,
      meaning: 'Not available here: the recording route answers 501 when recording storage is not configured',
      fix: 'Not a passing failure: retrying will not help. Ask Call2Me support to enable recording storage for the workspace.',
      finding: 'SERVER_ERROR',
    },
    { status: 502, code: null, meaning: 'An upstream of Call2Me failed', fix: 'Retry with exponential backoff.', finding: 'SERVER_ERROR' },
    { status: 503, code: null, meaning: 'Call2Me is unavailable', fix: 'Retry with exponential backoff.', finding: 'SERVER_ERROR' },
    { status: 504, code: null, meaning: 'An upstream of Call2Me timed out', fix: 'Retry with exponential backoff.', finding: 'SERVER_ERROR' },
  ],
  errorEnvelopes: [
    { code: 'error.code', message: 'error.message', field: 'error.field', requestId: 'error.request_id' },
    { code: 'error', message: 'message', field: 'detail.field' },
    { message: 'detail', field: 'detail' },
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
    { status: '501', retryable: false, advice: 'Do not retry: the feature is not configured.' },
    { status: '5xx', retryable: true, advice: 'Retry with exponential backoff.' },
  ],
  keyManagement: {
    mint: {
      method: 'POST',
      path: '/v1/api-keys',
      kinds: KINDS,
      // The spec's CreateAPIKeyRequest: name, read_only, permissions (the tier names are assumed for these).
      body: { name: '{name}', read_only: '{read_only}', permissions: '{scopes}' },
      secretPath: 'api_key',
      idPath: 'key_id',
      emptyScopesRejected: true,
    },
    // The spec's APIKeyInfo list: a bare array; keys show a prefix, not their last four; is_active.
    list: { path: '/v1/api-keys', itemsPath: null, id: 'key_id', name: 'name', last4: null, prefix: 'key_prefix', revoked: null, active: 'is_active' },
    revoke: { method: 'DELETE', path: '/v1/api-keys/{id}' },
    audit: null,
  },
  login: { path: '/v1/auth/login', refreshPath: '/v1/auth/refresh' },
  decisionTable: [
    { scenario: 'Backend, script or agent platform calling the API', kind: 'api_key', why: 'Long-lived, workspace-scoped, rotatable.' },
    { scenario: 'Analytics dashboard or audit job', kind: 'api_key', why: 'Use a read-only key: GET only.' },
    { scenario: 'Embedding the dashboard or a multi-user white-label client', kind: 'jwt', why: 'Short-lived user sessions with refresh.' },
  ],
};
