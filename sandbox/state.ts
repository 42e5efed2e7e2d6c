import { randomBytes } from 'node:crypto';

export type SandboxProvider = 'call2me' | 'callaro';

export interface SandboxKey {
  id: string;
  provider: SandboxProvider;
  kind: 'api_key' | 'tenant_api_key' | 'partner_api_key' | 'runtime_server_key';
  name: string;
  secret: string;
  scopes: string[];
  workspace: string | null;
  tenant: string | null;
  partner: string | null;
  revoked: boolean;
  createdAt: string;
  lastUsedAt: string | null;
  /** Call2Me keys may carry an expiry (`expires_in_days`, C2); null: until revoked. */
  expiresAt: string | null;
}

/**
 * A person who logs in. Callaro's roles gate role-only routes (`super_admin` grants free credits;
 * a `partner_admin` allocates and deallocates); Call2Me's members are owner, admin, member or viewer.
 */
export interface SandboxUser {
  id: string;
  provider: SandboxProvider;
  email: string;
  password: string;
  role: string;
  scopes: string[];
  workspace: string | null;
  tenant: string | null;
}

export interface TrafficEntry {
  time: string;
  method: string;
  path: string;
  status: number;
}

/** An answer kept for an Idempotency-Key: what the request was, and what it got. */
export interface IdempotentAnswer {
  request: string;
  status: number;
  body: unknown;
  at: number;
}

/** The documented prefixes: Call2Me sk_call2me_ (test_ is the sandbox's own marker), Callaro sk_ tenant, pk_ partner. */
const PREFIX: Record<SandboxKey['kind'], string> = {
  api_key: 'sk_call2me_test_',
  tenant_api_key: 'sk_',
  partner_api_key: 'pk_',
  runtime_server_key: 'rk_',
};

/** What a new sandbox workspace's wallet holds, and what placing one outbound call reserves. */
export const SANDBOX_WALLET_USD = 25;
export const OUTBOUND_CALL_USD = 0.5;
/** What a Callaro partner's or tenant's credit balance starts at, in major units. */
export const CALLARO_STARTING_CREDITS = 100_000;

/**
 * Everything the sandbox remembers, in memory: a clock tests can move forward, per-key rate limits,
 * keys, users, refresh tokens, tenants per partner, per-key traffic, wallets, idempotent answers and
 * stored resources.
 */
export class SandboxState {
  clockOffsetMs = 0;
  rateLimit = { limit: 600, windowSeconds: 60 };
  readonly jwtSecret = new Uint8Array(randomBytes(32));
  keys = new Map<string, SandboxKey>();
  /** secret -> key id: authentication is a lookup, not a scan. */
  private keyIds = new Map<string, string>();
  users = new Map<string, SandboxUser>();
  /** refresh token -> user id; deleted once used (refresh tokens rotate). */
  refreshTokens = new Map<string, string>();
  /** tenant -> partner */
  tenantPartner = new Map<string, string>();
  traffic = new Map<string, TrafficEntry[]>();
  /** Rate-limit windows: bucket (a credential, or an address for unauthenticated callers) -> [window start, count]. */
  windows = new Map<string, [number, number]>();
  /** Wallets: workspace or tenant -> balance in USD (one not here has the starting balance). */
  wallets = new Map<string, number>();
  /** `${provider}|${owner}|${Idempotency-Key}` -> the first answer. */
  idempotent = new Map<string, IdempotentAnswer>();
  /** Call2Me end-user tokens (`eut_...`) -> who they act for, until when. */
  endUserTokens = new Map<string, { workspace: string | null; externalId: string; scopes: string[]; agentIds: string[] | null; expiresAt: number }>();
  /** Stored resources: `${provider}|${collection}` -> id -> { owner, body }. */
  resources = new Map<string, Map<string, { owner: string; body: Record<string, unknown> }>>();

  now(): Date {
    return new Date(Date.now() + this.clockOffsetMs);
  }

  reset(): void {
    this.clockOffsetMs = 0;
    this.rateLimit = { limit: 600, windowSeconds: 60 };
    for (const map of [
      this.keys,
      this.keyIds,
      this.users,
      this.refreshTokens,
      this.tenantPartner,
      this.traffic,
      this.windows,
      this.resources,
      this.wallets,
      this.idempotent,
      this.endUserTokens,
    ])
      map.clear();
  }

  mintKey(fields: Omit<SandboxKey, 'id' | 'secret' | 'revoked' | 'createdAt' | 'lastUsedAt' | 'expiresAt'> & { expiresAt?: string | null }): SandboxKey {
    return this.adoptKey({ ...fields, secret: `${PREFIX[fields.kind]}${randomBytes(18).toString('base64url').replace(/[-_]/g, '')}` });
  }

  /** Registers a key whose secret already exists (a client's stored demo keys, re-registered after a restart). */
  adoptKey(fields: Omit<SandboxKey, 'id' | 'revoked' | 'createdAt' | 'lastUsedAt' | 'expiresAt'> & { expiresAt?: string | null }): SandboxKey {
    const existing = this.keyBySecret(fields.provider, fields.secret);
    if (existing) return existing;
    const key: SandboxKey = {
      expiresAt: null,
      ...fields,
      id: `key_${randomBytes(6).toString('hex')}`,
      revoked: false,
      createdAt: this.now().toISOString(),
      lastUsedAt: null,
    };
    this.keys.set(key.id, key);
    this.keyIds.set(key.secret, key.id);
    if (key.tenant && key.partner) this.tenantPartner.set(key.tenant, key.partner);
    return key;
  }

  keyBySecret(provider: SandboxProvider, secret: string): SandboxKey | undefined {
    const key = this.keys.get(this.keyIds.get(secret) ?? '');
    return key?.provider === provider ? key : undefined;
  }

  addUser(fields: Omit<SandboxUser, 'id' | 'password' | 'role'> & { role?: string; password?: string }): SandboxUser {
    const user: SandboxUser = {
      role: fields.provider === 'callaro' ? 'tenant_admin' : 'owner',
      password: randomBytes(12).toString('base64url'),
      ...fields,
      id: `usr_${randomBytes(6).toString('hex')}`,
    };
    this.users.set(user.id, user);
    return user;
  }

  /** Fixed-window count per bucket: the limit, what remains, when the window resets, and the wait when over. */
  countRequest(bucket: string): { limit: number; remaining: number; resetAt: number; retryAfter: number | null } {
    const nowMs = this.now().getTime();
    const windowMs = this.rateLimit.windowSeconds * 1000;
    let current = this.windows.get(bucket);
    if (!current || nowMs - current[0] >= windowMs) this.windows.set(bucket, (current = [nowMs, 0]));
    current[1] += 1;
    const resetMs = current[0] + windowMs;
    return {
      limit: this.rateLimit.limit,
      remaining: Math.max(0, this.rateLimit.limit - current[1]),
      resetAt: Math.ceil(resetMs / 1000),
      retryAfter: current[1] > this.rateLimit.limit ? Math.max(1, Math.ceil((resetMs - nowMs) / 1000)) : null,
    };
  }

  balance(owner: string, starting = SANDBOX_WALLET_USD): number {
    return this.wallets.get(owner) ?? starting;
  }

  record(credential: string, entry: TrafficEntry): void {
    const list = this.traffic.get(credential) ?? [];
    list.push(entry);
    this.traffic.set(credential, list);
  }

  collection(provider: SandboxProvider, name: string) {
    const key = `${provider}|${name}`;
    let map = this.resources.get(key);
    if (!map) this.resources.set(key, (map = new Map()));
    return map;
  }
}
