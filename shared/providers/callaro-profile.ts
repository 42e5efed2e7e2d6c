import { JWT_SECRET_PATTERN, type OperationProfile, type ProviderProfileInput } from './provider-profile';

const WRITE = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;
const ALL_KINDS = ['jwt', 'tenant_api_key', 'partner_api_key'];

function readWrite(id: string, label: string, paths: string[], scope: string) {
  return {
    id,
    label,
    paths,
    scopes: [
      { methods: ['GET' as const], scope: `${scope}:read` },
      { methods: [...WRITE], scope: `${scope}:write` },
    ],
    kinds: ALL_KINDS,
    tenantHeader: 'required-for-partner' as const,
  };
}

type Method = OperationProfile['method'];
/** `GET /api/v1/contacts` and friends: one documented operation, `{...}` for a path parameter. */
function ops(lines: string, extra: Partial<OperationProfile> = {}): OperationProfile[] {
  return lines
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/) as [Method, string])
    .map(([method, path]) => ({ method, path: `/api/v1${path}`, auth: 'credential', requiredBody: [], roles: [], idempotent: false, ...extra }));
}

/**
 * Every operation the developer docs show (../shared/vendors, sections A3 and C3). Callaro publishes
 * no OpenAPI document for its hand-written guides, so this list is typed from the pages: campaign
 * sub-routes listed by name only are taken as `/{id}/<name>`, as the docs' pattern suggests.
 */
const OPERATIONS: OperationProfile[] = [
  ...ops(`
    POST /api_keys
    PATCH /partners/{partner_id}/api_keys/{id}
    GET /agents
    POST /agents
    GET /agents/{id}
    PATCH /agents/{id}
    DELETE /agents/{id}
    GET /bulk_call_campaigns
    POST /bulk_call_campaigns
    GET /bulk_call_campaigns/{id}
    PATCH /bulk_call_campaigns/{id}
    POST /bulk_call_campaigns/{id}/pause
    POST /bulk_call_campaigns/{id}/resume
    POST /bulk_call_campaigns/{id}/cancel
    GET /bulk_call_campaigns/{id}/dispatch_health
    GET /bulk_call_campaigns/{id}/analytics
    POST /bulk_call_campaigns/{id}/clone
    GET /bulk_call_campaigns/{id}/clone_prefill
    POST /bulk_call_campaigns/{id}/save_as_template
    GET /bulk_call_campaigns/{id}/tasks
    GET /bulk_call_campaigns/{id}/results_export
    GET /bulk_call_campaigns/export
    POST /bulk_call_campaigns/capacity_preview
    POST /bulk_call_campaigns/audience_timezone_analysis
    GET /contacts
    POST /contacts
    GET /contacts/{id}
    PATCH /contacts/{id}
    DELETE /contacts/{id}
    GET /contacts/duplicates
    POST /contacts/{id}/merge
    POST /contacts/import
    GET /contacts/{id}/data_export
    DELETE /contacts/{id}/gdpr_delete
    DELETE /contacts/{id}/hard_delete
    GET /contact-imports
    GET /contact-imports/{id}
    GET /contact-imports/{id}/error_report
    POST /contact-exports
    GET /contact-exports/{id}
    GET /contact-exports/{id}/download
    GET /contact_segments
    POST /contact_segments
    GET /contact_segments/{id}
    GET /contact_segments/{id}/contacts
    GET /phone_numbers
    GET /phone_numbers/{id}
    PATCH /phone_numbers/{id}
    GET /phone_numbers/available
    GET /phone_numbers/pricing
    POST /phone_numbers/purchase
    POST /phone_numbers/import_owned
    POST /phone_numbers/{id}/activate
    POST /phone_numbers/sync
    POST /phone_numbers/{id}/resync
    POST /phone_numbers/{id}/configure_webhooks
    GET /voice_sessions
    GET /voice_sessions/{id}
    GET /voice_sessions/{id}/recording
    GET /voice_sessions/{id}/events
    GET /voice_sessions/{id}/trace
    GET /voice_sessions/{id}/transcript_pdf
    POST /call-log-exports
    GET /call-log-exports/{id}
    GET /call-log-exports/{id}/download
    GET /billing/tenant
    GET /billing/partner
  `),
  // Idempotent by the docs: the same Idempotency-Key makes a retry safe.
  ...ops(
    `
    POST /bulk_call_campaigns/{id}/launch
    POST /billing/allocate-credits
    POST /billing/deallocate-credits
  `,
    { idempotent: true },
  ),
  ...ops('POST /billing/grant-free-prepaid-credits', { roles: ['super_admin'] }),
  ...ops(
    `
    POST /webhooks/telephony/{vendor_slug}
    POST /webhooks/telephony/{vendor_slug}/sample
  `,
    { auth: 'none' },
  ),
  // Assumed (the docs are silent): the secret travels in the body.
  ...ops(
    `
    POST /auth/login
    POST /auth/refresh
  `,
    { auth: 'body' },
  ),
];

