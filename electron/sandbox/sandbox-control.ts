import { z } from 'zod';
import { describeZodError } from '../../shared/errors/app-error';
import { SandboxRefusal } from './sandbox-refusal';
import type { SandboxState } from './sandbox-state';

const Scopes = z.array(z.string()).default([]);
const Credential = z.discriminatedUnion('provider', [
  z.object({
    provider: z.literal('call2me'),
    kind: z.enum(['api_key', 'user']),
    workspace: z.string().min(1).default('acme'),
    scopes: Scopes,
    name: z.string().optional(),
    email: z.string().optional(),
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
  }),
]);

/**
 * `/_sandbox/*`: test control. Seeds credentials and users, moves the clock, sets the rate limit.
 * It exists only on the sandbox, which listens on loopback only.
 */
export function handleControl(state: SandboxState, path: string, body: unknown): { status: number; body: unknown } {
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
        email: input.email ?? `${name}@${input.workspace}.test`,
        scopes: input.scopes.length ? input.scopes : ['admin'],
        workspace: input.workspace,
        tenant: null,
      });
      return { id: user.id, email: user.email, password: user.password };
    }
    const key = state.mintKey({ provider: 'call2me', kind: 'api_key', name, scopes: input.scopes, workspace: input.workspace, tenant: null, partner: null });
    return { id: key.id, secret: key.secret };
  }

  const tenants = [...(input.tenants ?? []), ...(input.tenant ? [input.tenant] : [])];
  if (input.partner) for (const tenant of tenants) state.tenantPartner.set(tenant, input.partner);
  switch (input.kind) {
    case 'user': {
      const tenant = requireOne(tenants, 'tenant', 'a Callaro user');
      const user = state.addUser({ provider: 'callaro', email: input.email ?? `${name}@${tenant}.test`, scopes: input.scopes, workspace: null, tenant });
      return { id: user.id, email: user.email, password: user.password };
    }
    case 'tenant_api_key': {
      const tenant = requireOne(tenants, 'tenant', 'a tenant API key');
      const key = state.mintKey({
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
      const key = state.mintKey({
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
      const key = state.mintKey({ provider: 'callaro', kind: 'runtime_server_key', name, scopes: [], workspace: null, tenant: null, partner: null });
      return { id: key.id, secret: key.secret };
    }
  }
}

function requireOne(tenants: string[], field: string, what: string): string {
  if (tenants.length !== 1) throw new SandboxRefusal(400, 'invalid_request', `${field}: ${what} needs exactly one tenant.`);
  return tenants[0]!;
}

function parse<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) throw new SandboxRefusal(400, 'invalid_request', describeZodError(parsed.error, 'Invalid control request'));
  return parsed.data;
}
