import { JWT_SECRET_PATTERN, type ProviderProfileInput } from './provider-profile';

const WRITE = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;
const API_KEYS = ['tenant_api_key', 'partner_api_key'];

function readWrite(id: string, label: string, path: string, scope: string) {
  return {
    id,
    label,
    paths: [path],
    scopes: [
      { methods: ['GET' as const], scope: `${scope}:read` },
      { methods: [...WRITE], scope: `${scope}:write` },
    ],
    kinds: ['jwt', ...API_KEYS],
    tenantHeader: 'required-for-partner' as const,
  };
}

/** Callaro, from the public "Pick auth by trust boundary" page. */
export const callaroProfile: ProviderProfileInput = {
  id: 'callaro',
  name: 'Callaro',
  notes: [
    'The page\'s "Header patterns" list lost its values. Defaults chosen here: JWT as "Authorization: Bearer", ' +
      'tenant and partner API keys as "X-Api-Key", runtime server keys as "X-Runtime-Key". Edit the profile if yours differ.',
    'Secret prefixes are not documented; assumed clr_tk_ (tenant), clr_pk_ (partner) and clr_rk_ (runtime), each followed by live_ or test_.',
    'Key management (/v1/api-keys) and login (/v1/auth/login, /v1/auth/refresh) are assumed to work as Call2Me\'s do; partner keys mint tenant keys.',
    'No base URLs are documented; set them with `keyhole env set-url --provider callaro --env production URL`.',
  ],
  tenantHeader: 'X-Tenant-Id',
  environments: [
    { id: 'sandbox', label: 'Sandbox (Keyhole)', baseUrl: null, live: false },
    { id: 'staging', label: 'Staging', baseUrl: null, live: false },
    { id: 'production', label: 'Production', baseUrl: null, live: true },
  ],
  credentialKinds: [
    {
      id: 'jwt',
      label: 'JWT',
      header: { name: 'Authorization', format: 'Bearer {secret}' },
      secretPattern: { live: JWT_SECRET_PATTERN, test: JWT_SECRET_PATTERN },
      boundTo: 'tenant',
      scoped: false,
      customerIssued: true,
      usage: 'User-interactive operations in the Callaro app; subject to app role and JWT-only guards.',
    },
    {
      id: 'tenant_api_key',
      label: 'Tenant API key',
      header: { name: 'X-Api-Key', format: '{secret}' },
      secretPattern: { live: '^clr_tk_live_[A-Za-z0-9]{8,}$', test: '^clr_tk_test_[A-Za-z0-9]{8,}$' },
      boundTo: 'tenant',
      scoped: true,
      customerIssued: true,
      usage: 'Server integrations inside a single tenant that need explicit scope control.',
    },
    {
      id: 'partner_api_key',
      label: 'Partner API key',
      header: { name: 'X-Api-Key', format: '{secret}' },
      secretPattern: { live: '^clr_pk_live_[A-Za-z0-9]{8,}$', test: '^clr_pk_test_[A-Za-z0-9]{8,}$' },
      boundTo: 'partner',
      scoped: true,
      customerIssued: true,
      usage: 'Platform partners provisioning tenants and acting for them (send X-Tenant-Id).',
    },
    {
      id: 'runtime_server_key',
      label: 'Runtime server key',
      header: { name: 'X-Runtime-Key', format: '{secret}' },
      secretPattern: { live: '^clr_rk_live_[A-Za-z0-9]{8,}$', test: '^clr_rk_test_[A-Za-z0-9]{8,}$' },
      boundTo: 'none',
      scoped: false,
      customerIssued: false,
      usage: 'Internal runtime service-to-service calls on server-only routes; never customer-issued.',
    },
  ],
  scopes: [
    { id: 'bulk_call_campaigns:read', description: 'Read bulk call campaigns', access: 'read', group: 'campaigns' },
    { id: 'bulk_call_campaigns:write', description: 'Create and change bulk call campaigns', access: 'write', group: 'campaigns' },
    { id: 'contacts:read', description: 'Read contacts', access: 'read', group: 'contacts' },
    { id: 'contacts:write', description: 'Create and change contacts (compliance-sensitive)', access: 'write', group: 'contacts' },
    { id: 'phone_numbers:read', description: 'Read phone numbers', access: 'read', group: 'phone_numbers' },
    { id: 'phone_numbers:write', description: 'Buy, release and change phone numbers', access: 'write', group: 'phone_numbers' },
    { id: 'voice_sessions:read', description: 'Read voice sessions', access: 'read', group: 'voice_sessions' },
    { id: 'billing:tenant:read', description: "Read the tenant's billing", access: 'read', group: 'billing' },
    { id: 'billing:partner:read', description: "Read the partner's billing", access: 'read', group: 'billing' },
    { id: 'billing:partner:allocate', description: 'Allocate partner credit to tenants', access: 'write', optIn: true, group: 'billing' },
    { id: 'call_traces:admin_read', description: 'Read call traces (admin)', access: 'admin', optIn: true, group: 'call_traces' },
  ],
  routeFamilies: [
    readWrite('bulk-call-campaigns', 'Bulk call campaigns', '/v1/bulk-call-campaigns', 'bulk_call_campaigns'),
    readWrite('contacts', 'Contacts', '/v1/contacts', 'contacts'),
    readWrite('phone-numbers', 'Phone numbers', '/v1/phone-numbers', 'phone_numbers'),
    {
      id: 'voice-sessions',
      label: 'Voice sessions',
      paths: ['/v1/voice-sessions'],
      scopes: [{ methods: ['GET'], scope: 'voice_sessions:read' }],
      kinds: ['jwt', ...API_KEYS],
      tenantHeader: 'required-for-partner',
    },
    {
      id: 'billing-tenant',
      label: 'Tenant billing',
      paths: ['/v1/billing/tenant'],
      scopes: [{ methods: ['GET'], scope: 'billing:tenant:read' }],
      kinds: ['jwt', ...API_KEYS],
      tenantHeader: 'required-for-partner',
    },
    {
      id: 'billing-partner-allocations',
      label: 'Partner credit allocations',
      paths: ['/v1/billing/partner/allocations'],
      scopes: [
        { methods: ['GET'], scope: 'billing:partner:read' },
        { methods: ['POST'], scope: 'billing:partner:allocate' },
      ],
      kinds: ['partner_api_key'],
    },
    {
      id: 'billing-partner',
      label: 'Partner billing',
      paths: ['/v1/billing/partner'],
      scopes: [{ methods: ['GET'], scope: 'billing:partner:read' }],
      kinds: ['partner_api_key'],
    },
    {
      id: 'call-traces',
      label: 'Call traces',
      paths: ['/v1/call-traces'],
      scopes: [{ methods: ['GET'], scope: 'call_traces:admin_read' }],
      kinds: ['jwt', ...API_KEYS],
      tenantHeader: 'required-for-partner',
    },
    {
      id: 'runtime',
      label: 'Runtime (server-only)',
      paths: ['/v1/runtime'],
      scopes: [{ methods: ['GET', ...WRITE], scope: null }],
      kinds: ['runtime_server_key'],
    },
    {
      id: 'api-keys',
      label: 'API key management',
      paths: ['/v1/api-keys'],
      scopes: [{ methods: ['GET', 'POST', 'DELETE'], scope: null }],
      kinds: ['jwt', 'partner_api_key'],
    },
    {
      id: 'auth',
      label: 'Login and refresh',
      paths: ['/v1/auth/login', '/v1/auth/refresh'],
      scopes: [{ methods: ['POST'], scope: null }],
      kinds: ['jwt'],
    },
    { id: 'app', label: 'App (JWT-only)', paths: ['/v1/app'], scopes: [{ methods: ['GET', ...WRITE], scope: null }], kinds: ['jwt'] },
    {
      id: 'partner',
      label: 'Partner namespace',
      paths: ['/v1/partner'],
      scopes: [{ methods: ['GET', ...WRITE], scope: null }],
      kinds: ['partner_api_key'],
    },
  ],
  errors: [
    { status: 401, code: 'invalid_token', meaning: 'Missing, malformed, unknown or revoked credential', fix: 'Send a valid credential in the header the kind uses' },
    { status: 403, code: 'insufficient_scope', meaning: 'The key lacks the route family\'s scope', fix: 'Mint a key with the required scope (least privilege)' },
    { status: 403, code: 'wrong_credential_kind', meaning: 'This route family does not accept this kind of credential', fix: 'Use the kind the decision table recommends for this route' },
    { status: 400, code: 'tenant_context_missing', meaning: 'A partner key acted on a tenant route without X-Tenant-Id', fix: 'Send X-Tenant-Id with the tenant to act for' },
    { status: 403, code: 'tenant_not_in_partner', meaning: 'X-Tenant-Id names a tenant outside the partner', fix: 'Use a tenant that belongs to this partner' },
  ],
  decisionTable: [
    { scenario: 'Internal operator using Callaro UI', kind: 'jwt', why: 'Uses app session/role model and JWT-only guards.' },
    { scenario: 'Tenant backend sync job (CRM, BI, exports)', kind: 'tenant_api_key', why: 'Tenant-scoped, explicit least-privilege scopes.' },
    { scenario: 'Multi-tenant partner provisioning flow', kind: 'partner_api_key', why: 'Supports partner namespace and delegated tenant actions.' },
    { scenario: 'Runtime service-to-service internal call', kind: 'runtime_server_key', why: 'Server-only routes, not customer-issued API keys.' },
  ],
};
