import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { builtinProviders } from '../../shared/providers/builtin-providers';
import { matchRoute, operationsFor, scopeSatisfied, type RouteMatch } from '../../shared/providers/route-match';
import { describeZodError } from '../../shared/errors/app-error';
import { authenticateCall2me, authenticateCallaro, issueTokens, type Principal } from './sandbox-auth';
import { refusalBody, refuse, SandboxRefusal } from './sandbox-refusal';
import { OUTBOUND_CALL_USD, type SandboxProvider, type SandboxState } from './sandbox-state';

export interface SandboxRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface SandboxResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const profiles = Object.fromEntries(builtinProviders.map((p) => [p.id, p])) as Record<SandboxProvider, (typeof builtinProviders)[number]>;
const TENANT_HEADER = 'x-tenant-id';

/**
 * One provider's API as its documentation describes it, enforcing its profile: authenticate,
 * rate-limit, find the route family, check the credential kind, the tenant context and the scope,
 * then act. Answers use the provider's own success and error envelopes; Call2Me's carry the
 * X-RateLimit-* headers on every answer.
 */
export async function handleProviderRequest(state: SandboxState, provider: SandboxProvider, request: SandboxRequest): Promise<SandboxResponse> {
  const login = profiles[provider].login;
  try {
    // Login answers are the documented flat token pair (Call2Me's; Callaro's login is assumed alike).
    if (request.method === 'POST' && request.path === login?.path) return await logIn(state, provider, request.body);
    if (request.method === 'POST' && request.path === login?.refreshPath) return await refresh(state, provider, request.body);
    const principal = provider === 'call2me' ? await authenticateCall2me(state, request.headers) : await authenticateCallaro(state, request.headers);
    const usage = state.countRequest(principal.credentialId);
    const rateHeaders: Record<string, string> =
      provider === 'call2me'
        ? { 'X-RateLimit-Limit': String(usage.limit), 'X-RateLimit-Remaining': String(usage.remaining), 'X-RateLimit-Reset': String(usage.resetAt) }
        : {};
    let response: SandboxResponse;
    try {
      if (usage.retryAfter !== null) {
        throw new SandboxRefusal(429, 'rate_limited', `Rate limit exceeded. Try again in ${usage.retryAfter} seconds.`, undefined, {
          'Retry-After': String(usage.retryAfter),
        });
      }
      response = envelope(provider, await authorised(state, provider, principal, request));
    } catch (error) {
      response = toResponse(provider, error);
    }
    state.record(principal.credentialId, { time: state.now().toISOString(), method: request.method, path: request.path, status: response.status });
    return { ...response, headers: { ...rateHeaders, ...response.headers } };
  } catch (error) {
    return toResponse(provider, error);
  }
}

async function authorised(state: SandboxState, provider: SandboxProvider, principal: Principal, request: SandboxRequest): Promise<SandboxResponse> {
  const profile = profiles[provider];
  const match = matchRoute(profile, request.method, request.path);
  // A path only a catch-all family (`/v1`) covers is served only where the vendor documents it.
  const undocumented = match?.template === profile.pathPrefix && operationsFor(profile, request.path).length === 0;
  if (!match || undocumented) throw refuse.notFound(`${request.method} ${request.path}`);
  if (!match.family.kinds.includes(principal.kind)) {
    throw match.family.kinds.every((k) => k === 'jwt') ? refuse.jwtRequired(match.family.label) : refuse.kind(principal.kind, match.family.label);
  }
  if (!match.rule) throw new SandboxRefusal(405, 'method_not_allowed', `${request.method} is not supported on ${match.family.label}.`);
  const owner = ownerOf(state, provider, principal, match, request.headers);
  if (match.rule.scope && !scopeSatisfied(profile, principal.scopes, match.rule.scope)) throw refuse.scope(match.rule.scope);

  switch (match.family.id) {
    case 'api_keys':
      return keyManagement(state, provider, principal, match, request);
    case 'partner_api_keys':
      return updatePartnerKey(state, principal, match, request);
    case 'wallet':
      return wallet(state, owner, match, request);
    case 'runtime':
    case 'me':
      return { status: 200, body: { ok: true, route_family: match.family.id, credential_kind: principal.kind, tenant: owner } };
    default:
      return resources(state, provider, match, request, owner);
  }
}

