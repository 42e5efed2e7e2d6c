/**
 * Callaro's contract as its developer pages give it (../shared/vendors/README.md, sections A and C3).
 * Callaro publishes no OpenAPI document for these guides, so this is typed from the pages, and kept
 * apart from anything a client of the sandbox believes about Callaro.
 */

export type CallaroKind = 'jwt' | 'tenant_api_key' | 'partner_api_key' | 'runtime_server_key';

export interface CallaroFamily {
  id: string;
  /** Path prefixes under /api/v1 (A3: underscores and hyphens exactly as the docs write them). */
  prefixes: string[];
  /** The scope GET needs, and the scope the other methods need (null: none). */
  read: string | null;
  write: string | null;
  kinds: CallaroKind[];
  /** Partner callers select the tenant with X-Tenant-Id here (A2). */
  tenantScoped: boolean;
}

const KEYS_AND_JWT: CallaroKind[] = ['jwt', 'tenant_api_key', 'partner_api_key'];
const rw = (id: string, prefixes: string[], scope: string): CallaroFamily => ({
  id,
  prefixes,
  read: `${scope}:read`,
  write: `${scope}:write`,
  kinds: KEYS_AND_JWT,
  tenantScoped: true,
});

export const FAMILIES: CallaroFamily[] = [
  rw('bulk_call_campaigns', ['/bulk_call_campaigns'], 'bulk_call_campaigns'),
  // Which scope gates imports, exports and segments is silent (A3): contacts:* assumed.
  rw('contacts', ['/contacts', '/contact-imports', '/contact-exports', '/contact_segments'], 'contacts'),
  rw('phone_numbers', ['/phone_numbers'], 'phone_numbers'),
  {
    id: 'voice_sessions',
    prefixes: ['/voice_sessions', '/call-log-exports'],
    read: 'voice_sessions:read',
    write: 'voice_sessions:read',
    kinds: KEYS_AND_JWT,
    tenantScoped: true,
  },
  { id: 'agents', prefixes: ['/agents'], read: null, write: null, kinds: KEYS_AND_JWT, tenantScoped: true },
  { id: 'billing_tenant', prefixes: ['/billing/tenant'], read: 'billing:tenant:read', write: null, kinds: KEYS_AND_JWT, tenantScoped: true },
  { id: 'billing_partner', prefixes: ['/billing/partner'], read: 'billing:partner:read', write: null, kinds: ['jwt', 'partner_api_key'], tenantScoped: false },
  {
    id: 'billing_allocate',
    prefixes: ['/billing/allocate-credits'],
    read: null,
    write: 'billing:partner:allocate',
    kinds: ['jwt', 'partner_api_key'],
    tenantScoped: false,
  },
  { id: 'billing_deallocate', prefixes: ['/billing/deallocate-credits'], read: null, write: null, kinds: ['jwt'], tenantScoped: false },
  { id: 'billing_grant', prefixes: ['/billing/grant-free-prepaid-credits'], read: null, write: null, kinds: ['jwt'], tenantScoped: false },
  { id: 'api_keys', prefixes: ['/api_keys'], read: null, write: null, kinds: ['jwt'], tenantScoped: false },
  { id: 'partner_api_keys', prefixes: ['/partners'], read: null, write: null, kinds: ['jwt'], tenantScoped: false },
  // Runtime routes are server-only and not public (A2): any path under /runtime is assumed.
  { id: 'runtime', prefixes: ['/runtime'], read: null, write: null, kinds: ['runtime_server_key'], tenantScoped: false },
];

export interface CallaroOperation {
  method: string;
  /** Under /api/v1, `{...}` for a parameter. */
  path: string;
  /** C3: the same Idempotency-Key makes a retry safe. */
  idempotent?: boolean;
  /** A role-only route (C3): refused to every other role, whatever the scopes. */
  roles?: string[];
  /** Fields the body must have (A3), checked before anything happens. */
  required?: string[];
  public?: boolean;
}

const lines = (text: string, extra: Partial<CallaroOperation> = {}): CallaroOperation[] =>
  text
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .map(([method, path]) => ({ method: method!, path: path!, ...extra }));

/** Every operation the pages show (A3, C3); campaign sub-routes named only by name are `/{id}/<name>`. */
export const OPERATIONS: CallaroOperation[] = [
  ...lines(`
    GET /agents
    POST /agents
    GET /agents/{id}
    PATCH /agents/{id}
    DELETE /agents/{id}
    GET /bulk_call_campaigns
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
  ...lines('POST /bulk_call_campaigns', { required: ['name'] }),
  ...lines('POST /contacts', { required: ['phone'] }),
  ...lines('POST /bulk_call_campaigns/{id}/launch', { idempotent: true }),
  ...lines('POST /billing/allocate-credits', { idempotent: true, roles: ['partner_admin', 'super_admin'], required: ['tenant_id', 'amount_major'] }),
  ...lines('POST /billing/deallocate-credits', { idempotent: true, roles: ['partner_admin', 'super_admin'], required: ['tenant_id', 'amount_major'] }),
  ...lines('POST /billing/grant-free-prepaid-credits', { roles: ['super_admin'], required: ['accountable_type', 'accountable_id', 'amount'] }),
  ...lines('POST /api_keys', { required: ['name'] }),
  ...lines('PATCH /partners/{partner_id}/api_keys/{id}'),
  ...lines(
    `
    POST /webhooks/telephony/{vendor_slug}
    POST /webhooks/telephony/{vendor_slug}/sample
  `,
    { public: true },
  ),
  // JWT login and refresh are silent (A6): these paths and a flat token pair are assumed.
  ...lines(
    `
    POST /auth/login
    POST /auth/refresh
  `,
    { public: true },
  ),
];

/** A4: every scope the docs name; the two opt-in ones are never among the defaults. */
export const SCOPES = [
  'bulk_call_campaigns:read',
  'bulk_call_campaigns:write',
  'contacts:read',
  'contacts:write',
  'phone_numbers:read',
  'phone_numbers:write',
  'voice_sessions:read',
  'billing:tenant:read',
  'billing:partner:read',
];
export const OPT_IN_SCOPES = ['billing:partner:allocate', 'call_traces:admin_read'];

/** A3: campaign states and the actions each allows (Draft→Launch; Running→Pause; Paused→Resume or Cancel; Running/Paused→Cancel). */
export const CAMPAIGN_ACTIONS: Record<string, { from: string[]; to: string }> = {
  launch: { from: ['draft'], to: 'running' },
  pause: { from: ['running'], to: 'paused' },
  resume: { from: ['paused'], to: 'running' },
  cancel: { from: ['running', 'paused'], to: 'cancelled' },
};
