import { z } from 'zod';
import type { RotationPlan } from '../../shared/rotation/rotation';
import { valueAt } from '../../shared/exchange/json-path';
import { AppError } from '../../shared/errors/app-error';
import { matchRoute, scopeSatisfied } from '../../shared/providers/route-match';
import type { KeyManagementProfile, ProviderProfile } from '../../shared/providers/provider-profile';
import type { Credential } from '../../shared/vault/credential';
import type { SendService } from '../send/send-service';
import type { VaultService } from '../vault/vault-service';

/**
 * The providers' key-management APIs, driven by the profile's `keyManagement` data: mint (every
 * built-in provider documents one), and list, revoke and per-key audit where the profile has them
 * (null means the provider documents none, and rotation asks the user instead). Every call goes
 * through SendService: signed on the Node side, redacted in history.
 */
const KeyAuditEntry = z.object({ time: z.string(), method: z.string(), path: z.string(), status: z.number() });
export type KeyAuditEntry = z.infer<typeof KeyAuditEntry>;

const CALL_ORDER = ['admin', 'write', 'read'];

interface ListedKey {
  id: string;
  name: unknown;
  last4: string | null;
  prefix: string | null;
  revoked: boolean;
}
/** Keyhole's own calls: marked in history, never evidence that a key carries workload traffic. */
const OWN = { byKeyhole: true };

export class KeyManagement {
  constructor(private readonly deps: { vault: VaultService; send: SendService; catalog: { get(id: string): ProviderProfile } }) {}

  supported(providerId: string): boolean {
    return this.deps.catalog.get(providerId).keyManagement !== null;
  }

  /** The path key-management calls go to (so evidence can leave them out). */
  path(providerId: string): string | null {
    return this.deps.catalog.get(providerId).keyManagement?.mint.path ?? null;
  }

  /**
   * A vault credential that may call `what` for `subject`'s provider, environment and tenant or
   * workspace: the subject itself when it can, else the first other one that can.
   */
  manager(
    subject: Pick<Credential, 'id' | 'providerId' | 'environmentId' | 'boundId' | 'kind'>,
    what: 'mint' | 'list' | 'revoke' | 'audit',
  ): Credential | null {
    const profile = this.deps.catalog.get(subject.providerId);
    const management = profile.keyManagement;
    const route =
      management &&
      {
        mint: management.mint,
        list: management.list && { method: 'GET', path: management.list.path },
        revoke: management.revoke,
        audit: management.audit && { method: 'GET', path: management.audit.path },
      }[what];
    if (!route) return null;
    const match = matchRoute(profile, route.method, route.path.replace('{id}', 'id'));
    const rule = match?.rule;
    if (!management || !match || !rule) return null;
    const kinds = what === 'mint' ? management.mint.kinds : match.family.kinds;
    const can = (c: Credential) =>
      c.status === 'active' &&
      c.providerId === subject.providerId &&
      c.environmentId === subject.environmentId &&
      kinds.includes(c.kind) &&
      match.family.kinds.includes(c.kind) &&
      (rule.scope === null || scopeSatisfied(profile, c.scopes, rule.scope)) &&
      // A JWT session manages its own tenant's or workspace's keys; a key only its own.
      (c.kind === 'jwt' || c.boundId === subject.boundId);
    const candidates = this.deps.vault.list({ providerId: subject.providerId, environmentId: subject.environmentId }).filter(can);
    return candidates.find((c) => c.id === subject.id) ?? candidates[0] ?? null;
  }

  /** Mints through the provider; the secret comes back only to the caller, and history holds it redacted. */
  async mint(manager: Credential, providerId: string, plan: RotationPlan): Promise<{ secret: string; providerKeyId: string }> {
    const mint = this.management(providerId).mint;
    if (mint.emptyScopesRejected && plan.scopes.length === 0) {
      throw new AppError('INVALID_INPUT', `${this.deps.catalog.get(providerId).name} refuses to mint a key with no scopes: plan at least one.`);
    }
    const values: Record<string, unknown> = {
      '{name}': plan.name,
      '{scopes}': plan.scopes,
      // One-scope keys (Call2Me's tiers): the widest planned scope.
      '{scope}': CALL_ORDER.find((s) => plan.scopes.includes(s)) ?? plan.scopes[0] ?? null,
      '{read_only}': plan.scopes.length > 0 && plan.scopes.every((s) => s === 'read'),
      '{tenant}': plan.boundId,
    };
    const body = Object.fromEntries(Object.entries(mint.body).map(([field, template]) => [field, values[template]]));
    let minted: { secret: string; id: string } | null = null;
    const { exchange } = await this.deps.send.sendRevealing(
      { credential: manager.id, method: mint.method, path: mint.path, headers: {}, body: JSON.stringify(body) },
      (raw) => {
        const parsed = safeJson(raw);
        const secret = valueAt(parsed, mint.secretPath);
        const id = valueAt(parsed, mint.idPath);
        minted = typeof secret === 'string' && secret !== '' ? { secret, id: typeof id === 'string' || typeof id === 'number' ? String(id) : '' } : null;
        return minted ? [{ value: minted.secret, label: `${plan.name} · new` }] : [];
      },
      OWN,
    );
    const response = exchange.response;
    if (!response || response.status >= 300 || minted === null) {
      throw new AppError(
        'CONFLICT',
        `Minting through ${providerId}'s API as ${manager.name} failed: ${describe(exchange)}. Nothing was saved; try again, or paste a key minted elsewhere.`,
      );
    }
    const { secret, id } = minted as { secret: string; id: string };
    return { secret, providerKeyId: id };
  }