/** The workspace or tenant a request acts in, enforcing X-Tenant-Id rules for partner keys. */
function ownerOf(state: SandboxState, provider: SandboxProvider, principal: Principal, match: RouteMatch, headers: IncomingHttpHeaders): string {
  if (provider === 'call2me') return principal.workspace ?? 'default';
  const header = typeof headers[TENANT_HEADER] === 'string' ? (headers[TENANT_HEADER] as string) : null;
  if (match.family.tenantHeader !== 'required-for-partner') return principal.partner ?? principal.tenant ?? 'runtime';
  if (principal.kind === 'partner_api_key') {
    if (!header) throw new SandboxRefusal(400, 'tenant_context_missing', `Partner keys must send X-Tenant-Id on ${match.family.label} routes.`, 'X-Tenant-Id');
    if (state.tenantPartner.get(header) !== principal.partner) {
      throw new SandboxRefusal(403, 'tenant_not_in_partner', `Tenant "${header}" does not belong to partner "${principal.partner}".`);
    }
    return header;
  }
  if (header && header !== principal.tenant)
    throw new SandboxRefusal(403, 'tenant_mismatch', `This credential acts for tenant "${principal.tenant}", not "${header}".`);
  return principal.tenant ?? 'default';
}

/** Stored resources: list, create, read, change, delete, and actions (`/{id}/launch`, `/calls/outbound`). */
function resources(state: SandboxState, provider: SandboxProvider, match: RouteMatch, request: SandboxRequest, owner: string): SandboxResponse {
  const items = state.collection(provider, `${match.family.id}${match.template}`);
  const notFound = match.family.id === 'voice_sessions' ? 'session_not_found' : 'not_found';
  const [id, action, ...deeper] = match.rest;
  if (deeper.length > 0) throw refuse.notFound(request.path, notFound);
  if (id === undefined) {
    if (request.method === 'GET') return { status: 200, body: [...items.values()].filter((i) => i.owner === owner).map((i) => i.body) };
    if (request.method === 'POST') return create(state, items, match, owner, request.body);
    throw new SandboxRefusal(405, 'method_not_allowed', `${request.method} needs a resource id.`);
  }
  const item = items.get(id);
  // A POST to a name that is no resource is a collection action: Call2Me's POST /v1/calls/outbound.
  if (!item && request.method === 'POST' && action === undefined) {
    if (provider === 'call2me' && match.family.id === 'calls') charge(state, owner, OUTBOUND_CALL_USD);
    return create(state, items, match, owner, { ...objectBody(request.body), action: id });
  }
  if (!item) throw refuse.notFound(`${match.family.label} ${id}`, notFound);
  if (item.owner !== owner) {
    const reason = provider === 'call2me' ? 'workspace_mismatch' : 'tenant_mismatch';
    throw new SandboxRefusal(403, reason, `${id} belongs to ${item.owner}; this credential acts for ${owner}.`);
  }
  if (action !== undefined) {
    if (request.method === 'GET') return { status: 200, body: { id, [action]: [] } };
    item.body = { ...item.body, last_action: action, updated_at: state.now().toISOString() };
    return { status: 200, body: item.body };
  }
  if (request.method === 'GET') return { status: 200, body: item.body };
  if (request.method === 'DELETE') {
    items.delete(id);
    return { status: 204 };
  }
  item.body = { ...(request.method === 'PUT' ? {} : item.body), ...objectBody(request.body), id, updated_at: state.now().toISOString() };
  return { status: 200, body: item.body };
}

function create(state: SandboxState, items: ReturnType<SandboxState['collection']>, match: RouteMatch, owner: string, raw: unknown): SandboxResponse {
  const input = objectBody(raw);
  if ('name' in input && (typeof input.name !== 'string' || input.name.trim() === '')) throw refuse.invalid('name must be a non-empty string.', 'name');
  const body = { ...input, id: `${match.family.id.slice(0, 3)}_${randomBytes(6).toString('hex')}`, created_at: state.now().toISOString() };
  items.set(body.id, { owner, body });
  return { status: 201, body };
}

