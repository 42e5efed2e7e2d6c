import { z } from 'zod';
import { SandboxRefusal } from './refusal';
import type { SandboxKey, SandboxState } from './state';
import type { ParsedJson } from './vendor-request';

const Scopes = z.array(z.string()).default([]);
/** A client's own copy of a key it was handed earlier (the sandbox keeps no state across restarts). */
const Secret = z
  .string()
  .min(8)
  .max(512)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
  .optional();
const Credential = z.discriminatedUnion('provider', [
  z.object({
    provider: z.literal('call2me'),
    kind: z.enum(['api_key', 'user']),
    workspace: z.string().min(1).default('acme'),
    scopes: Scopes,
    name: z.string().optional(),
    email: z.string().optional(),
    secret: Secret,
  }),
  z.object({
    provider: z.literal('callaro'),
    kind: z.enum(['tenant_api_key', 'partner_api_key', 'runtime_server_key', 'user']),
    tenant: z.string().min(1).optional(),
    tenants: z.array(z.string().min(1)).optional(),
    partner: z.string().min(1).optional(),
    scopes: Scopes,
    name: z.string().optional(),
    email: z.string().optional(),
    secret: Secret,
    role: z.enum(['tenant_admin', 'tenant_operator', 'tenant_viewer', 'partner_admin', 'super_admin']).optional(),
  }),
]);

/**
 * `/_sandbox/*`: test control. Seeds credentials and users (or registers a key a client already
 * holds, `secret`), moves the clock, sets the rate limit and a wallet. It exists only on the sandbox,
 * which listens on loopback only.
 */
export function handleControl(state: SandboxState, path: string, parsed: ParsedJson): { status: number; body: unknown } {
  if (parsed.kind === 'invalid') throw new SandboxRefusal(400, 'invalid_json', `The body is not valid JSON (near character ${parsed.position + 1}).`);
  const body = parsed.kind === 'value' ? parsed.value : undefined;
  switch (path) {
    case '/_sandbox/reset':
      state.reset();
      return { status: 200, body: { ok: true } };
    case '/_sandbox/clock': {
      const { advanceSeconds } = parse(z.object({ advanceSeconds: z.number().finite() }), body);
      state.clockOffsetMs += advanceSeconds * 1000;
      return { status: 200, body: { now: state.now().toISOString() } };
    }
    case '/_sandbox/rate-limit': {
      state.rateLimit = parse(z.object({ limit: z.number().int().min(1), windowSeconds: z.number().int().min(1) }), body);
      state.windows.clear();
      return { status: 200, body: state.rateLimit };
    }
    case '/_sandbox/wallet': {
      const { workspace, balanceUsd } = parse(z.object({ workspace: z.string().min(1).default('acme'), balanceUsd: z.number().min(0).max(1_000_000) }), body);
      state.wallets.set(workspace, balanceUsd);
      return { status: 200, body: { workspace, balance_usd: balanceUsd } };
    }
    case '/_sandbox/credentials':
      return { status: 201, body: seedCredential(state, parse(Credential, body)) };
    default:
      throw new SandboxRefusal(404, 'not_found', `No sandbox control at ${path}.`);
  }
}

function seedCredential(state: SandboxState, input: z.infer<typeof Credential>) {
  const name = input.name ?? `${input.kind}-${state.keys.size + state.users.size + 1}`;
  if (input.provider === 'call2me') {
    if (input.kind === 'user') {
      const user = state.addUser({
        provider: 'call2me',
        role: 'owner',
        email: input.email ?? `${name}@${input.workspace}.test`,
        scopes: input.scopes.length ? input.scopes : ['admin'],
        workspace: input.workspace,
        tenant: null,
      });
      return { id: user.id, email: user.email, password: user.password };
    }
    const key = keyOf(state, input.secret, {
      provider: 'call2me',
      kind: 'api_key',
      name,
      scopes: input.scopes,
      workspace: input.workspace,
      tenant: null,
      partner: null,
    });
    return { id: key.id, secret: key.secret };
  }

  const tenants = [...(input.tenants ?? []), ...(input.tenant ? [input.tenant] : [])];
  if (input.partner) for (const tenant of tenants) state.tenantPartner.set(tenant, input.partner);
  switch (input.kind) {
    case 'user': {
      const tenant = requireOne(tenants, 'tenant', 'a Callaro user');
      const user = state.addUser({
        provider: 'callaro',
        email: input.email ?? `${name}@${tenant}.test`,
        scopes: input.scopes,
        workspace: null,
        tenant,
        ...(input.role ? { role: input.role } : {}),
      });
      return { id: user.id, email: user.email, password: user.password };
    }
    case 'tenant_api_key': {
      const tenant = requireOne(tenants, 'tenant', 'a tenant API key');
      const key = keyOf(state, input.secret, {
        provider: 'callaro',
        kind: 'tenant_api_key',
        name,
        scopes: input.scopes,
        workspace: null,
        tenant,
        partner: input.partner ?? state.tenantPartner.get(tenant) ?? null,
      });
      return { id: key.id, secret: key.secret };
    }
    case 'partner_api_key': {
      if (!input.partner) throw new SandboxRefusal(400, 'invalid_request', 'partner: a partner API key needs its partner id.');
      const key = keyOf(state, input.secret, {
        provider: 'callaro',
        kind: 'partner_api_key',
        name,
        scopes: input.scopes,
        workspace: null,
        tenant: null,
        partner: input.partner,
      });
      return { id: key.id, secret: key.secret };
    }
    case 'runtime_server_key': {
      const key = keyOf(state, input.secret, {
        provider: 'callaro',
        kind: 'runtime_server_key',
        name,
        scopes: [],
        workspace: null,
        tenant: null,
        partner: null,
      });
      return { id: key.id, secret: key.secret };
    }
  }
}

/** A new key, or (with `secret`) the key a client already holds, registered again. */
function keyOf(
  state: SandboxState,
  secret: string | undefined,
  fields: Omit<SandboxKey, 'id' | 'secret' | 'revoked' | 'createdAt' | 'lastUsedAt' | 'expiresAt'>,
) {
  return secret === undefined ? state.mintKey(fields) : state.adoptKey({ ...fields, secret });
}

function requireOne(tenants: string[], field: string, what: string): string {
  if (tenants.length !== 1) throw new SandboxRefusal(400, 'invalid_request', `${field}: ${what} needs exactly one tenant.`);
  return tenants[0]!;
}

function parse<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SandboxRefusal(400, 'invalid_request', `Invalid control request: ${issue.path.join('.') || 'body'}: ${issue.message}`);
  }
  return parsed.data;
}
