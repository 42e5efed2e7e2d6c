import { randomBytes } from 'node:crypto';
import { authenticateCall2me, issueTokens, type Principal } from '../auth';
import { idempotent } from '../idempotency';
import { refuse, SandboxRefusal } from '../refusal';
import type { VendorRequest, VendorResponse } from '../vendor-request';
import { OUTBOUND_CALL_USD, type SandboxState } from '../state';
import { SchemaValidator } from '../validation';
import { allOperations, findRoute, operation, schemas, type Operation } from './routes';
import { idFor, objectOf, patternOf, resolve, synthesize } from './synthesize';

const validator = new SchemaValidator('call2me', schemas);

/**
 * Routes used before any credential exists (C2: sign-up, login, the widget's public routes) or by
 * machines that hold none (health checks, payment callbacks). The spec marks none of them; these
 * are the pages' word and the sandbox's choice, listed in its README.
 */
const PUBLIC = [
  /^POST \/v1\/auth\/(signup|register|login|refresh|forgot-password|reset-password|verify-email|resend-verification|quick-login|quick-login\/verify|google|invite\/accept)$/,
  /^GET \/v1\/auth\/invite\/\{token\}$/,
  /^GET \/v1\/widgets\/\{widget_id\}\/(config|embed\.js|preview|greeting\.mp3)$/,
  /^POST \/v1\/widgets\/\{widget_id\}\/(chat|voice-token)$/,
  /^POST \/v1\/events$/,
  /^(GET|POST) \/v1\/payments\/(callback|webhooks)\//,
  /^GET \/health(\/\w+)?$/,
];
/** B4: admin keys add billing, member management and white-label settings; key management is admin's too. */
const ADMIN_AREAS = ['/v1/wallet', '/v1/payments', '/v1/members', '/v1/users/me/tenant', '/v1/users/me/branding', '/v1/api-keys'];
/** C2: an end-user token (`agents:read`) reaches the public agent cards, its chats and voice sessions. */
const END_USER =
  /^(GET \/v1\/agents|GET \/v1\/agents\/\{agent_id\}|(GET|POST) \/v1\/chats(\/\{session_id\}(\/messages)?)?|(GET|POST) \/v1\/voice\/sessions(\/\{room_name\})?)$/;
/** A number the platform shares for demos: it cannot place outbound calls (the spec's 400). */
export const DEMO_NUMBER = '+15550000000';
/** What buying a number takes from the wallet at once (assumed: the spec gives no price). */
const NUMBER_MONTHLY_USD = 1;

interface Context {
  state: SandboxState;
  request: VendorRequest;
  op: Operation;
  key: string;
  params: Record<string, string>;
  principal: Principal | null;
  /** A route anyone may call: it reads any workspace's items (a widget's public config). */
  isPublic: boolean;
  owner: string;
  body: Record<string, unknown>;
  query: Record<string, unknown>;
}

/**
 * Call2Me as its OpenAPI document describes it (sandbox/call2me/contract.json, derived from the spec),
 * answering as a FastAPI service does: route, authenticate, check the key's tier, validate query and
 * body with the spec's schemas (422 with FastAPI's `detail` list), then act. X-RateLimit-* go on
 * every answer, unauthenticated ones included.
 */
export async function handleCall2me(state: SandboxState, request: VendorRequest): Promise<VendorResponse> {
  let principal: Principal | null = null;
  let authError: unknown = null;
  if (request.headers.authorization !== undefined) {
    try {
      principal = await authenticateCall2me(state, request.headers);
    } catch (error) {
      authError = error;
    }
  }
  const usage = state.countRequest(principal?.credentialId ?? `anon:${request.remote}`);
  const rateHeaders = {
    'X-RateLimit-Limit': String(usage.limit),
    'X-RateLimit-Remaining': String(usage.remaining),
    'X-RateLimit-Reset': String(usage.resetAt),
  };
  let response: VendorResponse;
  try {
    if (usage.retryAfter !== null) {
      throw new SandboxRefusal(429, 'rate_limited', `Rate limit exceeded. Try again in ${usage.retryAfter} seconds.`, undefined, {
        'Retry-After': String(usage.retryAfter),
      });
    }
    response = await route(state, request, principal, authError);
  } catch (error) {
    if (!(error instanceof SandboxRefusal)) throw error;
    response = { refusal: error };
  }
  if (principal)
    state.record(principal.credentialId, { time: state.now().toISOString(), method: request.method, path: request.path, status: statusOf(response) });
  return { ...response, headers: { ...rateHeaders, ...response.headers } };
}

const statusOf = (response: VendorResponse) => response.refusal?.status ?? response.status ?? 200;