/**
 * Callaro, from its developer documentation (developers.callaro.ai; see ../shared/vendors in the
 * project's notes): every route under /api/v1/, spelled as the docs spell it.
 */
export const callaroProfile: ProviderProfileInput = {
  id: 'callaro',
  name: 'Callaro',
  notes: [
    '"Test key" sends GET /api/v1/agents for tenant keys and sessions (Keyhole\'s choice; the pages name none); partner and runtime keys have no test request, since their read routes need a tenant or are not published.',
    'Headers as documented: tenant keys (sk_...) in X-Api-Key, partner keys (pk_...) in X-Partner-Api-Key, JWTs as Authorization: Bearer.',
    'The full key format after sk_ / pk_ is not published (no live/test marker), so Keyhole cannot tell a live key from a test key by its shape.',
    'Runtime server keys are internal and never issued to customers; their header and prefix are not public. Keyhole keeps the kind for completeness with X-Runtime-Key and rk_ as editable defaults.',
    'The permission matrix is not public: contact imports, exports and segments are assumed to need contacts:*, call-log exports voice_sessions:read, agents no scope. Edit the route families if yours differ.',
    'Errors use the flat envelope {error, error_code, details, errors, request_id}. Which status and code a missing or foreign X-Tenant-Id gets is not documented: Keyhole assumes 400 TENANT_CONTEXT_REQUIRED and 403 TENANT_NOT_IN_PARTNER / TENANT_MISMATCH.',
    'No rate-limit headers are documented; Retry-After is read when present.',
    'Key creation is POST /api/v1/api_keys with a JWT only; an empty scope list is refused. The key field of its answer is not documented (assumed data.key). No list, revoke or audit endpoints are documented: rotations end with your confirmation that the old key was revoked in the Callaro app.',
    'JWT login and refresh endpoints are not documented; /api/v1/auth/login and /api/v1/auth/refresh are assumed.',
    "Routes: every operation the developer docs show, typed from the pages (no OpenAPI document is published for the guides); campaign sub-routes listed by name only are taken as /bulk_call_campaigns/{id}/<name>. The list is partial, so a path under a documented route family is taken as known. POST /api/v1/billing/deallocate-credits is JWT-only and idempotent; allocate-credits and campaign launch take an Idempotency-Key too; POST /api/v1/billing/grant-free-prepaid-credits is for the super_admin role only, whatever a key's scopes.",
    'The sandbox hostname is not published; set real base URLs with `keyhole env set-url --provider callaro --env staging URL`.',
  ],
  tenantHeader: 'X-Tenant-Id',
  pathPrefix: '/api/v1',
  environments: [
    { id: 'sandbox', label: 'Sandbox', baseUrl: null, live: false },
    { id: 'staging', label: 'Staging', baseUrl: null, live: false },
    { id: 'production', label: 'Production', baseUrl: 'https://api.callaro.ai', live: true },
  ],
  credentialKinds: [
    {
      id: 'jwt',
      label: 'JWT',
      header: { name: 'Authorization', format: 'Bearer {secret}' },
      secretPattern: { live: JWT_SECRET_PATTERN, test: JWT_SECRET_PATTERN },
      secretHint: 'a JWT: three base64url parts joined by dots (eyJhbGciOi….eyJzdWIiOi….signature)',
      boundTo: 'tenant',
      scoped: false,
      customerIssued: true,
      usage: 'User-interactive operations in the Callaro app; subject to app roles and JWT-only routes (creating API keys).',
      testRequest: { method: 'GET', path: '/api/v1/agents' },
    },
    {
      id: 'tenant_api_key',
      label: 'Tenant API key',
      header: { name: 'X-Api-Key', format: '{secret}' },
      // sk_ and anything, but not a Call2Me key (sk_call2me_...).
      secretPattern: { live: '^sk_(?!call2me_)[A-Za-z0-9_-]{8,}$', test: '^sk_(?!call2me_)[A-Za-z0-9_-]{8,}$' },
      secretHint: 'sk_ and at least 8 letters, digits, - or _ (sk_4f9a2c7d…)',
      boundTo: 'tenant',
      scoped: true,
      customerIssued: true,
      usage: 'Server integrations inside a single tenant that need explicit scope control.',
      testRequest: { method: 'GET', path: '/api/v1/agents' },
    },
    {
      id: 'partner_api_key',
      label: 'Partner API key',
      header: { name: 'X-Partner-Api-Key', format: '{secret}' },
      secretPattern: { live: '^pk_[A-Za-z0-9_-]{8,}$', test: '^pk_[A-Za-z0-9_-]{8,}$' },
      secretHint: 'pk_ and at least 8 letters, digits, - or _ (pk_9b8a7c6d…)',
      boundTo: 'partner',
      scoped: true,
      customerIssued: true,
      usage: 'Platform partners provisioning tenants and acting for them (send X-Tenant-Id).',
    },
    {
      id: 'runtime_server_key',
      label: 'Runtime server key (internal)',
      header: { name: 'X-Runtime-Key', format: '{secret}' },
      secretPattern: { live: '^rk_[A-Za-z0-9_-]{8,}$', test: '^rk_[A-Za-z0-9_-]{8,}$' },
      secretHint: 'rk_ and at least 8 letters, digits, - or _ (an assumed format: not public)',
      boundTo: 'none',
      scoped: false,
      customerIssued: false,
      usage: 'Internal runtime service-to-service calls on server-only routes; never issued to customers.',
    },
  ],
  scopes: [
    { id: 'bulk_call_campaigns:read', description: 'Read bulk call campaigns', access: 'read', group: 'campaigns' },
    { id: 'bulk_call_campaigns:write', description: 'Create, launch, pause and change bulk call campaigns', access: 'write', group: 'campaigns' },
    { id: 'contacts:read', description: 'Read contacts, segments, imports and exports', access: 'read', group: 'contacts' },
    { id: 'contacts:write', description: 'Create, import, merge and erase contacts (compliance-sensitive)', access: 'write', group: 'contacts' },
    { id: 'phone_numbers:read', description: 'Read phone numbers, availability and pricing', access: 'read', group: 'phone_numbers' },
    { id: 'phone_numbers:write', description: 'Buy, import, activate and configure phone numbers', access: 'write', group: 'phone_numbers' },
    { id: 'voice_sessions:read', description: 'Read voice sessions (call logs), traces and exports', access: 'read', group: 'voice_sessions' },
    { id: 'billing:tenant:read', description: "Read the tenant's billing", access: 'read', group: 'billing' },
    { id: 'billing:partner:read', description: "Read the partner's billing", access: 'read', group: 'billing' },
    { id: 'billing:partner:allocate', description: 'Allocate partner credit to tenants', access: 'write', optIn: true, group: 'billing' },
    { id: 'call_traces:admin_read', description: 'Richer call traces (what it unlocks is not published)', access: 'admin', optIn: true, group: 'call_traces' },
  ],
  routeFamilies: [
    readWrite('bulk_call_campaigns', 'Bulk call campaigns', ['/api/v1/bulk_call_campaigns'], 'bulk_call_campaigns'),
    readWrite('contacts', 'Contacts', ['/api/v1/contacts', '/api/v1/contact-imports', '/api/v1/contact-exports', '/api/v1/contact_segments'], 'contacts'),
    readWrite('phone_numbers', 'Phone numbers', ['/api/v1/phone_numbers'], 'phone_numbers'),
    {
      id: 'voice_sessions',
      label: 'Voice sessions (call logs)',
      paths: ['/api/v1/voice_sessions', '/api/v1/call-log-exports'],
      scopes: [{ methods: ['GET', 'POST'], scope: 'voice_sessions:read' }],
      kinds: ALL_KINDS,
      tenantHeader: 'required-for-partner',
    },
    {
      id: 'agents',
      label: 'Agents',
      paths: ['/api/v1/agents'],
      scopes: [{ methods: ['GET', ...WRITE], scope: null }],
      kinds: ALL_KINDS,
      tenantHeader: 'required-for-partner',
    },
    {
      id: 'billing_tenant',
      label: 'Tenant billing',
      paths: ['/api/v1/billing/tenant'],
      scopes: [{ methods: ['GET'], scope: 'billing:tenant:read' }],
      kinds: ALL_KINDS,
      tenantHeader: 'required-for-partner',
    },
    {
      id: 'billing_partner',
      label: 'Partner billing',
      paths: ['/api/v1/billing/partner'],
      scopes: [{ methods: ['GET'], scope: 'billing:partner:read' }],
      kinds: ['jwt', 'partner_api_key'],
    },
    {
      id: 'billing_allocate',
      label: 'Partner credit allocation',
      paths: ['/api/v1/billing/allocate-credits'],
      scopes: [{ methods: ['POST'], scope: 'billing:partner:allocate' }],
      kinds: ['jwt', 'partner_api_key'],
    },
    {
      id: 'billing_deallocate',
      label: 'Credit deallocation (JWT only)',
      paths: ['/api/v1/billing/deallocate-credits'],
      scopes: [{ methods: ['POST'], scope: null }],
      kinds: ['jwt'],
    },
    {
      id: 'billing_grant',
      label: 'Free prepaid credits (super_admin)',
      paths: ['/api/v1/billing/grant-free-prepaid-credits'],
      scopes: [{ methods: ['POST'], scope: null }],
      kinds: ['jwt'],
    },
    { id: 'api_keys', label: 'API keys (JWT only)', paths: ['/api/v1/api_keys'], scopes: [{ methods: ['POST'], scope: null }], kinds: ['jwt'] },
    {
      id: 'partner_api_keys',
      label: 'Partner API keys (scopes replace the whole set)',
      paths: ['/api/v1/partners/{partner_id}/api_keys'],
      scopes: [{ methods: ['PATCH'], scope: null }],
      kinds: ['jwt'],
    },
    {
      id: 'runtime',
      label: 'Runtime (server-only, assumed)',
      paths: ['/api/v1/runtime'],
      scopes: [{ methods: ['GET', ...WRITE], scope: null }],
      kinds: ['runtime_server_key'],
    },
    {
      id: 'auth',
      label: 'Login and refresh (assumed)',
      paths: ['/api/v1/auth/login', '/api/v1/auth/refresh'],
      scopes: [{ methods: ['POST'], scope: null }],
      kinds: ['jwt'],
    },
    {
      id: 'telephony_webhooks',
      label: 'Telephony webhooks (received by Callaro)',
      paths: ['/api/v1/webhooks/telephony'],
      scopes: [{ methods: ['POST'], scope: null }],
      kinds: ALL_KINDS,
    },
  ],
  operations: OPERATIONS,
  routeCoverage: 'partial',
  errors: [
    {
      status: 401,
      code: 'UNAUTHORIZED',
      meaning: 'Missing, unknown, revoked or expired credential',
      fix: 'Check the key or token, the environment and the header it is sent in; do not retry blindly.',
      finding: 'KEY_INVALID',
    },
    {
      status: 401,
      code: 'JWT_REQUIRED',
      meaning: 'This route accepts a JWT only (a user session), not an API key',
      fix: 'Call it with a JWT of a user allowed to do this.',
      finding: 'WRONG_CREDENTIAL_KIND',
    },
    {
      status: 403,
      code: 'FORBIDDEN',
      meaning: "The key lacks the route family's scope, or is the wrong key type",
      fix: 'Grant the missing scope on a key for this workload, or use the right key type.',
      finding: 'SCOPE_MISSING',
    },
    {
      status: 404,
      code: 'SESSION_NOT_FOUND',
      meaning: 'No voice session with this id in this tenant',
      fix: 'Check the id and the tenant context.',
      finding: 'RESOURCE_NOT_FOUND',
    },
    { status: 404, code: null, meaning: 'No such resource in this tenant', fix: 'Check the id and the tenant context.', finding: 'RESOURCE_NOT_FOUND' },
    {
      status: 422,
      code: 'VALIDATION_ERROR',
      meaning: 'The payload or a precondition is wrong',
      fix: 'Fix the payload; see the field named in errors.',
      finding: 'VALIDATION_FAILED',
    },
    {
      status: 422,
      code: null,
      meaning: 'A domain rule refused the request',
      fix: 'Fix the payload or its preconditions (contacts, schedule, configuration).',
      finding: 'VALIDATION_FAILED',
    },
    { status: 429, code: null, meaning: 'Rate limited', fix: 'Back off and lower worker concurrency.', finding: 'RATE_LIMITED' },
    {
      status: 500,
      code: 'INTERNAL_ERROR',
      meaning: 'Callaro failed',
      fix: 'Retry with capped backoff; escalate with the request_id.',
      finding: 'SERVER_ERROR',
    },
    {
      status: 400,
      code: 'TENANT_CONTEXT_REQUIRED',
      meaning: "A partner key acted on a tenant route without X-Tenant-Id (Keyhole's assumption)",
      fix: 'Send X-Tenant-Id with the tenant to act for.',
      finding: 'TENANT_CONTEXT_MISSING',
    },
    {
      status: 403,
      code: 'TENANT_NOT_IN_PARTNER',
      meaning: "X-Tenant-Id names a tenant outside the partner (Keyhole's assumption)",
      fix: 'Use a tenant that belongs to this partner.',
      finding: 'TENANT_NOT_IN_PARTNER',
    },
    {
      status: 403,
      code: 'TENANT_MISMATCH',
      meaning: "The credential belongs to another tenant (Keyhole's assumption)",
      fix: 'Use a credential of the tenant you act on.',
      finding: 'TENANT_MISMATCH',
    },
  ],
  errorEnvelopes: [{ code: 'error_code', message: 'error', field: 'errors', requestId: 'request_id' }],
  requestIdHeader: 'X-Request-Id',
  rateLimitHeaders: { limit: null, remaining: null, reset: null, retryAfter: 'Retry-After' },
  retry: [
    { status: '401', retryable: false, advice: 'Do not retry blindly: fix the credential first.' },
    { status: '403', retryable: false, advice: 'Do not retry: grant the scope or use the right key type.' },
    { status: '404', retryable: false, advice: 'Most 404s are permanent: check the id and tenant.' },
    { status: '422', retryable: false, advice: 'Structural 422s are permanent: fix the payload.' },
    { status: '429', retryable: true, advice: 'Back off, then retry.' },
    { status: '5xx', retryable: true, advice: 'Retry with capped backoff; record the request_id.' },
  ],
  keyManagement: {
    mint: {
      method: 'POST',
      path: '/api/v1/api_keys',
      kinds: ['jwt'],
      body: { name: '{name}', scopes: '{scopes}' },
      secretPath: 'data.key',
      idPath: 'data.id',
      emptyScopesRejected: true,
    },
    list: null,
    revoke: null,
    audit: null,
  },
  login: { path: '/api/v1/auth/login', refreshPath: '/api/v1/auth/refresh' },
  decisionTable: [
    { scenario: 'Internal operator using Callaro UI', kind: 'jwt', why: 'Uses app session/role model and JWT-only guards.' },
    { scenario: 'Tenant backend sync job (CRM, BI, exports)', kind: 'tenant_api_key', why: 'Tenant-scoped, explicit least-privilege scopes.' },
    { scenario: 'Multi-tenant partner provisioning flow', kind: 'partner_api_key', why: 'Supports partner namespace and delegated tenant actions.' },
    { scenario: 'Runtime service-to-service internal call', kind: 'runtime_server_key', why: 'Server-only routes, not customer-issued API keys.' },
  ],
};
