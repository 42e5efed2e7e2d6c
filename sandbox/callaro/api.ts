import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { authenticateCallaro, issueTokens, type Principal } from '../auth';
import { idempotent } from '../idempotency';
import { refuse, SandboxRefusal } from '../refusal';
import { CALLARO_STARTING_CREDITS, type SandboxState } from '../state';
import type { VendorRequest, VendorResponse } from '../vendor-request';
import { CAMPAIGN_ACTIONS, FAMILIES, OPERATIONS, OPT_IN_SCOPES, SCOPES, type CallaroFamily, type CallaroOperation } from './contract';

const PREFIX = '/api/v1';
const TENANT_HEADER = 'x-tenant-id';
/** Voice sessions each tenant has in the sandbox, so cursor pagination has pages to walk. */
const VOICE_SESSIONS_PER_TENANT = 5;

interface Context {
  state: SandboxState;
  request: VendorRequest;
  op: CallaroOperation;
  family: CallaroFamily | null;
  params: Record<string, string>;
  principal: Principal;
  owner: string;
  body: Record<string, unknown>;
}

/**
 * Callaro as its developer pages describe it (callaro/contract.ts): route, authenticate, rate-limit,
 * check the credential kind, role, tenant context and scope, check the body, then act. Answers use
 * Callaro's `{data, meta, request_id}` envelope; refusals its flat `{error, error_code, ...}`.
 */
export async function handleCallaro(state: SandboxState, request: VendorRequest): Promise<VendorResponse> {
  try {
    if (!request.path.startsWith(`${PREFIX}/`)) throw refuse.notFound(`${request.method} ${request.path}`);
    const path = request.path.slice(PREFIX.length);
    const found = findOperation(request.method, path);
    if (found?.op.public) return await publicRoute(state, request, found.op);
    const principal = await authenticateCallaro(state, request.headers);
    const usage = state.countRequest(principal.credentialId);
    let response: VendorResponse;
    try {
      if (usage.retryAfter !== null) {
        throw new SandboxRefusal(429, 'rate_limited', `Rate limit exceeded. Try again in ${usage.retryAfter} seconds.`, undefined, {
          'Retry-After': String(usage.retryAfter),
        });
      }
      response = await authorised(state, request, path, found, principal);
    } catch (error) {
      if (!(error instanceof SandboxRefusal)) throw error;
      response = { refusal: error };
    }
    state.record(principal.credentialId, {
      time: state.now().toISOString(),
      method: request.method,
      path: request.path,
      status: response.refusal?.status ?? response.status ?? 200,
    });
    return envelope(response);
  } catch (error) {
    if (!(error instanceof SandboxRefusal)) throw error;
    return { refusal: error };
  }
}

function findOperation(method: string, path: string): { op: CallaroOperation; params: Record<string, string> } | null {
  let fallback: { op: CallaroOperation; params: Record<string, string> } | null = null;
  for (const op of OPERATIONS) {
    const params = matchPath(op.path, path);
    if (!params || op.method !== method) continue;
    // A literal route (`/contacts/duplicates`) wins over a parameter one (`/contacts/{id}`).
    if (!op.path.includes('{')) return { op, params };
    fallback ??= { op, params };
  }
  return fallback;
}

function matchPath(template: string, path: string): Record<string, string> | null {
  const t = template.split('/');
  const p = path.split('/');
  if (t.length !== p.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < t.length; i++) {
    if (t[i]!.startsWith('{')) {
      if (p[i] === '') return null;
      params[t[i]!.slice(1, -1)] = p[i]!;
    } else if (t[i] !== p[i]) return null;
  }
  return params;
}

const familyOf = (path: string) => FAMILIES.find((f) => f.prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) ?? null;