async function route(state: SandboxState, request: VendorRequest, principal: Principal | null, authError: unknown): Promise<VendorResponse> {
  const found = findRoute(request.method, request.path);
  if (found.kind === 'none') return { status: 404, body: { detail: 'Not Found' } };
  if (found.kind === 'method') return { status: 405, body: { detail: 'Method Not Allowed' }, headers: { Allow: found.allowed.join(', ') } };
  if (found.kind === 'slash') return { status: 307, headers: { Location: `${request.prefix}${found.location}${request.search}` } };
  const { op, params } = found;
  const key = op.sameAs ?? `${op.method} ${op.path}`;
  const isPublic = PUBLIC.some((p) => p.test(`${op.method} ${op.path}`));
  if (op.path.startsWith('/internal/')) {
    // Call2Me's own server-to-server routes: X-Internal-Key, never a customer credential.
    throw new SandboxRefusal(401, 'invalid_token', 'Missing or invalid X-Internal-Key.');
  }
  if (!isPublic) {
    if (authError) throw authError;
    if (!principal) throw refuse.missing('send Authorization: Bearer <API key or JWT>');
    checkTier(principal, op);
  }
  const query = validateQuery(request, op);
  const body = validateBody(request, op);
  const ctx: Context = { state, request, op, key, params, principal, isPublic, owner: principal?.workspace ?? 'public', body, query };
  if (request.method === 'GET' || request.method === 'HEAD') return act(ctx);
  return idempotent(state, 'call2me', ctx.owner, request, () => act(ctx));
}

function checkTier(principal: Principal, op: Operation): void {
  const route = `${op.method} ${op.path}`;
  if (principal.kind === 'end_user_token') {
    if (!END_USER.test(route)) throw new SandboxRefusal(403, 'insufficient_scope', 'End-user tokens reach agents, chats and voice sessions only.');
    return;
  }
  const tier = principal.scopes.includes('admin') ? 3 : principal.scopes.includes('write') ? 2 : principal.scopes.includes('read') ? 1 : 0;
  if (tier === 0) throw new SandboxRefusal(403, 'insufficient_scope', 'This key has no scope: it may call nothing.');
  if (ADMIN_AREAS.some((area) => op.path === area || op.path.startsWith(`${area}/`)) && tier < 3) {
    throw new SandboxRefusal(403, 'insufficient_scope', 'Billing, members, white-label settings and API keys need an admin key.');
  }
  if (op.method !== 'GET' && tier < 2) throw new SandboxRefusal(403, 'insufficient_scope', 'A read-only key may only GET.');
}

function validateQuery(request: VendorRequest, op: Operation): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const issues = op.query.flatMap((param) => {
    const raw = request.query.get(param.name);
    if (raw === null) {
      if (param.required) return [{ type: 'missing', loc: ['query', param.name], msg: 'Field required', input: null }];
      const fallback = resolve(schemas, param.schema)?.default;
      if (fallback !== undefined) values[param.name] = fallback;
      return [];
    }
    const value = coerce(raw, param.schema);
    if (value === undefined) {
      const integer = typeOf(param.schema) === 'integer';
      return [
        {
          type: integer ? 'int_parsing' : 'float_parsing',
          loc: ['query', param.name],
          msg: `Input should be a valid ${integer ? 'integer, unable to parse string as an integer' : 'number, unable to parse string as a number'}`,
          input: raw,
        },
      ];
    }
    values[param.name] = value;
    return validator
      .check(`query ${op.operationId} ${param.name}`, param.schema, value, 'query')
      .issues.map((issue) => ({ ...issue, loc: ['query', param.name, ...issue.loc.slice(1)] }));
  });
  if (issues.length > 0) throw refuse.validation(issues);
  return values;
}

/** A query string as the schema's type: a number where it wants one (undefined when it is none). */
function coerce(raw: string, schema: Record<string, unknown>): unknown {
  const type = typeOf(schema);
  if (type === 'integer') return /^-?\d+$/.test(raw) ? Number(raw) : undefined;
  if (type === 'number') return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : undefined;
  if (type === 'boolean')
    return ['true', '1', 'yes', 'on'].includes(raw.toLowerCase()) ? true : ['false', '0', 'no', 'off'].includes(raw.toLowerCase()) ? false : raw;
  return raw;
}

function typeOf(schema: unknown): unknown {
  const s = resolve(schemas, schema);
  return s?.type ?? (s?.anyOf as { type?: string }[] | undefined)?.find((o) => o.type !== 'null')?.type;
}