function charge(state: SandboxState, workspace: string, usd: number): void {
  const balance = state.balance(workspace);
  if (balance < usd) {
    throw new SandboxRefusal(402, 'insufficient_balance', `The wallet holds $${balance.toFixed(2)}; this needs $${usd.toFixed(2)}. Top up the wallet.`);
  }
  state.wallets.set(workspace, balance - usd);
}

function wallet(state: SandboxState, workspace: string, match: RouteMatch, request: SandboxRequest): SandboxResponse {
  if (match.rest.length === 0 && request.method === 'GET') {
    return { status: 200, body: { balance_usd: state.balance(workspace), currency: 'USD', auto_recharge: { enabled: false, threshold_usd: 0, topup_usd: 0 } } };
  }
  if (match.rest[0] === 'topup' && request.method === 'POST') {
    const { amount } = parse(z.object({ amount: z.number().positive().max(10_000), payment_method_id: z.string().optional() }), request.body);
    state.wallets.set(workspace, state.balance(workspace) + amount);
    return { status: 200, body: { balance_usd: state.balance(workspace), currency: 'USD' } };
  }
  throw refuse.notFound(request.path);
}

const MintCall2me = z.object({ name: z.string().min(1).max(100), scope: z.enum(['read', 'write', 'admin']) });
/** Callaro: scopes omitted means defaults (every non-opt-in scope); an empty list is refused. */
const MintCallaro = z.object({ name: z.string().min(1).max(100), scopes: z.array(z.string()).min(1, 'an empty scope list is not allowed').optional() });

function keyManagement(state: SandboxState, provider: SandboxProvider, principal: Principal, match: RouteMatch, request: SandboxRequest): SandboxResponse {
  const visible = (key: { provider: string; workspace: string | null; tenant: string | null }) =>
    key.provider === provider && (provider === 'call2me' ? key.workspace === principal.workspace : key.tenant === principal.tenant);
  const describe = (key: ReturnType<typeof state.keys.get> & object) => ({
    id: key.id,
    name: key.name,
    kind: key.kind,
    scopes: key.scopes,
    workspace: key.workspace,
    tenant: key.tenant,
    revoked: key.revoked,
    last4: key.secret.slice(-4),
    created_at: key.createdAt,
  });
  const [id, sub, ...deeper] = match.rest;

  if (id === undefined && request.method === 'POST') {
    if (provider === 'call2me') {
      const body = parse(MintCall2me, request.body);
      const key = state.mintKey({
        provider,
        kind: 'api_key',
        name: body.name,
        scopes: [body.scope],
        workspace: principal.workspace,
        tenant: null,
        partner: null,
      });
      return { status: 201, body: { ...describe(key), scope: body.scope, key: key.secret } };
    }
    const body = parse(MintCallaro, request.body);
    const scopes = body.scopes ?? profiles.callaro.scopes.filter((s) => !s.optIn).map((s) => s.id);
    const unknown = scopes.filter((s) => !profiles.callaro.scopes.some((p) => p.id === s));
    if (unknown.length > 0) throw refuse.invalid(`Unknown scope ${unknown.join(', ')}.`, 'scopes');
    const tenant = principal.tenant ?? 'default';
    const key = state.mintKey({
      provider,
      kind: 'tenant_api_key',
      name: body.name,
      scopes,
      workspace: null,
      tenant,
      partner: state.tenantPartner.get(tenant) ?? null,
    });
    return { status: 201, body: { ...describe(key), key: key.secret } };
  }
  // Listing, revoking and the per-key audit log: Call2Me documents none as API routes; the sandbox
  // serves them (the profile notes it) so rotations can be walked end to end.
  if (provider !== 'call2me') throw refuse.notFound(request.path);
  if (id === undefined && request.method === 'GET') return { status: 200, body: { data: [...state.keys.values()].filter(visible).map(describe) } };
  const key = id === undefined ? undefined : state.keys.get(id);
  if (!key || key.provider !== provider || deeper.length > 0) throw refuse.notFound(`API key ${id}`);
  if (!visible(key)) throw new SandboxRefusal(403, 'workspace_mismatch', `API key ${key.id} belongs to another workspace.`);
  if (sub === 'audit' && request.method === 'GET') return { status: 200, body: { key_id: key.id, entries: state.traffic.get(key.id) ?? [] } };
  if (sub !== undefined) throw refuse.notFound(request.path);
  if (request.method === 'GET') return { status: 200, body: describe(key) };
  if (request.method === 'DELETE') {
    key.revoked = true;
    return { status: 204 };
  }
  throw new SandboxRefusal(405, 'method_not_allowed', `${request.method} is not supported on an API key.`);
}

