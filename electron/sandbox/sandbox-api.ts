import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { builtinProviders } from '../../shared/providers/builtin-providers';
import { matchRoute, scopeSatisfied, type RouteMatch } from '../../shared/providers/route-match';
import { describeZodError } from '../../shared/ipc/result';
import { authenticateCall2me, authenticateCallaro, issueTokens, type Principal } from './sandbox-auth';
import { refuse, SandboxRefusal } from './sandbox-refusal';
import type { SandboxProvider, SandboxState } from './sandbox-state';

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
const REALM: Record<SandboxProvider, string> = { call2me: 'call2me', callaro: 'callaro' };
const TENANT_HEADER = 'x-tenant-id';

/**
 * One provider's API, enforcing its profile: authenticate, rate-limit, find the route family, check
 * the credential kind, the tenant context and the scope, then act. Every refusal is a SandboxRefusal.
 */
export async function handleProviderRequest(state: SandboxState, provider: SandboxProvider, request: SandboxRequest): Promise<SandboxResponse> {
  try {
    if (request.method === 'POST' && request.path === '/v1/auth/login') return await login(state, provider, request.body);
    if (request.method === 'POST' && request.path === '/v1/auth/refresh') return await refresh(state, provider, request.body);
    const principal = provider === 'call2me' ? await authenticateCall2me(state, request.headers) : await authenticateCallaro(state, request.headers);
    const response = await authorised(state, provider, principal, request).catch((error: unknown) => toResponse(provider, error));
    state.record(principal.credentialId, { time: state.now().toISOString(), method: request.method, path: request.path, status: response.status });
    return response;
  } catch (error) {
    return toResponse(provider, error);
  }
}

async function authorised(state: SandboxState, provider: SandboxProvider, principal: Principal, request: SandboxRequest): Promise<SandboxResponse> {
  const retryAfter = state.overLimit(principal.credentialId);
  if (retryAfter !== null) {
    throw new SandboxRefusal(429, 'rate_limited', 'Too many requests for this credential; back off.', { retry_after_seconds: retryAfter }, undefined, {
      'Retry-After': String(retryAfter),
    });
  }
  const profile = profiles[provider];
  const match = matchRoute(profile, request.method, request.path);
  if (!match) throw refuse.notFound(`${request.method} ${request.path}`);
  if (!match.family.kinds.includes(principal.kind)) throw refuse.kind(principal.kind, match.family.kinds, match.family.label);
  if (!match.rule) {
    throw new SandboxRefusal(405, 'method_not_allowed', `${request.method} is not supported on ${match.family.label}.`, {
      allowed_methods: match.family.scopes.flatMap((r) => r.methods),
    });
  }
  const owner = ownerOf(state, provider, principal, match, request.headers);
  if (match.rule.scope && !scopeSatisfied(profile, principal.scopes, match.rule.scope)) throw refuse.scope(match.rule.scope, principal.scopes);

  switch (match.family.id) {
    case 'api-keys':
      return keyManagement(state, provider, principal, match, request);
    case 'runtime':
    case 'app':
    case 'partner':
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
    if (!header) {
      throw new SandboxRefusal(400, 'tenant_context_missing', `Partner keys must send X-Tenant-Id on ${match.family.label} routes.`, { header: 'X-Tenant-Id' });
    }
    if (state.tenantPartner.get(header) !== principal.partner) {
      throw new SandboxRefusal(403, 'tenant_not_in_partner', `Tenant "${header}" does not belong to partner "${principal.partner}".`, {
        tenant: header,
        partner: principal.partner,
      });
    }
    return header;
  }
  if (header && header !== principal.tenant) {
    throw new SandboxRefusal(403, 'tenant_mismatch', `This credential acts for tenant "${principal.tenant}", not "${header}".`, {
      credential_tenant: principal.tenant,
      requested_tenant: header,
    });
  }
  return principal.tenant ?? 'default';
}

function resources(state: SandboxState, provider: SandboxProvider, match: RouteMatch, request: SandboxRequest, owner: string): SandboxResponse {
  const items = state.collection(provider, `${match.family.id}${match.template}`);
  const [id, ...deeper] = match.rest;
  if (deeper.length > 0) throw refuse.notFound(request.path);
  if (id === undefined) {
    if (request.method === 'GET') return { status: 200, body: { data: [...items.values()].filter((i) => i.owner === owner).map((i) => i.body) } };
    if (request.method === 'POST') {
      const body = { ...objectBody(request.body), id: `${match.family.id.slice(0, 3)}_${randomBytes(6).toString('hex')}`, created_at: state.now().toISOString() };
      items.set(body.id, { owner, body });
      return { status: 201, body };
    }
    throw new SandboxRefusal(405, 'method_not_allowed', `${request.method} needs a resource id.`);
  }
  const item = items.get(id);
  if (!item) throw refuse.notFound(`${match.family.label} ${id}`);
  if (item.owner !== owner) {
    const code = provider === 'call2me' ? 'workspace_mismatch' : 'tenant_mismatch';
    throw new SandboxRefusal(403, code, `${id} belongs to ${item.owner}; this credential acts for ${owner}.`, { credential_owner: owner, resource_owner: item.owner });
  }
  if (request.method === 'GET') return { status: 200, body: item.body };
  if (request.method === 'DELETE') {
    items.delete(id);
    return { status: 204 };
  }
  item.body = { ...(request.method === 'PUT' ? {} : item.body), ...objectBody(request.body), id, updated_at: state.now().toISOString() };
  return { status: 200, body: item.body };
}