async function authorised(
  state: SandboxState,
  request: VendorRequest,
  path: string,
  found: { op: CallaroOperation; params: Record<string, string> } | null,
  principal: Principal,
): Promise<VendorResponse> {
  const family = familyOf(path);
  const runtime = family?.id === 'runtime';
  if (!found && !runtime) {
    const otherMethod = OPERATIONS.some((op) => matchPath(op.path, path));
    if (otherMethod) throw new SandboxRefusal(405, 'method_not_allowed', `${request.method} is not supported on ${PREFIX}${path}.`);
    throw refuse.notFound(`${request.method} ${request.path}`);
  }
  const op = found?.op ?? { method: request.method, path };
  if (family && !family.kinds.includes(principal.kind as never)) {
    throw family.kinds.every((k) => k === 'jwt') ? refuse.jwtRequired(`${PREFIX}${path}`) : refuse.kind(principal.kind, `${PREFIX}${path}`);
  }
  if (op.roles && principal.kind === 'jwt' && !op.roles.includes(principal.role ?? '')) throw refuse.role(op.roles.join(' or '));
  const owner = ownerOf(state, principal, family, request);
  if (family && principal.kind !== 'jwt') {
    const scope = request.method === 'GET' ? family.read : family.write;
    if (scope && !principal.scopes.includes(scope)) throw refuse.scope(scope);
  }
  if (principal.kind === 'jwt' && principal.role === 'tenant_viewer' && request.method !== 'GET') throw refuse.role('tenant_admin or tenant_operator');
  const body = objectBody(request);
  for (const field of op.required ?? []) {
    const value = body[field];
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) throw refuse.invalid(`${field} is required.`, field);
  }
  const ctx: Context = { state, request, op, family, params: found?.params ?? {}, principal, owner, body };
  if (op.idempotent) return idempotent(state, 'callaro', owner, request, async () => act(ctx));
  return act(ctx);
}

/** The tenant a request acts in: partner keys name one of theirs in X-Tenant-Id; others act in their own. */
function ownerOf(state: SandboxState, principal: Principal, family: CallaroFamily | null, request: VendorRequest): string {
  const raw = request.headers[TENANT_HEADER];
  const header = typeof raw === 'string' ? raw.trim() : null;
  if (!family?.tenantScoped) return principal.partner ?? principal.tenant ?? 'runtime';
  if (principal.kind === 'partner_api_key') {
    if (!header) throw new SandboxRefusal(400, 'tenant_context_missing', `Partner keys must send X-Tenant-Id on ${family.id} routes.`, 'X-Tenant-Id');
    if (state.tenantPartner.get(header) !== principal.partner) {
      throw new SandboxRefusal(403, 'tenant_not_in_partner', `Tenant "${header}" does not belong to partner "${principal.partner}".`);
    }
    return header;
  }
  if (header && header !== principal.tenant) {
    // A partner admin's session may pick any tenant of its partner (A2: JWT callers select too).
    if (principal.kind === 'jwt' && principal.partner && state.tenantPartner.get(header) === principal.partner) return header;
    throw new SandboxRefusal(403, 'tenant_mismatch', `This credential acts for tenant "${principal.tenant}", not "${header}".`);
  }
  return principal.tenant ?? 'default';
}

function act(ctx: Context): Promise<VendorResponse> | VendorResponse {
  const { op } = ctx;
  switch (`${op.method} ${op.path}`) {
    case 'POST /api_keys':
      return mintKey(ctx);
    case 'PATCH /partners/{partner_id}/api_keys/{id}':
      return updatePartnerKey(ctx);
    case 'POST /billing/allocate-credits':
    case 'POST /billing/deallocate-credits':
      return moveCredits(ctx);
    case 'POST /billing/grant-free-prepaid-credits':
      return grant(ctx);
    case 'GET /billing/tenant':
    case 'GET /billing/partner':
      return { status: 200, body: { owner: ctx.owner, balance_major: ctx.state.balance(`callaro:${ctx.owner}`, CALLARO_STARTING_CREDITS), currency: 'USD' } };
    case 'GET /voice_sessions':
      return voiceSessions(ctx);
    case 'POST /bulk_call_campaigns':
      return create(ctx, 'bulk_call_campaigns', { ...ctx.body, status: 'draft' });
    case 'POST /bulk_call_campaigns/{id}/launch':
    case 'POST /bulk_call_campaigns/{id}/pause':
    case 'POST /bulk_call_campaigns/{id}/resume':
    case 'POST /bulk_call_campaigns/{id}/cancel':
      return campaignAction(ctx);
  }
  if (ctx.family?.id === 'runtime') return { status: 200, body: { ok: true, tenant: ctx.owner } };
  return resources(ctx);
}