function validateBody(request: VendorRequest, op: Operation): Record<string, unknown> {
  // A route without a JSON body ignores one (the Python SDK posts `{}` to them); uploads are not read.
  if (!op.body || !op.bodyTypes.includes('application/json')) return {};
  const parsed = request.json();
  if (parsed.kind === 'invalid') {
    throw refuse.validation([{ type: 'json_invalid', loc: ['body', parsed.position], msg: 'JSON decode error', input: {}, ctx: { error: parsed.error } }]);
  }
  if (parsed.kind === 'empty') {
    if (op.body.required) throw refuse.validation([{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }]);
    return {};
  }
  const { issues, value } = validator.check(`body ${op.operationId}`, op.body.schema, parsed.value, 'body');
  if (issues.length > 0) throw refuse.validation(issues);
  return (value ?? {}) as Record<string, unknown>;
}

async function act(ctx: Context): Promise<VendorResponse> {
  switch (ctx.key) {
    case 'POST /v1/auth/login':
      return logIn(ctx);
    case 'POST /v1/auth/refresh':
      return refresh(ctx);
    case 'POST /v1/auth/signup':
      return signUp(ctx);
    case 'GET /v1/auth/me':
    case 'GET /v1/users/me':
      return me(ctx);
    case 'POST /v1/auth/logout':
      return { status: 200, body: { message: 'Logged out' } };
    case 'GET /v1/api-keys':
      return { status: 200, body: [...ctx.state.keys.values()].filter((k) => k.provider === 'call2me' && k.workspace === ctx.owner).map(keyInfo) };
    case 'POST /v1/api-keys':
      return mintKey(ctx);
    case 'GET /v1/api-keys/{key_id}':
      return { status: 200, body: keyInfo(ownKey(ctx)) };
    case 'DELETE /v1/api-keys/{key_id}':
      ownKey(ctx).revoked = true;
      return { status: 204 };
    case 'DELETE /v1/api-keys/{key_id}/permanent':
      return deleteKey(ctx);
    case 'GET /v1/api-keys/{key_id}/usage':
      return keyUsage(ctx);
    case 'POST /v1/calls':
      return placeCall(ctx);
    case 'GET /v1/calls/{call_id}/recording':
      item(ctx, '/v1/calls', 'call_id');
      // The spec's 501: the sandbox keeps no recordings, as a deployment without storage.
      return { refusal: new SandboxRefusal(501, 'not_configured', 'Recording storage is not configured.') };
    case 'GET /v1/wallet':
      return { status: 200, body: { balance_usd: balance(ctx), currency: 'USD', auto_recharge: { enabled: false, threshold_usd: 0, topup_usd: 0 } } };
    case 'GET /v1/wallet/balance': {
      const usd = balance(ctx);
      return {
        status: 200,
        body: { balance_usd: usd, has_balance: usd > 0, can_proceed: usd >= OUTBOUND_CALL_USD, min_balance: OUTBOUND_CALL_USD, margin_percent: 0 },
      };
    }
    case 'POST /v1/wallet/topup':
      return topUp(ctx);
    case 'POST /v1/end-users/{external_id}/tokens':
      return mintEndUserToken(ctx);
    case 'POST /v1/phone-numbers/{number}/bind':
      return bindNumber(ctx);
    case 'POST /v1/campaigns/{campaign_id}/action':
      return campaignAction(ctx);
    case 'GET /v1/voices':
      return { status: 200, body: voices(ctx) };
    case 'GET /v1/voices/{voice_id}': {
      const voice = voices(ctx).find((v) => v.voice_id === ctx.params.voice_id);
      if (!voice) throw new SandboxRefusal(404, 'not_found', 'Voice not found');
      return { status: 200, body: voice };
    }
    case 'PUT /v1/webhooks':
      return setWebhook(ctx);
    case 'GET /v1/webhooks':
      return webhookOf(ctx);
    case 'POST /v1/voice/sessions':
      return openVoiceSession(ctx);
    case 'GET /v1/voice/sessions/{room_name}':
      return voiceSession(ctx);
    case 'POST /v1/numbers/purchase':
      return buyNumber(ctx);
    case 'POST /v1/members/invitations':
      return { status: 201, body: { invitation_id: `inv_${hex()}`, email: ctx.body.email, role: ctx.body.role, expires_at: days(ctx, 7) } };
    default:
      if (ctx.op.path.startsWith('/health')) return health(ctx);
      if (ctx.op.path.startsWith('/v1/phone-numbers')) ownerNumbers(ctx);
      return generic(ctx);
  }
}

// ── Resources, by the spec's paths: `/v1/things` lists and creates, `/v1/things/{thing_id}` is one ──

/** `/v1/agents/{agent_id}/duplicate` -> ['/v1/agents', 'agent_id']; null for a path without a parameter. */
function collectionOf(path: string): [collection: string, idName: string] | null {
  const m = /^(.*?)\/\{([^}]+)\}/.exec(path);
  return m ? [m[1]!, m[2]!] : null;
}