const MintCall2me = z.object({ name: z.string().min(1).max(100), scope: z.enum(['read', 'write', 'admin']) });
const MintCallaro = z.object({ name: z.string().min(1).max(100), tenant_id: z.string().min(1).optional(), scopes: z.array(z.string()).default([]) });

function keyManagement(state: SandboxState, provider: SandboxProvider, principal: Principal, match: RouteMatch, request: SandboxRequest): SandboxResponse {
  const visible = (key: { provider: string; workspace: string | null; tenant: string | null }) =>
    key.provider === provider &&
    (provider === 'call2me'
      ? key.workspace === principal.workspace
      : principal.kind === 'partner_api_key'
        ? key.tenant !== null && state.tenantPartner.get(key.tenant) === principal.partner
        : key.tenant === principal.tenant);
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

  if (id === undefined && request.method === 'GET') return { status: 200, body: { data: [...state.keys.values()].filter(visible).map(describe) } };
  if (id === undefined && request.method === 'POST') {
    if (provider === 'call2me') {
      const body = parse(MintCall2me, request.body);
      const key = state.mintKey({ provider, kind: 'api_key', name: body.name, scopes: [body.scope], workspace: principal.workspace, tenant: null, partner: null });
      return { status: 201, body: { ...describe(key), scope: body.scope, secret: key.secret } };
    }
    const body = parse(MintCallaro, request.body);
    const tenant = principal.kind === 'partner_api_key' ? body.tenant_id : principal.tenant;
    if (!tenant) throw new SandboxRefusal(400, 'invalid_request', 'tenant_id: partner keys must say which tenant the new key is for.');
    if (principal.kind === 'partner_api_key' && state.tenantPartner.get(tenant) !== principal.partner) {
      throw new SandboxRefusal(403, 'tenant_not_in_partner', `Tenant "${tenant}" does not belong to partner "${principal.partner}".`, { tenant, partner: principal.partner });
    }
    const unknown = body.scopes.filter((s) => !profiles.callaro.scopes.some((p) => p.id === s));
    if (unknown.length > 0) throw new SandboxRefusal(400, 'invalid_request', `scopes: unknown scope ${unknown.join(', ')}.`);
    const key = state.mintKey({ provider, kind: 'tenant_api_key', name: body.name, scopes: body.scopes, workspace: null, tenant, partner: state.tenantPartner.get(tenant) ?? null });
    return { status: 201, body: { ...describe(key), secret: key.secret } };
  }
  const key = id === undefined ? undefined : state.keys.get(id);
  if (!key || key.provider !== provider || deeper.length > 0) throw refuse.notFound(`API key ${id}`);
  if (!visible(key)) {
    throw new SandboxRefusal(403, provider === 'call2me' ? 'workspace_mismatch' : 'tenant_mismatch', `API key ${key.id} belongs to another ${provider === 'call2me' ? 'workspace' : 'tenant'}.`);
  }
  if (sub === 'audit' && request.method === 'GET') return { status: 200, body: { key_id: key.id, entries: state.traffic.get(key.id) ?? [] } };
  if (sub !== undefined) throw refuse.notFound(request.path);
  if (request.method === 'GET') return { status: 200, body: describe(key) };
  if (request.method === 'DELETE') {
    key.revoked = true;
    return { status: 204 };
  }
  throw new SandboxRefusal(405, 'method_not_allowed', `${request.method} is not supported on an API key.`);
}

const Login = z.object({ email: z.string().min(1), password: z.string().min(1) });
const Refresh = z.object({ refresh_token: z.string().min(1) });

async function login(state: SandboxState, provider: SandboxProvider, raw: unknown): Promise<SandboxResponse> {
  const body = parse(Login, raw);
  const user = [...state.users.values()].find((u) => u.provider === provider && u.email === body.email && u.password === body.password);
  if (!user) throw new SandboxRefusal(401, 'invalid_credentials', 'Email or password is wrong.');
  return { status: 200, body: await issueTokens(state, user) };
}

async function refresh(state: SandboxState, provider: SandboxProvider, raw: unknown): Promise<SandboxResponse> {
  const body = parse(Refresh, raw);
  const userId = state.refreshTokens.get(body.refresh_token);
  const user = userId ? state.users.get(userId) : undefined;
  if (!user || user.provider !== provider) throw new SandboxRefusal(401, 'invalid_grant', 'The refresh token is unknown, or was already used (refresh tokens rotate).');
  state.refreshTokens.delete(body.refresh_token);
  return { status: 200, body: await issueTokens(state, user) };
}

function parse<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) throw new SandboxRefusal(400, 'invalid_request', describeZodError(parsed.error, 'Invalid request body'));
  return parsed.data;
}

function objectBody(raw: unknown): Record<string, unknown> {
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new SandboxRefusal(400, 'invalid_request', 'The body must be a JSON object.');
  return raw as Record<string, unknown>;
}

function toResponse(provider: SandboxProvider, error: unknown): SandboxResponse {
  if (!(error instanceof SandboxRefusal)) throw error;
  const challenge = error.wwwAuthenticate(REALM[provider]);
  return { status: error.status, body: error.body(), headers: { ...error.headers, ...(challenge ? { 'WWW-Authenticate': challenge } : {}) } };
}