/** Stored resources: list, create, read, change, delete, and actions under an item. */
function resources(ctx: Context): VendorResponse {
  const [collection, id, action] = ctx.op.path.split('/').slice(1);
  const family = collection!;
  if (family === 'voice_sessions' && id !== undefined) voiceSessionsOf(ctx);
  const items = ctx.state.collection('callaro', family);
  const notFound = family === 'voice_sessions' ? 'session_not_found' : 'not_found';
  if (id === undefined) {
    if (ctx.request.method === 'POST') return create(ctx, family, ctx.body);
    return page(
      ctx,
      [...items.values()].filter((i) => i.owner === ctx.owner).map((i) => i.body),
    );
  }
  // A literal second segment (`/phone_numbers/available`, `/contacts/duplicates`) is a collection route.
  if (!ctx.op.path.split('/')[2]!.startsWith('{')) {
    if (ctx.request.method === 'GET') return page(ctx, []);
    return { status: 200, body: { action: id, ...ctx.body } };
  }
  const itemId = ctx.params.id!;
  const item = items.get(itemId);
  if (!item) throw refuse.notFound(`${family} ${itemId}`, notFound);
  if (item.owner !== ctx.owner) throw new SandboxRefusal(403, 'tenant_mismatch', `${itemId} belongs to ${item.owner}; this credential acts for ${ctx.owner}.`);
  if (action !== undefined) {
    if (ctx.request.method === 'GET') return { status: 200, body: { id: itemId, [action]: [] } };
    if (ctx.request.method === 'DELETE') {
      items.delete(itemId);
      return { status: 200, body: { id: itemId, deleted: true } };
    }
    item.body = { ...item.body, last_action: action, updated_at: ctx.state.now().toISOString() };
    return { status: 200, body: item.body };
  }
  if (ctx.request.method === 'GET') return { status: 200, body: item.body };
  if (ctx.request.method === 'DELETE') {
    items.delete(itemId);
    return { status: 204 };
  }
  item.body = { ...item.body, ...ctx.body, id: itemId, updated_at: ctx.state.now().toISOString() };
  return { status: 200, body: item.body };
}

function create(ctx: Context, family: string, input: Record<string, unknown>): VendorResponse {
  const now = ctx.state.now().toISOString();
  const body = { ...input, id: `${family.slice(0, 3)}_${randomBytes(6).toString('hex')}`, created_at: now, updated_at: now };
  ctx.state.collection('callaro', family).set(body.id, { owner: ctx.owner, body });
  return { status: 201, body };
}

/** A5 pagination: `page`/`per_page` on operational lists. */
function page(ctx: Context, all: unknown[]): VendorResponse {
  const pageNo = positive(ctx.request.query.get('page'), 1);
  const perPage = Math.min(positive(ctx.request.query.get('per_page'), 20), 100);
  const items = all.slice((pageNo - 1) * perPage, pageNo * perPage);
  return { status: 200, body: items, meta: { count: all.length, page: pageNo, per_page: perPage, pages: Math.max(1, Math.ceil(all.length / perPage)) } };
}

function positive(raw: string | null, fallback: number): number {
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw refuse.invalid(`must be a positive whole number, not "${raw.slice(0, 40)}".`, 'page');
  return n;
}

function voiceSessionsOf(ctx: Context) {
  const items = ctx.state.collection('callaro', 'voice_sessions');
  if (![...items.values()].some((i) => i.owner === ctx.owner)) {
    for (let n = 0; n < VOICE_SESSIONS_PER_TENANT; n++) {
      const id = `vs_${randomBytes(6).toString('hex')}`;
      const at = new Date(ctx.state.now().getTime() - n * 3600_000).toISOString();
      items.set(id, { owner: ctx.owner, body: { id, status: 'completed', direction: 'outbound', started_at: at, duration_seconds: 60 + n } });
    }
  }
  return [...items.values()].filter((i) => i.owner === ctx.owner).map((i) => i.body);
}