/** The parameter naming an item of `collection`, where the spec has an item route under it (`/v1/agents/{agent_id}`). */
function itemParam(collection: string): string | null {
  const itemRoute = new RegExp(`^${collection.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\{([^}/]+)\\}$`);
  for (const op of allOperations) {
    const m = op.method !== 'POST' ? itemRoute.exec(op.path) : null;
    if (m) return m[1]!;
  }
  return null;
}

/** Whether items of `collection` are made through the API (so one that is not stored does not exist). */
function storedCollection(collection: string): boolean {
  return operation('POST', collection) !== undefined && itemParam(collection) !== null;
}

function generic(ctx: Context): VendorResponse {
  const { op, state, owner } = ctx;
  const place = collectionOf(op.path);
  if (!place) {
    const idName = itemParam(op.path);
    if (op.method === 'POST' && idName && storedCollection(op.path)) return create(ctx, op.path, idName, ctx.body);
    if (op.method === 'GET' && idName) return list(ctx, op.path);
    return singleton(ctx);
  }
  const [collection, idName] = place;
  const rest = op.path.slice(collection.length + idName.length + 3);
  if (!storedCollection(collection)) return { status: op.status, body: answer(ctx, { ...ctx.params, ...ctx.body }) };
  const found = item(ctx, collection, idName);
  const items = state.collection('call2me', collection);
  if (rest === '') {
    if (op.method === 'GET') return { status: op.status, body: found.body };
    if (op.method === 'DELETE') {
      items.delete(ctx.params[idName]!);
      return op.status === 204 ? { status: 204 } : { status: op.status, body: answer(ctx, ctx.params) };
    }
    found.body = { ...found.body, ...ctx.body, [idName]: found.body[idName], updated_at: ctx.state.now().toISOString() };
    return { status: op.status, body: found.body };
  }
  // A sub-route answering with a new item of the collection (`/duplicate`) makes one; one answering
  // with the item itself (`/end`) changes it; anything else answers in its own schema.
  const createOp = operation('POST', collection);
  if (createOp && op.method === 'POST' && sameSchema(op.response, createOp.response) && op.status === 201) {
    const { [idName]: _id, ...copy } = found.body;
    return create(ctx, collection, idName, copy, owner);
  }
  if (op.method !== 'GET' && createOp && sameSchema(op.response, createOp.response)) {
    found.body = { ...found.body, ...(rest === 'end' ? { call_status: 'ended' } : {}), updated_at: ctx.state.now().toISOString() };
    return { status: op.status, body: found.body };
  }
  if (op.status === 204) return { status: 204 };
  return { status: op.status, body: answer(ctx, { ...ctx.params, ...ctx.body }) };
}

const sameSchema = (a: unknown, b: unknown) => a !== null && a !== undefined && JSON.stringify(a) === JSON.stringify(b) && JSON.stringify(a) !== '{}';

function answer(ctx: Context, given: Record<string, unknown>): unknown {
  const schema = resolve(schemas, ctx.op.response);
  if (!schema || Object.keys(schema).length === 0 || (!schema.type && !schema.properties && !schema.$ref && !schema.anyOf)) return given;
  if (schema.type === 'array') return [];
  if (schema.type === 'object' || schema.properties) return objectOf(schemas, schema, given, ctx.state.now());
  return synthesize(schemas, schema, undefined, ctx.state.now());
}

function singleton(ctx: Context): VendorResponse {
  const items = ctx.state.collection('call2me', ctx.op.path);
  const stored = items.get(ctx.owner);
  if (ctx.op.method === 'GET') return { status: ctx.op.status, body: stored?.body ?? answer(ctx, {}) };
  if (ctx.op.method === 'PUT' || ctx.op.method === 'PATCH') {
    const body = { ...(ctx.op.method === 'PATCH' ? (stored?.body ?? {}) : {}), ...ctx.body };
    items.set(ctx.owner, { owner: ctx.owner, body });
    return { status: ctx.op.status, body: answer(ctx, body) };
  }
  if (ctx.op.status === 204) return { status: 204 };
  return { status: ctx.op.status, body: answer(ctx, ctx.body) };
}

function item(ctx: Context, collection: string, idName: string) {
  const id = ctx.params[idName]!;
  const found = ctx.state.collection('call2me', collection).get(id);
  const noun = collection.split('/').pop()!.replace(/-/g, ' ').replace(/s$/, '');
  if (!found) throw new SandboxRefusal(404, 'not_found', `${noun[0]!.toUpperCase()}${noun.slice(1)} not found`);
  // A public route (a widget's config) reads any workspace's item; a credential acts in its own only.
  if (!ctx.isPublic && found.owner !== ctx.owner) throw new SandboxRefusal(403, 'workspace_mismatch', `${id} belongs to another workspace.`);
  return found;
}