  /** The provider's keys as its list route shows them; null where it has none or the answer is not a list. */
  private async listKeys(manager: Credential, providerId: string): Promise<ListedKey[] | null> {
    const list = this.management(providerId).list;
    if (!list) return null;
    // The list as the provider sent it: a shown prefix (`sk_call2me_test_ab12`) is secret-shaped, so the
    // stored copy has it redacted. The raw body goes no further than this method.
    const { exchange, rawBody } = await this.deps.send.sendRevealing(
      { credential: manager.id, method: 'GET', path: list.path, headers: {}, body: null },
      () => [],
      OWN,
    );
    const parsed = exchange.response && exchange.response.status < 300 ? safeJson(rawBody ?? '') : null;
    const items = list.itemsPath === null ? parsed : valueAt(parsed, list.itemsPath);
    if (!Array.isArray(items)) return null;
    const text = (item: unknown, at: string | null) => {
      const value = at === null ? undefined : valueAt(item, at);
      return typeof value === 'string' ? value : null;
    };
    return items.map((item) => ({
      id: String(valueAt(item, list.id) ?? ''),
      name: valueAt(item, list.name),
      last4: text(item, list.last4),
      prefix: text(item, list.prefix),
      revoked: (list.revoked !== null && valueAt(item, list.revoked) === true) || (list.active !== null && valueAt(item, list.active) === false),
    }));
  }

  /**
   * Live keys at the provider with this name: what a mint whose answer was lost (the process killed
   * mid-answer) left behind, since the name is the rotation's own. Null when the provider lists no keys.
   */
  async liveKeysNamed(manager: Credential, providerId: string, name: string): Promise<string[] | null> {
    const keys = await this.listKeys(manager, providerId);
    return keys && keys.filter((k) => k.name === name && !k.revoked && k.id !== '').map((k) => k.id);
  }

  /** The provider's id for a vault key: among the live keys it lists, by last four characters or shown prefix, then by name. */
  async providerKeyId(manager: Credential, credential: Credential): Promise<string | null> {
    const keys = await this.listKeys(manager, credential.providerId);
    if (!keys) return null;
    const needsSecret = keys.some((k) => k.prefix !== null && k.prefix.length >= 8);
    const secret = needsSecret ? await this.deps.vault.secretOf(credential).catch(() => null) : null;
    const matches = keys.filter(
      (k) =>
        !k.revoked &&
        k.id !== '' &&
        ((k.last4 !== null && credential.last4 !== '' && k.last4 === credential.last4) ||
          (secret !== null && k.prefix !== null && k.prefix.length >= 8 && secret.startsWith(k.prefix))),
    );
    const byName = matches.filter((k) => k.name === credential.name);
    return (byName.length === 1 ? byName[0] : matches.length === 1 ? matches[0] : undefined)?.id ?? null;
  }

  /** Whether the provider has an API to revoke keys (else the user confirms they did it). */
  canRevoke(providerId: string): boolean {
    const management = this.deps.catalog.get(providerId).keyManagement;
    return Boolean(management?.revoke && management.list);
  }

  /** Revokes a key through the provider's API; a 404 or 410 for it means it is already gone, which is as good. */
  async revoke(manager: Credential, providerKeyId: string): Promise<'revoked' | 'already-gone'> {
    const revoke = this.management(manager.providerId).revoke;
    if (!revoke) throw new AppError('CONFLICT', `${manager.providerId} has no key revocation API; revoke the key in the provider's console and confirm.`);
    const exchange = await this.deps.send.send(
      { credential: manager.id, method: revoke.method, path: revoke.path.replace('{id}', encodeURIComponent(providerKeyId)), headers: {}, body: null },
      OWN,
    );
    if (exchange.response?.status === 404 || exchange.response?.status === 410) return 'already-gone';
    if (!exchange.response || exchange.response.status >= 300) {
      throw new AppError('CONFLICT', `Revoking key ${providerKeyId} through the provider's API as ${manager.name} failed: ${describe(exchange)}.`);
    }
    return 'revoked';
  }

  /** What the provider saw a key do (its per-key audit log), or null when it cannot be read. */
  async audit(manager: Credential, providerKeyId: string): Promise<KeyAuditEntry[] | null> {
    const audit = this.management(manager.providerId).audit;
    if (!audit) return null;
    const exchange = await this.deps.send.send(
      { credential: manager.id, method: 'GET', path: audit.path.replace('{id}', encodeURIComponent(providerKeyId)), headers: {}, body: null },
      OWN,
    );
    const parsed = z.array(KeyAuditEntry).safeParse(valueAt(safeJson(exchange.response?.body ?? ''), audit.entriesPath));
    return parsed.success ? parsed.data : null;
  }

  /** A request with `credential` that any live key of its kind passes authentication on: 401 means revoked. */
  async probe(credential: Credential): Promise<number | null> {
    const list = this.management(credential.providerId).list;
    if (!list) return null;
    const exchange = await this.deps.send.send({ credential: credential.id, method: 'GET', path: list.path, headers: {}, body: null }, OWN);
    return exchange.response?.status ?? null;
  }

  private management(providerId: string): KeyManagementProfile {
    const management = this.deps.catalog.get(providerId).keyManagement;
    if (!management)
      throw new AppError('INVALID_INPUT', `Keyhole cannot mint ${providerId} keys through an API; paste a key minted in the provider's console instead.`);
    return management;
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
  const body = safeJson(exchange.response.body);
  const message = [valueAt(body, 'error.message'), valueAt(body, 'error'), valueAt(body, 'message'), valueAt(body, 'detail')].find(
    (m) => typeof m === 'string',
  );
  return `HTTP ${exchange.response.status}${message ? ` (${message})` : ''}`;
}
