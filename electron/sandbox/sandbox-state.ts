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
}

export interface SandboxUser {
  id: string;
  provider: SandboxProvider;
  email: string;
  password: string;
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

/** The documented prefixes (Callaro: sk_ tenant, pk_ partner; runtime keys' rk_ is the profile's default). */
const PREFIX: Record<SandboxKey['kind'], string> = {
  api_key: 'sk_call2me_test_',
  tenant_api_key: 'sk_',
  partner_api_key: 'pk_',
  runtime_server_key: 'rk_',
};

/** What a new sandbox workspace's wallet holds, and what one outbound call costs. */
export const SANDBOX_WALLET_USD = 25;
export const OUTBOUND_CALL_USD = 0.5;

/**
 * Everything the sandbox remembers, in memory. A clock that tests can move forward, a per-key rate
 * limit, keys, users, refresh tokens, tenants per partner, per-key traffic and stored resources.
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
  /** Rate-limit windows: credential -> [window start, count]. */
  windows = new Map<string, [number, number]>();
  /** Call2Me wallets: workspace -> balance in USD (a workspace not here has the starting balance). */
  wallets = new Map<string, number>();
  /** Stored resources: `${provider}|${family}` -> id -> { owner, body }. */
  resources = new Map<string, Map<string, { owner: string; body: Record<string, unknown> }>>();

  now(): Date {
    return new Date(Date.now() + this.clockOffsetMs);
  }

  reset(): void {
    this.clockOffsetMs = 0;
    this.rateLimit = { limit: 600, windowSeconds: 60 };
    for (const map of [this.keys, this.keyIds, this.users, this.refreshTokens, this.tenantPartner, this.traffic, this.windows, this.resources, this.wallets])
      map.clear();
  }

  mintKey(fields: Omit<SandboxKey, 'id' | 'secret' | 'revoked' | 'createdAt'>): SandboxKey {
    const key: SandboxKey = {
      ...fields,
      id: `key_${randomBytes(8).toString('hex')}`,
      secret: `${PREFIX[fields.kind]}${randomBytes(18).toString('base64url').replace(/[-_]/g, '')}`,
      revoked: false,
      createdAt: this.now().toISOString(),
    };
    this.keys.set(key.id, key);
    this.keyIds.set(key.secret, key.id);
    return key;
  }

  /** Registers a key whose secret already exists (vault credentials re-adopted after a restart). */
  adoptKey(fields: Omit<SandboxKey, 'id' | 'revoked' | 'createdAt'>): SandboxKey {
    const existing = this.keyBySecret(fields.provider, fields.secret);
    if (existing) return existing;
    const key: SandboxKey = { ...fields, id: `key_${randomBytes(8).toString('hex')}`, revoked: false, createdAt: this.now().toISOString() };
    this.keys.set(key.id, key);
    this.keyIds.set(key.secret, key.id);
    if (key.tenant && key.partner) this.tenantPartner.set(key.tenant, key.partner);
    return key;
  }

  keyBySecret(provider: SandboxProvider, secret: string): SandboxKey | undefined {
    const key = this.keys.get(this.keyIds.get(secret) ?? '');
    return key?.provider === provider ? key : undefined;
  }

  addUser(fields: Omit<SandboxUser, 'id' | 'password'>): SandboxUser {
    const user: SandboxUser = { ...fields, id: `usr_${randomBytes(6).toString('hex')}`, password: randomBytes(12).toString('base64url') };
    this.users.set(user.id, user);
    return user;
  }

  /** Fixed-window count per credential: the limit, what remains, when the window resets, and the wait when over. */
  countRequest(credential: string): { limit: number; remaining: number; resetAt: number; retryAfter: number | null } {
    const nowMs = this.now().getTime();
    const windowMs = this.rateLimit.windowSeconds * 1000;
    let current = this.windows.get(credential);
    if (!current || nowMs - current[0] >= windowMs) this.windows.set(credential, (current = [nowMs, 0]));
    current[1] += 1;
    const resetMs = current[0] + windowMs;
    return {
      limit: this.rateLimit.limit,
      remaining: Math.max(0, this.rateLimit.limit - current[1]),
      resetAt: Math.ceil(resetMs / 1000),
      retryAfter: current[1] > this.rateLimit.limit ? Math.max(1, Math.ceil((resetMs - nowMs) / 1000)) : null,
    };
  }

  balance(workspace: string): number {
    return this.wallets.get(workspace) ?? SANDBOX_WALLET_USD;
  }

  record(credential: string, entry: TrafficEntry): void {
    const list = this.traffic.get(credential) ?? [];
    list.push(entry);
    this.traffic.set(credential, list);
  }

  collection(provider: SandboxProvider, family: string) {
    const name = `${provider}|${family}`;
    let map = this.resources.get(name);
    if (!map) this.resources.set(name, (map = new Map()));
    return map;
  }
}