function create(ctx: Context, collection: string, idName: string, input: Record<string, unknown>, owner = ctx.owner): VendorResponse {
  const createOp = operation('POST', collection) ?? ctx.op;
  const id = typeof input[idName] === 'string' && input[idName] !== '' ? (input[idName] as string) : newId(createOp.response, idName);
  const items = ctx.state.collection('call2me', collection);
  if (items.has(id)) throw new SandboxRefusal(409, 'bad_request', `${id} already exists.`);
  const now = ctx.state.now().toISOString();
  const given = { ...input, [idName]: id, created_at: now, updated_at: now };
  const body = resolve(schemas, createOp.response)?.properties ? objectOf(schemas, createOp.response, given, ctx.state.now()) : given;
  items.set(id, { owner, body });
  return { status: ctx.op.status, body };
}

function newId(schema: unknown, idName: string): string {
  const pattern = patternOf(schemas, schema, idName);
  return (pattern && idFor(pattern)) ?? `${idName.replace(/_id$/, '')}_${hex()}`;
}

function list(ctx: Context, collection: string): VendorResponse {
  const all = [...ctx.state.collection('call2me', collection).values()].filter((i) => i.owner === ctx.owner).map((i) => i.body);
  const offset = typeof ctx.query.offset === 'number' ? ctx.query.offset : 0;
  const limit = typeof ctx.query.limit === 'number' ? ctx.query.limit : all.length;
  const page = all.slice(offset, offset + limit);
  const schema = resolve(schemas, ctx.op.response);
  const arrayProperty = Object.entries((schema?.properties ?? {}) as Record<string, { type?: string }>).find(([, p]) => p.type === 'array')?.[0];
  if (!arrayProperty) return { status: 200, body: page };
  return { status: 200, body: objectOf(schemas, schema, { [arrayProperty]: page, total: all.length, limit, offset }, ctx.state.now()) };
}

// ── What the spec and pages say more than a shape about ──

function ownerNumbers(ctx: Context) {
  const numbers = ctx.state.collection('call2me', '/v1/phone-numbers');
  // Every workspace starts with one number of its own, bound to no agent (assumed; see the README).
  if (![...numbers.values()].some((n) => n.owner === ctx.owner) && !ctx.state.resources.has(`call2me|seeded|${ctx.owner}`)) {
    ctx.state.resources.set(`call2me|seeded|${ctx.owner}`, new Map());
    const number = `+1555${String(1_000_000 + Math.floor(Math.random() * 8_999_999))}`;
    numbers.set(number, {
      owner: ctx.owner,
      body: objectOf(schemas, { $ref: '#/components/schemas/PhoneNumberResponse' }, { number, agent_id: null }, ctx.state.now()),
    });
  }
  return numbers;
}

function placeCall(ctx: Context): VendorResponse {
  const agents = ctx.state.collection('call2me', '/v1/agents');
  const agent = agents.get(String(ctx.body.agent_id));
  if (!agent || agent.owner !== ctx.owner) throw new SandboxRefusal(404, 'not_found', 'Agent not found');
  const numbers = ownerNumbers(ctx);
  const from =
    (ctx.body.from_number as string | null | undefined) ??
    ([...numbers.values()].find((n) => n.owner === ctx.owner && n.body.agent_id === agent.body.agent_id)?.body.number as string | undefined);
  if (from === DEMO_NUMBER) throw refuse.badRequest('The demo number cannot place outbound calls: buy or import a number for this workspace.', 'from_number');
  if (!from) throw refuse.badRequest('No phone number is assigned to this agent: pass from_number, or bind a number to the agent.', 'from_number');
  if (numbers.get(from)?.owner !== ctx.owner) throw refuse.badRequest(`${from} is not a phone number of this workspace.`, 'from_number');
  // Refused before anything is charged or placed.
  charge(ctx, OUTBOUND_CALL_USD, 'place a call');
  const call_id = newId({ $ref: '#/components/schemas/Call' }, 'call_id');
  const now = ctx.state.now();
  const body = {
    ...objectOf(
      schemas,
      { $ref: '#/components/schemas/Call' },
      {
        call_id,
        agent_id: agent.body.agent_id,
        call_status: 'pending',
        call_type: 'outbound',
        direction: 'outbound',
        from_number: from,
        to_number: ctx.body.to_number,
      },
      now,
    ),
    // The spec's description: "returns immediately with call_id and status='queued'".
    status: 'queued',
  };
  ctx.state.collection('call2me', '/v1/calls').set(call_id, { owner: ctx.owner, body });
  return { status: 201, body, headers: { Location: `${ctx.request.prefix}/v1/calls/${call_id}` } };
}

