import type { Credential } from '../../shared/vault/credential';
import type { Logger } from '../platform/logger';
import type { VaultService } from '../vault/vault-service';
import { issueTokens } from './sandbox-auth';
import { startSandbox, type SandboxServer } from './sandbox-server';
import type { SandboxKey, SandboxProvider } from './sandbox-state';

const SANDBOX_KINDS = new Set<string>(['api_key', 'tenant_api_key', 'partner_api_key', 'runtime_server_key']);

/**
 * Demo credentials for "try it": one per kind that shows a different rule, plus one per provider that
 * may mint keys (Call2Me: an admin key; Callaro: a JWT session, since its key creation is JWT-only),
 * so a whole rotation can be walked on demo keys.
 */
const DEMO = [
  { provider: 'call2me', kind: 'api_key', name: 'demo-call2me-read', scopes: ['read'], bound: 'acme' },
  { provider: 'call2me', kind: 'api_key', name: 'demo-call2me-write', scopes: ['write'], bound: 'acme' },
  { provider: 'call2me', kind: 'api_key', name: 'demo-call2me-admin', scopes: ['admin'], bound: 'acme' },
  { provider: 'callaro', kind: 'tenant_api_key', name: 'demo-callaro-tenant', scopes: ['contacts:read', 'contacts:write'], bound: 't1' },
  { provider: 'callaro', kind: 'partner_api_key', name: 'demo-callaro-partner', scopes: ['contacts:read', 'billing:partner:read'], bound: 'p1' },
] as const;
const DEMO_SESSION = { provider: 'callaro', name: 'demo-callaro-session', email: 'admin@t1.demo', tenant: 't1' } as const;
/** The demo world's tenancy: not a secret, so it is simply re-created whenever the sandbox starts. */
const DEMO_TENANT_PARTNERS = [['t1', 'p1']] as const;
const tenantsOf = (partner: string) => DEMO_TENANT_PARTNERS.filter(([, p]) => p === partner).map(([tenant]) => tenant);

/**
 * The sandbox inside the app: started on first use, on 127.0.0.1. Its state lives in memory, so at
 * start it adopts the vault's sandbox credentials (secrets read from the keychain, never written to a
 * file) and they keep working across restarts.
 */
export class SandboxHost {
  private server: Promise<SandboxServer> | null = null;

  constructor(
    private readonly vault: VaultService,
    private readonly logger: Logger,
  ) {}

  running(): boolean {
    return this.server !== null;
  }

  async ensureStarted(): Promise<SandboxServer> {
    this.server ??= startSandbox().then(async (server) => {
      this.logger.info(`sandbox API listening on ${server.url}`);
      for (const [tenant, partner] of DEMO_TENANT_PARTNERS) server.state.tenantPartner.set(tenant, partner);
      await this.adoptVaultCredentials(server);
      return server;
    });
    return this.server;
  }

  async baseUrl(provider: string): Promise<string> {
    const server = await this.ensureStarted();
    const url = server.baseUrls[provider as SandboxProvider];
    if (!url) throw new Error(`The sandbox has no ${provider} API.`);
    return url;
  }

  /** Mints the demo keys in the sandbox and stores them in the vault's sandbox environment. */
  async seedDemo(): Promise<Credential[]> {
    const server = await this.ensureStarted();
    const taken = new Set(this.vault.list({ environmentId: 'sandbox' }).map((c) => c.name));
    const fresh = DEMO.filter((d) => !taken.has(d.name));
    const minted = fresh.map((d) => {
      const key = server.state.mintKey({
        provider: d.provider,
        kind: d.kind,
        name: d.name,
        scopes: [...d.scopes],
        workspace: d.provider === 'call2me' ? d.bound : null,
        tenant: d.kind === 'tenant_api_key' ? d.bound : null,
        partner: d.kind === 'partner_api_key' ? d.bound : null,
      });
      return { d, key };
    });
    const saved = await this.vault.addMany(
      minted.map(({ d, key }) => ({
        name: d.name,
        providerId: d.provider,
        environmentId: 'sandbox',
        kind: d.kind,
        scopes: [...d.scopes],
        boundId: d.bound,
        // A partner acts for its tenants (X-Tenant-Id): say which, so a demo request can name one.
        notes:
          d.kind === 'partner_api_key'
            ? `Demo partner key minted by Keyhole’s sandbox. Partner ${d.bound} acts for tenants ${tenantsOf(d.bound).join(', ')}: send X-Tenant-Id with one of them.`
            : 'Demo key minted by Keyhole’s sandbox.',
        secret: key.secret,
      })),
      'the sandbox demo',
    );
    const session = taken.has(DEMO_SESSION.name) ? [] : [await this.seedSession(server)];
    return [...saved.map((s) => s.credential), ...session];
  }

  /** A Callaro user of tenant t1, logged in: the JWT is the credential, its refresh token beside it. */
  private async seedSession(server: SandboxServer): Promise<Credential> {
    const user = server.state.addUser({ provider: DEMO_SESSION.provider, email: DEMO_SESSION.email, scopes: [], workspace: null, tenant: DEMO_SESSION.tenant });
    const tokens = await issueTokens(server.state, user);
    const { credential } = await this.vault.add({
      name: DEMO_SESSION.name,
      providerId: DEMO_SESSION.provider,
      environmentId: 'sandbox',
      kind: 'jwt',
      boundId: DEMO_SESSION.tenant,
      notes: `Demo session of ${DEMO_SESSION.email} in Keyhole's sandbox; it mints tenant keys (Callaro's key creation is JWT-only). It lasts until the sandbox restarts.`,
      expiresAt: new Date(server.state.now().getTime() + tokens.expires_in * 1000).toISOString(),
      secret: tokens.access_token,
    });
    await this.vault.setCompanion(credential.id, 'refresh', tokens.refresh_token);
    return credential;
  }

  async close(): Promise<void> {
    if (this.server) await (await this.server).close();
    this.server = null;
  }

  private async adoptVaultCredentials(server: SandboxServer): Promise<void> {
    let adopted = 0;
    for (const credential of this.vault.list({ environmentId: 'sandbox' })) {
      if (credential.status !== 'active' || !SANDBOX_KINDS.has(credential.kind)) continue;
      if (credential.providerId !== 'call2me' && credential.providerId !== 'callaro') continue;
      const secret = await this.vault.secretOf(credential).catch(() => null);
      if (!secret) continue;
      server.state.adoptKey({
        provider: credential.providerId,
        kind: credential.kind as SandboxKey['kind'],
        name: credential.name,
        secret,
        scopes: credential.scopes,
        workspace: credential.providerId === 'call2me' ? credential.boundId : null,
        tenant: credential.kind === 'tenant_api_key' ? credential.boundId : null,
        partner: credential.kind === 'partner_api_key' ? credential.boundId : null,
      });
      adopted++;
    }
    if (adopted > 0) this.logger.info(`sandbox adopted ${adopted} sandbox credentials from the vault`);
  }
}
