import { z } from 'zod';
import type { RotationPlan } from '../../shared/rotation/rotation';
import { AppError } from '../../shared/ipc/result';
import { matchRoute, scopeSatisfied } from '../../shared/providers/route-match';
import type { ProviderProfile } from '../../shared/providers/provider-profile';
import type { Credential } from '../../shared/vault/credential';
import type { SendService } from '../send/send-service';
import type { VaultService } from '../vault/vault-service';

/**
 * The providers' key-management APIs (`/v1/api-keys`: mint, list, revoke, per-key audit), as the
 * Call2Me seed documents them and Callaro is assumed to mirror. Request bodies differ per provider,
 * so each built-in provider has a small adapter here; other providers rotate by pasting the secret.
 * Every call goes through SendService: signed on the Node side, redacted in history.
 */
interface Adapter {
  /** The body that mints a key like the plan. */
  mintBody(plan: RotationPlan): unknown;
}

const adapters: Record<string, Adapter> = {
  call2me: {
    // Call2Me keys carry one scope; read < write < admin, so the widest one planned is what counts.
    mintBody: (plan) => ({ name: plan.name, scope: (['admin', 'write', 'read'] as const).find((s) => plan.scopes.includes(s)) ?? 'read' }),
  },
  callaro: {
    mintBody: (plan) => ({ name: plan.name, tenant_id: plan.boundId ?? undefined, scopes: plan.scopes }),
  },
};

const Minted = z.object({ id: z.string(), secret: z.string().min(1) });
const KeyList = z.object({ data: z.array(z.object({ id: z.string(), name: z.string(), last4: z.string(), revoked: z.boolean() })) });
const KeyAudit = z.object({ entries: z.array(z.object({ time: z.string(), method: z.string(), path: z.string(), status: z.number() })) });
export type KeyAuditEntry = z.infer<typeof KeyAudit>['entries'][number];

const PATH = '/v1/api-keys';

export class KeyManagement {
  constructor(private readonly deps: { vault: VaultService; send: SendService; catalog: { get(id: string): ProviderProfile } }) {}

  supported(providerId: string): boolean {
    return providerId in adapters;
  }

  /**
   * A vault credential that may call key management for `subject`'s provider, environment and
   * tenant or workspace: the subject itself when it can, else the first other one that can.
   */
  manager(subject: Pick<Credential, 'id' | 'providerId' | 'environmentId' | 'boundId' | 'kind'>, method: 'GET' | 'POST' | 'DELETE'): Credential | null {
    const profile = this.deps.catalog.get(subject.providerId);
    const match = matchRoute(profile, method, PATH);
    if (!match?.rule) return null;
    const can = (c: Credential) =>
      c.status === 'active' &&
      c.providerId === subject.providerId &&
      c.environmentId === subject.environmentId &&
      match.family.kinds.includes(c.kind) &&
      (match.rule!.scope === null || scopeSatisfied(profile, c.scopes, match.rule!.scope)) &&
      // A partner key manages its tenants' keys; everything else only its own workspace or tenant.
      (c.kind === 'partner_api_key' || c.kind === 'jwt' || c.boundId === subject.boundId);
    const candidates = this.deps.vault.list({ providerId: subject.providerId, environmentId: subject.environmentId }).filter(can);
    return candidates.find((c) => c.id === subject.id) ?? candidates[0] ?? null;
  }

  /** Mints through the provider; the secret comes back only to the caller, and history holds it redacted. */
  async mint(manager: Credential, providerId: string, plan: RotationPlan): Promise<{ secret: string; providerKeyId: string }> {
    const adapter = this.adapter(providerId);
    let minted: z.infer<typeof Minted> | null = null;
    const { exchange } = await this.deps.send.sendRevealing({ credential: manager.id, method: 'POST', path: PATH, headers: {}, body: JSON.stringify(adapter.mintBody(plan)) }, (raw) => {
      const parsed = Minted.safeParse(safeJson(raw));
      minted = parsed.success ? parsed.data : null;
      return minted ? [{ value: minted.secret, label: `${plan.name} · new` }] : [];
    });
    const response = exchange.response;
    if (!response || response.status >= 300 || minted === null) {
      throw new AppError('CONFLICT', `Minting through ${providerId}'s API as ${manager.name} failed: ${describe(exchange)}. Nothing was saved; try again, or paste a key minted elsewhere.`);
    }
    const { secret, id } = minted as z.infer<typeof Minted>;
    return { secret, providerKeyId: id };
  }

  /** The provider's id for a vault key: by name and last four characters among the keys it lists. */
  async providerKeyId(manager: Credential, credential: Credential): Promise<string | null> {
    const exchange = await this.deps.send.send({ credential: manager.id, method: 'GET', path: PATH, headers: {}, body: null });
    const parsed = KeyList.safeParse(safeJson(exchange.response?.body ?? ''));
    if (!parsed.success || credential.last4 === '') return null;
    const matches = parsed.data.data.filter((k) => k.last4 === credential.last4 && !k.revoked);
    const byName = matches.filter((k) => k.name === credential.name);
    return (byName.length === 1 ? byName[0] : matches.length === 1 ? matches[0] : undefined)?.id ?? null;
  }

  async revoke(manager: Credential, providerKeyId: string): Promise<void> {
    const exchange = await this.deps.send.send({ credential: manager.id, method: 'DELETE', path: `${PATH}/${encodeURIComponent(providerKeyId)}`, headers: {}, body: null });
    if (!exchange.response || exchange.response.status >= 300) {
      throw new AppError('CONFLICT', `Revoking key ${providerKeyId} through the provider's API as ${manager.name} failed: ${describe(exchange)}.`);
    }
  }

  /** What the provider saw a key do (its per-key audit log), or null when it cannot be read. */
  async audit(manager: Credential, providerKeyId: string): Promise<KeyAuditEntry[] | null> {
    const exchange = await this.deps.send.send({ credential: manager.id, method: 'GET', path: `${PATH}/${encodeURIComponent(providerKeyId)}/audit`, headers: {}, body: null });
    const parsed = KeyAudit.safeParse(safeJson(exchange.response?.body ?? ''));
    return parsed.success ? parsed.data.entries : null;
  }

  /** A request with `credential` that any live key of its kind passes authentication on: 401 means revoked. */
  async probe(credential: Credential): Promise<number | null> {
    const exchange = await this.deps.send.send({ credential: credential.id, method: 'GET', path: PATH, headers: {}, body: null });
    return exchange.response?.status ?? null;
  }

  private adapter(providerId: string): Adapter {
    const adapter = adapters[providerId];
    if (!adapter) throw new AppError('INVALID_INPUT', `Keyhole cannot mint ${providerId} keys through an API; paste a key minted in the provider's console instead.`);
    return adapter;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function describe(exchange: { response: { status: number; body: string } | null; error: string | null }): string {
  if (!exchange.response) return exchange.error ?? 'no response';
  const message = (safeJson(exchange.response.body) as { error?: { message?: string } } | null)?.error?.message;
  return `HTTP ${exchange.response.status}${message ? ` (${message})` : ''}`;
}
