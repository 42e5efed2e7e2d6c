import type { Credential } from '../../shared/vault/credential';
import type { Logger } from '../platform/logger';
import type { ProviderCatalog } from '../vault/provider-catalog';
import type { VaultService } from '../vault/vault-service';
import type { SettingsRepository } from '../store/settings-repository';

/** The sandbox as "Try it" holds it: a URL per vendor, and a way to stop it. */
export interface RunningSandbox {
  readonly url: string;
  readonly port: number;
  readonly baseUrls: Record<string, string>;
  close(): Promise<void>;
}
export type SandboxStarter = (port: number | undefined) => Promise<RunningSandbox>;

/** The sandbox package, in this process: loaded only when the user asks for it. */
export const inProcessSandbox: SandboxStarter = async (port) => (await import('../../sandbox/index')).startSandbox({ port });

/** The environment "Try it" points at the sandbox, per provider the sandbox stands in for. */
const ENVIRONMENT = 'sandbox';
const KEY_KINDS = new Set(['api_key', 'tenant_api_key', 'partner_api_key', 'runtime_server_key']);

/**
 * Demo credentials: one per kind that shows a different rule, plus one per provider that may mint
 * keys (Call2Me: an admin key; Callaro: a JWT session, since its key creation is JWT-only), so a
 * whole rotation can be walked on demo keys.
 */
const DEMO = [
  { provider: 'call2me', kind: 'api_key', name: 'demo-call2me-read', scopes: ['read'], bound: 'acme' },
  { provider: 'call2me', kind: 'api_key', name: 'demo-call2me-write', scopes: ['write'], bound: 'acme' },
  { provider: 'call2me', kind: 'api_key', name: 'demo-call2me-admin', scopes: ['admin'], bound: 'acme' },
  { provider: 'callaro', kind: 'tenant_api_key', name: 'demo-callaro-tenant', scopes: ['contacts:read', 'contacts:write'], bound: 't1' },
  { provider: 'callaro', kind: 'partner_api_key', name: 'demo-callaro-partner', scopes: ['contacts:read', 'billing:partner:read'], bound: 'p1' },
] as const;
const DEMO_SESSION = { provider: 'callaro', name: 'demo-callaro-session', tenant: 't1' } as const;
/** The demo world's tenancy: partner p1 acts for tenant t1. Not a secret; told to the sandbox at every start. */
const DEMO_TENANTS: Record<string, string[]> = { p1: ['t1'] };

/**
 * "Try it": the vendors' sandbox (../../sandbox), started in this process on 127.0.0.1 when the user
 * asks, and reached only by URL, as any vendor is. Starting it points each provider's sandbox
 * environment at it (unless the user set that URL to something else) and hands it the vault's keys of
 * those environments over its control routes, since it keeps nothing across restarts; the port is
 * remembered, so the URLs stay the same from one start to the next. Once asked for, it starts with
 * the app until its environments point elsewhere.
 */
export class TryIt {
  private server: Promise<RunningSandbox> | null = null;
  private started: RunningSandbox | null = null;

  constructor(
    private readonly deps: {
      vault: VaultService;
      catalog: ProviderCatalog;
      settings: SettingsRepository;
      logger: Logger;
      start: SandboxStarter;
    },
  ) {}

  running(): boolean {
    return this.started !== null;
  }

  /** The sandbox's origin while it runs: the one origin the product started itself, so trusted without a pin. */
  origin(): string | null {
    return this.started ? new URL(this.started.url).origin : null;
  }

  /** At launch: starts the sandbox again if the user asked for it before and its environments still point at it. */
  async resume(): Promise<void> {
    const port = this.deps.settings.tryItPort();
    if (port === null || this.pointedAt(port).length === 0) return;
    await this.ensureStarted();
  }

  async ensureStarted(): Promise<RunningSandbox> {
    this.server ??= this.startOnce().catch((error: unknown) => {
      this.server = null;
      throw error;
    });
    return this.server;
  }

  /** Mints the demo keys in the sandbox and stores them in the vault's sandbox environments. */
  async seedDemo(): Promise<Credential[]> {
    const server = await this.ensureStarted();
    const taken = new Set(this.deps.vault.list({ environmentId: ENVIRONMENT }).map((c) => c.name));
    const minted = [];
    for (const d of DEMO.filter((demo) => !taken.has(demo.name))) {
      const { secret } = await control<{ secret: string }>(server, 'credentials', bodyFor(d.provider, d.kind, d.name, [...d.scopes], d.bound));
      minted.push({ d, secret });
    }
    const saved = await this.deps.vault.addMany(
      minted.map(({ d, secret }) => ({
        name: d.name,
        providerId: d.provider,
        environmentId: ENVIRONMENT,
        kind: d.kind,
        scopes: [...d.scopes],
        boundId: d.bound,
        // A partner acts for its tenants (X-Tenant-Id): say which, so a demo request can name one.
        notes:
          d.kind === 'partner_api_key'
            ? `Demo partner key minted by the sandbox. Partner ${d.bound} acts for tenants ${(DEMO_TENANTS[d.bound] ?? []).join(', ')}: send X-Tenant-Id with one of them.`
            : 'Demo key minted by the sandbox.',
        secret,
      })),
      'the sandbox demo',
    );
    const session = taken.has(DEMO_SESSION.name) ? [] : [await this.seedSession(server)];
    return [...saved.map((s) => s.credential), ...session];
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.started = null;
    if (server) await (await server).close();
  }

