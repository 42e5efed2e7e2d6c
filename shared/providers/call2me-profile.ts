import { JWT_SECRET_PATTERN, type ProviderProfileInput } from './provider-profile';

const WRITE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Call2Me, from the public "Authentication: API keys, JWT, and OAuth flows" page (May 2026). */
export const call2meProfile: ProviderProfileInput = {
  id: 'call2me',
  name: 'Call2Me',
  notes: [
    'Test keys are assumed to read sk_call2me_test_...; the page shows only the live prefix sk_call2me_live_.',
    'No staging URL is documented; set one with `keyhole env set-url --provider call2me --env staging URL`.',
  ],
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
      secretPattern: { live: '^sk_call2me_live_[A-Za-z0-9_-]{8,}$', test: '^sk_call2me_test_[A-Za-z0-9_-]{8,}$' },
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
      boundTo: 'workspace',
      scoped: false,
      customerIssued: true,
      usage: 'Dashboard sessions from POST /v1/auth/login, refreshed with POST /v1/auth/refresh.',
    },
  ],
  scopes: [
    { id: 'read', description: 'Read-only: GET only. Analytics dashboards and audit jobs.', access: 'read' },
    {
      id: 'write',
      description: 'Full CRUD on agents, calls, knowledge base and campaigns. The production default.',
      access: 'write',
      implies: ['read'],
    },
    {
      id: 'admin',
      description: 'Everything write does, plus billing, members and white-label settings. Use sparingly.',
      access: 'admin',
      implies: ['write', 'read'],
      group: 'admin',
    },
  ],
  routeFamilies: [
    ...(['agents', 'calls', 'knowledge-base', 'campaigns'] as const).map((name) => ({
      id: name,
      label: name.replace('-', ' '),
      paths: [`/v1/${name}`],
      scopes: [
        { methods: ['GET' as const], scope: 'read' },
        { methods: [...WRITE_METHODS], scope: 'write' },
      ],
      kinds: ['api_key', 'jwt'],
    })),
    ...(['billing', 'members', 'white-label'] as const).map((name) => ({
      id: name,
      label: name.replace('-', ' '),
      paths: [`/v1/${name}`],
      scopes: [{ methods: ['GET' as const, ...WRITE_METHODS], scope: 'admin' }],
      kinds: ['api_key', 'jwt'],
    })),
    {
      id: 'api-keys',
      label: 'API key management',
      paths: ['/v1/api-keys'],
      scopes: [{ methods: ['GET', 'POST', 'DELETE'], scope: 'admin' }],
      kinds: ['api_key', 'jwt'],
    },
    {
      id: 'auth',
      label: 'Login and refresh',
      paths: ['/v1/auth/login', '/v1/auth/refresh'],
      scopes: [{ methods: ['POST'], scope: null }],
      kinds: ['jwt'],
    },
  ],
  errors: [
    { status: 401, code: null, meaning: 'Missing or invalid Bearer header', fix: 'Check the Authorization header is set' },
    { status: 401, code: 'token_expired', meaning: 'JWT past its exp', fix: 'Use the refresh token to mint a new one' },
    { status: 403, code: null, meaning: "Key doesn't have the required scope", fix: 'Mint a key with the right scope' },
    { status: 429, code: null, meaning: 'Rate limit hit', fix: 'Back off; see Errors & rate limits' },
  ],
  decisionTable: [
    { scenario: 'Backend, script or agent platform calling the API', kind: 'api_key', why: 'Long-lived, workspace-scoped, rotatable.' },
    { scenario: 'Analytics dashboard or audit job', kind: 'api_key', why: 'Use a read-only key: GET only.' },
    { scenario: 'Embedding the dashboard or a multi-user white-label client', kind: 'jwt', why: 'Short-lived user sessions with refresh.' },
  ],
};