function bindNumber(ctx: Context): VendorResponse {
  const numbers = ownerNumbers(ctx);
  const number = numbers.get(ctx.params.number!);
  if (!number || number.owner !== ctx.owner) throw new SandboxRefusal(404, 'not_found', 'Phone number not found');
  const agent = ctx.state.collection('call2me', '/v1/agents').get(String(ctx.body.agent_id));
  if (!agent || agent.owner !== ctx.owner) throw new SandboxRefusal(404, 'not_found', 'Agent not found');
  number.body = { ...number.body, agent_id: agent.body.agent_id, agent_name: agent.body.agent_name };
  return { status: 200, body: number.body };
}

const CAMPAIGN_STATUS: Record<string, string> = { start: 'running', pause: 'paused', resume: 'running', cancel: 'cancelled' };
function campaignAction(ctx: Context): VendorResponse {
  const campaign = item(ctx, '/v1/campaigns', 'campaign_id');
  const status = CAMPAIGN_STATUS[String(ctx.body.action)]!;
  campaign.body = { ...campaign.body, status, updated_at: ctx.state.now().toISOString() };
  return { status: 200, body: { campaign_id: ctx.params.campaign_id, action: ctx.body.action, status } };
}

/** The platform's voice catalog (not made through the API): a few of each provider the SDKs name. */
const VOICES = [
  { voice_id: 'elevenlabs-CFzl8WvPQ92EKMBs2hpS', name: 'Default', provider: 'elevenlabs', language: 'multilingual', gender: 'female' },
  { voice_id: 'elevenlabs-sandbox-male', name: 'Sandbox Male', provider: 'elevenlabs', language: 'en-US', gender: 'male' },
  { voice_id: 'openai-nova', name: 'Nova', provider: 'openai-realtime', language: 'multilingual', gender: 'female' },
  { voice_id: 'openai-alloy', name: 'Alloy', provider: 'openai-realtime', language: 'multilingual', gender: 'neutral' },
];
function voices(ctx: Context): Record<string, unknown>[] {
  return VOICES.map((v) => objectOf(schemas, { $ref: '#/components/schemas/Voice' }, v, ctx.state.now()));
}

function health(ctx: Context): VendorResponse {
  return {
    status: 200,
    body: answer(ctx, { status: 'healthy', service: 'call2me-api', version: 'sandbox', timestamp: ctx.state.now().toISOString(), checks: null }),
  };
}

const balance = (ctx: Context) => ctx.state.balance(ctx.owner);

/** Takes `usd` from the workspace's wallet, or refuses with the spec's 402 before anything happens. */
function charge(ctx: Context, usd: number, what: string): void {
  const available = balance(ctx);
  if (available < usd) {
    throw new SandboxRefusal(
      402,
      'insufficient_balance',
      `Insufficient wallet balance: $${available.toFixed(2)} available, $${usd.toFixed(2)} needed to ${what}. Top up the wallet.`,
    );
  }
  ctx.state.wallets.set(ctx.owner, available - usd);
}

/** The workspace webhook (SDKs: "secret auto-generated if omitted", returned once; GET shows only has_secret). */
function setWebhook(ctx: Context): VendorResponse {
  const secret =
    typeof ctx.body.webhook_secret === 'string' && ctx.body.webhook_secret !== '' ? ctx.body.webhook_secret : `whsec_${randomBytes(16).toString('hex')}`;
  ctx.state.collection('call2me', '/v1/webhooks').set(ctx.owner, { owner: ctx.owner, body: { webhook_url: ctx.body.webhook_url, webhook_secret: secret } });
  return { status: 200, body: { webhook_url: ctx.body.webhook_url, webhook_secret: secret, has_secret: true } };
}

function webhookOf(ctx: Context): VendorResponse {
  const stored = ctx.state.collection('call2me', '/v1/webhooks').get(ctx.owner)?.body;
  return { status: 200, body: { webhook_url: stored?.webhook_url ?? null, has_secret: Boolean(stored?.webhook_secret) } };
}