  private async startOnce(): Promise<RunningSandbox> {
    const remembered = this.deps.settings.tryItPort();
    const server = await this.deps.start(remembered ?? undefined).catch((error: NodeJS.ErrnoException) => {
      // The remembered port is taken by something else now: any free one will do.
      if (remembered === null || error.code !== 'EADDRINUSE') throw error;
      this.deps.logger.warn(`sandbox port ${remembered} is in use; starting on another`);
      return this.deps.start(undefined);
    });
    this.started = server;
    this.deps.settings.setTryItPort(server.port);
    this.deps.logger.info(`sandbox listening on ${server.url}`);
    for (const [providerId, url] of Object.entries(server.baseUrls)) {
      const environment = this.deps.catalog.environment(providerId, ENVIRONMENT);
      const ours = environment.baseUrl === null || (remembered !== null && isSandboxUrl(environment.baseUrl, remembered));
      if (ours && environment.baseUrl !== url) this.deps.catalog.setEnvironmentUrl(providerId, ENVIRONMENT, url);
      else if (!ours) this.deps.logger.info(`${providerId} ${ENVIRONMENT} keeps its own base URL ${environment.baseUrl}`);
    }
    await this.handOverKeys(server);
    return server;
  }

  /** Providers whose sandbox environment points at the sandbox on `port`. */
  private pointedAt(port: number): string[] {
    return this.deps.catalog
      .list()
      .filter((p) => p.environments.some((e) => e.id === ENVIRONMENT && e.baseUrl !== null && isSandboxUrl(e.baseUrl, port)))
      .map((p) => p.id);
  }

  /** The sandbox keeps nothing across restarts: it is handed the vault's keys of the environments that point at it. */
  private async handOverKeys(server: RunningSandbox): Promise<void> {
    let handed = 0;
    for (const providerId of Object.keys(server.baseUrls)) {
      if (this.deps.catalog.environment(providerId, ENVIRONMENT).baseUrl !== server.baseUrls[providerId]) continue;
      for (const credential of this.deps.vault.list({ providerId, environmentId: ENVIRONMENT })) {
        if (credential.status !== 'active' || !KEY_KINDS.has(credential.kind)) continue;
        const secret = await this.deps.vault.secretOf(credential).catch(() => null);
        if (!secret) continue;
        await control(server, 'credentials', { ...bodyFor(providerId, credential.kind, credential.name, credential.scopes, credential.boundId), secret });
        handed++;
      }
    }
    if (handed > 0) this.deps.logger.info(`handed ${handed} stored sandbox keys to the sandbox`);
  }

  /** A Callaro user of tenant t1, logged in: the JWT is the credential, its refresh token beside it. */
  private async seedSession(server: RunningSandbox): Promise<Credential> {
    const user = await control<{ email: string; password: string }>(server, 'credentials', {
      provider: 'callaro',
      kind: 'user',
      tenant: DEMO_SESSION.tenant,
      role: 'tenant_admin',
    });
    const response = await fetch(`${server.baseUrls.callaro}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: user.password }),
    });
    if (!response.ok) throw new Error(`The sandbox refused the demo login (${response.status}).`);
    const tokens = (await response.json()) as { access_token: string; refresh_token: string; expires_in: number };
    const { credential } = await this.deps.vault.add({
      name: DEMO_SESSION.name,
      providerId: DEMO_SESSION.provider,
      environmentId: ENVIRONMENT,
      kind: 'jwt',
      boundId: DEMO_SESSION.tenant,
      notes: `Demo session of ${user.email} in the sandbox; it mints tenant keys (Callaro's key creation is JWT-only). It lasts until the sandbox restarts.`,
      expiresAt: new Date(Date.now() + tokens.expires_in * 1000).toISOString(),
      secret: tokens.access_token,
    });
    await this.deps.vault.setCompanion(credential.id, 'refresh', tokens.refresh_token);
    return credential;
  }
}

function isSandboxUrl(url: string, port: number): boolean {
  try {
    const parsed = new URL(url);
    return parsed.hostname === '127.0.0.1' && parsed.port === String(port);
  } catch {
    return false;
  }
}

/** The control body registering a key of `kind` bound to `bound` (a workspace, tenant or partner). */
function bodyFor(providerId: string, kind: string, name: string, scopes: string[], bound: string | null): Record<string, unknown> {
  if (providerId === 'call2me') return { provider: 'call2me', kind, name, scopes, workspace: bound ?? 'acme' };
  if (kind === 'tenant_api_key') return { provider: 'callaro', kind, name, scopes, tenant: bound ?? 't1' };
  if (kind === 'partner_api_key') return { provider: 'callaro', kind, name, scopes, partner: bound ?? 'p1', tenants: DEMO_TENANTS[bound ?? 'p1'] ?? [] };
  return { provider: 'callaro', kind, name, scopes };
}

async function control<T>(server: RunningSandbox, route: string, body: unknown): Promise<T> {
  const response = await fetch(`${server.url}/_sandbox/${route}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`The sandbox refused ${route} (${response.status}).`);
  return (await response.json()) as T;
}