/** A3: voice sessions page by cursor (`cursor`, `page_size`); the last page has no `next_cursor`. */
function voiceSessions(ctx: Context): VendorResponse {
  if (ctx.request.query.has('page') || ctx.request.query.has('per_page')) {
    throw refuse.invalid('voice_sessions pages by cursor and page_size, not page and per_page.', 'cursor');
  }
  const all = voiceSessionsOf(ctx);
  const size = Math.min(positive(ctx.request.query.get('page_size'), 50), 200);
  const cursor = ctx.request.query.get('cursor');
  let start = 0;
  if (cursor !== null) {
    start = Number.parseInt(
      Buffer.from(cursor, 'base64url')
        .toString('utf8')
        .replace(/^offset:/, ''),
      10,
    );
    if (!Number.isInteger(start) || start < 0 || start > all.length) throw refuse.invalid('The cursor is not one this API gave out.', 'cursor');
  }
  const items = all.slice(start, start + size);
  const next = start + size < all.length ? Buffer.from(`offset:${start + size}`).toString('base64url') : undefined;
  return { status: 200, body: { items, ...(next ? { next_cursor: next } : {}) } };
}

function campaignAction(ctx: Context): VendorResponse {
  const action = ctx.op.path.split('/').pop()!;
  const items = ctx.state.collection('callaro', 'bulk_call_campaigns');
  const item = items.get(ctx.params.id!);
  if (!item) throw refuse.notFound(`bulk_call_campaigns ${ctx.params.id}`);
  if (item.owner !== ctx.owner) throw new SandboxRefusal(403, 'tenant_mismatch', `${ctx.params.id} belongs to another tenant.`);
  const rule = CAMPAIGN_ACTIONS[action]!;
  const status = String(item.body.status ?? 'draft');
  if (!rule.from.includes(status)) throw refuse.invalid(`A ${status} campaign cannot ${action}; ${action} needs ${rule.from.join(' or ')}.`, 'status');
  item.body = { ...item.body, status: rule.to, last_action: action, updated_at: ctx.state.now().toISOString() };
  return { status: 200, body: item.body };
}

const Mint = z.object({ name: z.string().min(1).max(100), scopes: z.array(z.string()).min(1, 'an empty scope list is not allowed').optional() });

function mintKey(ctx: Context): VendorResponse {
  const body = parse(Mint, ctx.body);
  const scopes = body.scopes ?? SCOPES;
  const unknown = scopes.filter((s) => !SCOPES.includes(s) && !OPT_IN_SCOPES.includes(s));
  if (unknown.length > 0) throw refuse.invalid(`Unknown scope ${unknown.join(', ')}.`, 'scopes');
  const tenant = ctx.principal.tenant ?? 'default';
  const key = ctx.state.mintKey({
    provider: 'callaro',
    kind: 'tenant_api_key',
    name: body.name,
    scopes,
    workspace: null,
    tenant,
    partner: ctx.state.tenantPartner.get(tenant) ?? null,
  });
  return {
    status: 201,
    body: { id: key.id, name: key.name, scopes: key.scopes, tenant: key.tenant, last4: key.secret.slice(-4), created_at: key.createdAt, key: key.secret },
  };
}

/** A3: `active` and `scopes`, where scopes replace the stored set. */
function updatePartnerKey(ctx: Context): VendorResponse {
  const partnerId = ctx.params.partner_id!;
  const key = ctx.state.keys.get(ctx.params.id!);
  if (!key || key.kind !== 'partner_api_key' || key.partner !== partnerId) throw refuse.notFound(`Partner API key ${ctx.params.id}`);
  if (ctx.principal.partner !== partnerId) throw new SandboxRefusal(403, 'forbidden', `This session does not administer partner ${partnerId}.`);
  const body = parse(
    z.object({ active: z.boolean().optional(), scopes: z.array(z.string()).min(1, 'an empty scope list is not allowed').optional() }),
    ctx.body,
  );
  if (body.scopes) key.scopes = body.scopes;
  if (body.active !== undefined) key.revoked = !body.active;
  return { status: 200, body: { id: key.id, name: key.name, scopes: key.scopes, active: !key.revoked } };
}