/** Callaro's PATCH of a partner key: `active` and `scopes`, where scopes replace the stored set. */
function updatePartnerKey(state: SandboxState, principal: Principal, match: RouteMatch, request: SandboxRequest): SandboxResponse {
  const partnerId = request.path.split('/')[4];
  const [keyId, ...deeper] = match.rest;
  const key = keyId ? state.keys.get(keyId) : undefined;
  if (!key || deeper.length > 0 || key.kind !== 'partner_api_key' || key.partner !== partnerId) throw refuse.notFound(`Partner API key ${keyId ?? ''}`);
  if (principal.partner !== partnerId) throw new SandboxRefusal(403, 'forbidden', `This session does not administer partner ${partnerId}.`);
  const body = parse(
    z.object({ active: z.boolean().optional(), scopes: z.array(z.string()).min(1, 'an empty scope list is not allowed').optional() }),
    request.body,
  );
  if (body.scopes) key.scopes = body.scopes;
  if (body.active !== undefined) key.revoked = !body.active;
  return { status: 200, body: { id: key.id, name: key.name, scopes: key.scopes, active: !key.revoked } };
}

const Login = z.object({ email: z.string().min(1), password: z.string().min(1) });
const Refresh = z.object({ refresh_token: z.string().min(1) });

async function logIn(state: SandboxState, provider: SandboxProvider, raw: unknown): Promise<SandboxResponse> {
  const body = parse(Login, raw);
  const user = [...state.users.values()].find((u) => u.provider === provider && u.email === body.email && u.password === body.password);
  if (!user) throw new SandboxRefusal(401, 'invalid_token', 'Email or password is wrong.');
  return { status: 200, body: await issueTokens(state, user) };
}

async function refresh(state: SandboxState, provider: SandboxProvider, raw: unknown): Promise<SandboxResponse> {
  const body = parse(Refresh, raw);
  const userId = state.refreshTokens.get(body.refresh_token);
  const user = userId ? state.users.get(userId) : undefined;
  if (!user || user.provider !== provider)
    throw new SandboxRefusal(401, 'invalid_token', 'The refresh token is unknown, or was already used (refresh tokens rotate).');
  state.refreshTokens.delete(body.refresh_token);
  return { status: 200, body: await issueTokens(state, user) };
}

function parse<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) throw refuse.invalid(describeZodError(parsed.error, 'Invalid request body'), parsed.error.issues[0]?.path.join('.') || undefined);
  return parsed.data;
}

function objectBody(raw: unknown): Record<string, unknown> {
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw refuse.invalid('The body must be a JSON object.');
  return raw as Record<string, unknown>;
}

/**
 * Successes in the provider's envelope: Callaro wraps everything in `{data, meta, request_id}`;
 * Call2Me answers lists as `{data: [...]}` and single resources bare.
 */
function envelope(provider: SandboxProvider, response: SandboxResponse): SandboxResponse {
  if (response.body === undefined) return response;
  if (provider === 'callaro') {
    const meta = Array.isArray(response.body) ? { meta: { count: response.body.length, page: 1, per_page: Math.max(20, response.body.length), pages: 1 } } : {};
    return { ...response, body: { data: response.body, ...meta, request_id: randomUUID() } };
  }
  return Array.isArray(response.body) ? { ...response, body: { data: response.body } } : response;
}

function toResponse(provider: SandboxProvider, error: unknown): SandboxResponse {
  if (!(error instanceof SandboxRefusal)) throw error;
  const { status, body } = refusalBody(provider, error);
  return { status, body, headers: error.headers };
}