/** SDKs: a headless voice session answers {token, url, room_name, session_limit_sec}; reading it gives its status. */
function openVoiceSession(ctx: Context): VendorResponse {
  const agent = ctx.state.collection('call2me', '/v1/agents').get(String(ctx.body.agent_id));
  if (!agent || agent.owner !== ctx.owner) throw new SandboxRefusal(404, 'not_found', 'Agent not found');
  const room_name = `room_${hex()}`;
  const limit = typeof ctx.body.max_duration_sec === 'number' ? ctx.body.max_duration_sec : 600;
  const external = ctx.principal?.kind === 'end_user_token' ? ctx.state.endUserTokens.get(bearerOf(ctx))?.externalId : ctx.body.external_user_id;
  ctx.state.collection('call2me', '/v1/voice/sessions').set(room_name, {
    owner: ctx.owner,
    body: { room_name, agent_id: agent.body.agent_id, external_user_id: external ?? null, status: 'active', duration_sec: 0, cost_usd: 0, transcript: [] },
  });
  return {
    status: 200,
    body: { token: `lk_${randomBytes(24).toString('base64url')}`, url: 'wss://voice.sandbox.invalid', room_name, session_limit_sec: limit },
  };
}

function voiceSession(ctx: Context): VendorResponse {
  const found = item(ctx, '/v1/voice/sessions', 'room_name');
  const { status, duration_sec, cost_usd, transcript } = found.body;
  return { status: 200, body: { room_name: ctx.params.room_name, status, duration_sec, cost_usd, transcript } };
}

const bearerOf = (ctx: Context) => /^bearer +(\S+)$/i.exec(String(ctx.request.headers.authorization ?? '').trim())?.[1] ?? '';

/** "BUYS the number: the balance is charged" (the Python SDK): the first month is taken, then it is the workspace's. */
function buyNumber(ctx: Context): VendorResponse {
  const numbers = ownerNumbers(ctx);
  const number = String(ctx.body.phone_number);
  if (numbers.has(number)) throw new SandboxRefusal(409, 'bad_request', `${number} is already taken.`);
  charge(ctx, NUMBER_MONTHLY_USD, 'buy this number');
  numbers.set(number, {
    owner: ctx.owner,
    body: objectOf(
      schemas,
      { $ref: '#/components/schemas/PhoneNumberResponse' },
      { number, agent_id: ctx.body.agent_id ?? null, active: true },
      ctx.state.now(),
    ),
  });
  return { status: 200, body: { phone_number: number, agent_id: ctx.body.agent_id ?? null, monthly_price_usd: NUMBER_MONTHLY_USD, status: 'active' } };
}

function topUp(ctx: Context): VendorResponse {
  const before = balance(ctx);
  const amount = Number(ctx.body.amount_usd);
  if (!(amount > 0)) throw refuse.badRequest('amount_usd must be more than 0.', 'amount_usd');
  ctx.state.wallets.set(ctx.owner, before + amount);
  return {
    status: 200,
    body: { success: true, balance_before: before, balance_after: before + amount, amount_added: amount, transaction_id: Date.now() % 1_000_000 },
  };
}

// ── Keys, users and tokens ──

function keyInfo(key: ReturnType<SandboxState['keys']['get']> & object) {
  return {
    key_id: key.id,
    name: key.name,
    key_prefix: key.secret.slice(0, 20),
    permissions: key.scopes,
    rate_limit: 1000,
    read_only: key.scopes.length === 1 && key.scopes[0] === 'read',
    is_active: !key.revoked,
    expires_at: key.expiresAt,
    last_used_at: key.lastUsedAt,
    created_at: key.createdAt,
  };
}

function ownKey(ctx: Context) {
  const key = ctx.state.keys.get(ctx.params.key_id!);
  if (!key || key.provider !== 'call2me') throw new SandboxRefusal(404, 'not_found', 'API key not found');
  if (key.workspace !== ctx.owner) throw new SandboxRefusal(403, 'workspace_mismatch', `API key ${key.id} belongs to another workspace.`);
  return key;
}

/** The key's tier: `read_only`, or `admin` among its permissions, or the `scope` Keyhole's older clients send; write otherwise. */
function tierOf(body: Record<string, unknown>): string {
  if (body.read_only === true) return 'read';
  const permissions = Array.isArray(body.permissions) ? body.permissions.map(String) : [];
  if (permissions.includes('admin')) return 'admin';
  if (permissions.includes('read') && !permissions.includes('write')) return 'read';
  if (body.scope === 'read' || body.scope === 'write' || body.scope === 'admin') return body.scope;
  return 'write';
}

function mintKey(ctx: Context): VendorResponse {
  const tier = tierOf(ctx.body);
  const expiresIn = typeof ctx.body.expires_in_days === 'number' ? ctx.body.expires_in_days : null;
  const key = ctx.state.mintKey({
    provider: 'call2me',
    kind: 'api_key',
    name: String(ctx.body.name),
    scopes: [tier],
    workspace: ctx.owner,
    tenant: null,
    partner: null,
    expiresAt: expiresIn === null ? null : days(ctx, expiresIn),
  });
  const { is_active: _active, last_used_at: _used, ...info } = keyInfo(key);
  return { status: 201, body: { ...info, api_key: key.secret, rate_limit: typeof ctx.body.rate_limit === 'number' ? ctx.body.rate_limit : 1000 } };
}