/** Allocation moves partner credit to one of its tenants; deallocation moves it back (C3). */
function moveCredits(ctx: Context): VendorResponse {
  const tenant = String(ctx.body.tenant_id);
  const amount = Number(ctx.body.amount_major);
  if (!Number.isFinite(amount) || amount <= 0) throw refuse.invalid('amount_major must be a number above 0.', 'amount_major');
  const partner = ctx.principal.partner;
  if (ctx.principal.role !== 'super_admin' && (!partner || ctx.state.tenantPartner.get(tenant) !== partner)) {
    throw new SandboxRefusal(403, 'tenant_not_in_partner', `Tenant "${tenant}" does not belong to partner "${partner ?? '(none)'}".`);
  }
  const deallocate = ctx.op.path.endsWith('deallocate-credits');
  const from = deallocate ? `callaro:${tenant}` : `callaro:${partner}`;
  const to = deallocate ? `callaro:${partner}` : `callaro:${tenant}`;
  const credits = (wallet: string) => ctx.state.balance(wallet, CALLARO_STARTING_CREDITS);
  if (credits(from) < amount) throw refuse.invalid(`Only ${credits(from)} credits are available to move.`, 'amount_major');
  ctx.state.wallets.set(from, credits(from) - amount);
  ctx.state.wallets.set(to, credits(to) + amount);
  return {
    status: 201,
    body: {
      id: `alloc_${randomBytes(6).toString('hex')}`,
      tenant_id: ctx.body.tenant_id,
      amount_major: amount,
      direction: deallocate ? 'deallocate' : 'allocate',
    },
  };
}

function grant(ctx: Context): VendorResponse {
  const body = parse(
    z.object({
      accountable_type: z.enum(['Partner', 'Tenant']),
      accountable_id: z.union([z.string().min(1), z.number()]),
      amount: z.number().positive(),
      description: z.string().max(500).optional(),
      issue_zero_value_invoice: z.boolean().optional(),
    }),
    ctx.body,
  );
  const wallet = `callaro:${String(body.accountable_id)}`;
  ctx.state.wallets.set(wallet, ctx.state.balance(wallet, CALLARO_STARTING_CREDITS) + body.amount);
  return { status: 201, body: { id: `grant_${randomBytes(6).toString('hex')}`, ...body } };
}

const Login = z.object({ email: z.string().min(1), password: z.string().min(1) });
const Refresh = z.object({ refresh_token: z.string().min(1) });

async function publicRoute(state: SandboxState, request: VendorRequest, op: CallaroOperation): Promise<VendorResponse> {
  const body = objectBody(request);
  if (op.path === '/auth/login') {
    const { email, password } = parse(Login, body);
    const user = [...state.users.values()].find((u) => u.provider === 'callaro' && u.email === email && u.password === password);
    if (!user) throw new SandboxRefusal(401, 'invalid_token', 'Email or password is wrong.');
    return { status: 200, body: await issueTokens(state, user) };
  }
  if (op.path === '/auth/refresh') {
    const { refresh_token } = parse(Refresh, body);
    const user = state.users.get(state.refreshTokens.get(refresh_token) ?? '');
    if (!user || user.provider !== 'callaro')
      throw new SandboxRefusal(401, 'invalid_token', 'The refresh token is unknown, or was already used (refresh tokens rotate).');
    state.refreshTokens.delete(refresh_token);
    return { status: 200, body: await issueTokens(state, user) };
  }
  // Telephony webhooks Callaro receives (A3): accepted, answered in the success envelope.
  return envelope({ status: 200, body: { received: true } });
}

function objectBody(request: VendorRequest): Record<string, unknown> {
  const parsed = request.json();
  if (parsed.kind === 'empty') return {};
  if (parsed.kind === 'invalid') throw new SandboxRefusal(400, 'invalid_json', `The body is not valid JSON (near character ${parsed.position + 1}).`);
  const value = parsed.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw refuse.invalid('The body must be a JSON object.');
  return value as Record<string, unknown>;
}

function parse<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join('.') || undefined;
  throw refuse.invalid(`${field ?? 'body'}: ${issue.message}`, field);
}

/** Successes in Callaro's envelope (A5): `{data, meta, request_id}`; lists carry `meta`. */
function envelope(response: VendorResponse): VendorResponse {
  if (response.refusal || response.body === undefined) return response;
  const { meta } = response;
  return { status: response.status, headers: response.headers, body: { data: response.body, ...(meta ? { meta } : {}), request_id: randomUUID() } };
}