function deleteKey(ctx: Context): VendorResponse {
  const key = ownKey(ctx);
  if (!key.revoked) throw refuse.badRequest('Revoke the key before deleting it permanently.');
  ctx.state.keys.delete(key.id);
  return { status: 204 };
}

function keyUsage(ctx: Context): VendorResponse {
  const key = ownKey(ctx);
  const daysBack = typeof ctx.query.days === 'number' ? ctx.query.days : 30;
  const since = ctx.state.now().getTime() - daysBack * 86_400_000;
  const entries = (ctx.state.traffic.get(key.id) ?? []).filter((e) => Date.parse(e.time) >= since);
  const ok = entries.filter((e) => e.status < 400).length;
  return {
    status: 200,
    body: {
      total_requests: entries.length,
      successful_requests: ok,
      failed_requests: entries.length - ok,
      avg_duration_ms: 0,
      period_start: new Date(since).toISOString(),
      period_end: ctx.state.now().toISOString(),
    },
  };
}

function mintEndUserToken(ctx: Context): VendorResponse {
  const expiresIn = typeof ctx.body.expires_in === 'number' ? ctx.body.expires_in : 3600;
  const scopes = Array.isArray(ctx.body.scopes) && ctx.body.scopes.length > 0 ? ctx.body.scopes.map(String) : ['agents:read'];
  const token = `eut_${randomBytes(24).toString('base64url')}`;
  const expiresAt = ctx.state.now().getTime() + expiresIn * 1000;
  const agentIds = Array.isArray(ctx.body.agent_ids) ? ctx.body.agent_ids.map(String) : null;
  ctx.state.endUserTokens.set(token, { workspace: ctx.owner, externalId: ctx.params.external_id!, scopes, agentIds, expiresAt });
  return {
    status: 200,
    body: {
      token,
      token_type: 'bearer',
      external_user_id: ctx.params.external_id,
      scopes,
      agent_ids: agentIds,
      expires_in: expiresIn,
      expires_at: new Date(expiresAt).toISOString(),
    },
  };
}

function authAnswer(user: ReturnType<SandboxState['addUser']>, tokens: Awaited<ReturnType<typeof issueTokens>>) {
  return { ...tokens, user: { id: user.id, email: user.email, role: user.role, workspace_id: user.workspace } };
}

async function logIn(ctx: Context): Promise<VendorResponse> {
  const user = [...ctx.state.users.values()].find((u) => u.provider === 'call2me' && u.email === ctx.body.email && u.password === ctx.body.password);
  if (!user) throw new SandboxRefusal(401, 'invalid_token', 'Incorrect email or password');
  return { status: 200, body: authAnswer(user, await issueTokens(ctx.state, user)) };
}

async function refresh(ctx: Context): Promise<VendorResponse> {
  const token = String(ctx.body.refresh_token);
  const user = ctx.state.users.get(ctx.state.refreshTokens.get(token) ?? '');
  if (!user || user.provider !== 'call2me') throw new SandboxRefusal(401, 'invalid_token', 'Invalid or expired refresh token (refresh tokens are single-use).');
  ctx.state.refreshTokens.delete(token);
  return { status: 200, body: authAnswer(user, await issueTokens(ctx.state, user)) };
}

async function signUp(ctx: Context): Promise<VendorResponse> {
  const email = String(ctx.body.email);
  if ([...ctx.state.users.values()].some((u) => u.provider === 'call2me' && u.email === email)) throw refuse.badRequest('Email already registered', 'email');
  const user = ctx.state.addUser({
    provider: 'call2me',
    email,
    password: String(ctx.body.password),
    scopes: ['admin'],
    workspace: `ws_${hex()}`,
    tenant: null,
  });
  return { status: ctx.op.status, body: authAnswer(user, await issueTokens(ctx.state, user)) };
}

function me(ctx: Context): VendorResponse {
  const p = ctx.principal!;
  const user = p.kind === 'jwt' ? ctx.state.users.get(p.credentialId) : undefined;
  return {
    status: 200,
    body: answer(ctx, {
      id: user?.id ?? p.credentialId,
      email: user?.email ?? null,
      role: user?.role ?? p.scopes[0] ?? null,
      workspace_id: p.workspace,
      balance_usd: String(balance(ctx)),
    }),
  };
}

const hex = () => randomBytes(6).toString('hex');
const days = (ctx: Context, n: number) => new Date(ctx.state.now().getTime() + n * 86_400_000).toISOString();
