import { leastPowerfulFirst } from '../../shared/vault/credential-power';
import type { KnownCredential } from '../../shared/diagnosis/diagnose-exchange';
import type { Finding } from '../../shared/diagnosis/finding';
import type { EnvironmentProfile, ProviderProfile } from '../../shared/providers/provider-profile';
import type { KnownSecret } from '../../shared/redaction/redactor';
import type { SendRequestInput as SendRequest, SentExchange } from '../../shared/exchange/exchange';
import { matchRoute, scopeSatisfied } from '../../shared/providers/route-match';
import { AppError } from '../../shared/errors/app-error';
import { jsonSyntaxError } from '../../shared/security/json-syntax';
import type { Credential } from '../../shared/vault/credential';
import type { HistoryRecord } from '../store/history-repository';
import type { ExchangePipeline } from '../redaction/exchange-pipeline';
import type { OriginGuard } from './origin-guard';
import type { ProviderCatalog } from '../vault/provider-catalog';
import type { VaultService } from '../vault/vault-service';
import type { BaseUrlResolver } from './base-url';
import { httpExchange } from './http-exchange';
import type { SessionService } from './session-service';

export interface SendDependencies {
  catalog: ProviderCatalog;
  vault: VaultService;
  baseUrl: BaseUrlResolver;
  /**
   * Writes Send's row and the credential's last use in one transaction, on the app's own connection,
   * before the answer returns (a click cannot see the fraction of a millisecond it takes).
   */
  record: (record: HistoryRecord, used: { credentialId: string; at: string }) => number;
  sessions: SessionService;
  pipeline: ExchangePipeline;
  guard: OriginGuard;
  now?: () => Date;
}

export interface SendOptions {
  /** Keyhole's own request (key management), marked as such in history. */
  byKeyhole?: boolean;
}

interface Prepared {
  credential: Credential;
  providerId: string;
  environmentId: string;
  method: string;
  url: string;
  path: string;
  pathWithQuery: string;
  headers: Record<string, string>;
  body: string | null;
  profile: ProviderProfile;
  environment: EnvironmentProfile;
  known: KnownCredential;
  secret: KnownSecret;
}

/**
 * Signs requests as a vault credential on the Node side and sends them.
 * Threat model: the secret is read from the keychain here, put in the one header its kind uses, and
 * never leaves this module unredacted: what is returned, stored in history or logged has it replaced
 * by `<name · fingerprint>`. Redirects are not followed, so it cannot ride along to another host.
 */
export class SendService {
  private readonly now: () => Date;

  constructor(private readonly deps: SendDependencies) {
    this.now = deps.now ?? (() => new Date());
  }

  /** The diagnosis of the request alone, before sending: nothing is sent or stored. */
  async preflight(input: SendRequest): Promise<{ request: SentExchange['request']; findings: Finding[] }> {
    const { request, findings } = this.process(await this.prepare(input), null, null, []);
    return { request, findings };
  }

  /** Sends once; a JWT session the server calls expired is refreshed once and the request sent again. */
  async send(input: SendRequest, options: SendOptions = {}, retried = false): Promise<SentExchange> {
    const exchange = await this.sendOnce(input, options);
    const expired = exchange.findings.some((f) => f.code === 'TOKEN_EXPIRED' && f.source === 'response');
    if (retried || !expired) return exchange;
    const credential = this.deps.vault.get(input.credential);
    if (credential.kind !== 'jwt' || !(await this.deps.sessions.hasRefreshToken(credential))) return exchange;
    try {
      await this.deps.sessions.refresh(credential);
    } catch (error) {
      return { ...exchange, error: `The token expired and refreshing it failed: ${(error as Error).message}` };
    }
    return { ...(await this.send(input, options, true)), refreshedSession: true };
  }

  /**
   * For responses that carry a new secret (minting a key): `secretsIn` names them from the raw body,
   * so the returned exchange and history have them redacted too. Only the raw body returned here,
   * to Node-side callers, holds them; it never reaches the renderer.
   */
  async sendRevealing(
    input: SendRequest,
    secretsIn: (rawBody: string) => KnownSecret[],
    options: SendOptions = {},
  ): Promise<{ exchange: SentExchange; rawBody: string | null }> {
    let rawBody: string | null = null;
    const exchange = await this.sendOnce(input, options, (body) => {
      rawBody = body;
      return secretsIn(body);
    });
    return { exchange, rawBody };
  }

  private async sendOnce(input: SendRequest, options: SendOptions, secretsIn?: (rawBody: string) => KnownSecret[]): Promise<SentExchange> {
    const prepared = await this.prepare(input, true);
    let outcome: Awaited<ReturnType<typeof httpExchange>> | null = null;
    let error: string | null = null;
    try {
      outcome = await httpExchange({ method: prepared.method, url: prepared.url, headers: prepared.headers, body: prepared.body });
    } catch (failure) {
      error = (failure as Error).message;
    }
    const minted = outcome && secretsIn ? secretsIn(outcome.response.body) : [];
    const processed = this.process(prepared, outcome?.response ?? null, error, minted);
    const { request, response, error: shownError } = processed;
    const findings = this.withAlternatives(processed.findings, prepared);
    const at = this.now().toISOString();
    const timings = outcome?.timings ?? null;
    const historyId = this.deps.record(
      {
        at,
        path: this.deps.pipeline.storedPath(prepared.path, prepared.headers, [prepared.secret, ...minted]),
        source: 'send',
        byKeyhole: options.byKeyhole ?? false,
        credentialId: prepared.credential.id,
        fingerprint: prepared.credential.fingerprint,
        providerId: prepared.providerId,
        environmentId: prepared.environmentId,
        request,
        response,
        timings,
        findings,
        error: shownError,
        cut: { request: null, response: response?.truncated ? timings!.responseBytes : null },
      },
      { credentialId: prepared.credential.id, at },
    );
    return { historyId, request, response, error: shownError, timings, findings };
  }

  /**
   * A missing scope is often held by another key in the vault: say which, instead of advising to
   * mint one (the least powerful such key first).
   */
  private withAlternatives(findings: Finding[], prepared: Prepared): Finding[] {
    return findings.map((finding) => {
      if ((finding.code !== 'SCOPE_MISSING' && finding.code !== 'SCOPE_OPT_IN_REQUIRED') || !finding.requiredScope) return finding;
      const route = matchRoute(prepared.profile, prepared.method, prepared.pathWithQuery);
      const holders = this.deps.vault
        .list({ providerId: prepared.providerId, environmentId: prepared.environmentId })
        .filter((c) => c.status === 'active' && c.id !== prepared.credential.id && (!route || route.family.kinds.includes(c.kind)))
        .filter((c) => scopeSatisfied(prepared.profile, c.scopes, finding.requiredScope!));
      const holder = leastPowerfulFirst(holders, [prepared.profile])[0];
      return holder
        ? {
            ...finding,
            alternativeCredential: holder.name,
            fix: `Send with ${holder.name}, which holds ${finding.requiredScope}; or ${finding.fix.charAt(0).toLowerCase()}${finding.fix.slice(1)}`,
          }
        : finding;
    });
  }

  /** The exchange through the one pipeline: diagnosed raw, then redacted with the signing key known. */
  private process(prepared: Prepared, response: SentExchange['response'], error: string | null, minted: KnownSecret[]) {
    return this.deps.pipeline.process(
      { method: prepared.method, url: prepared.url, headers: prepared.headers, body: prepared.body, response, error },
      {
        profile: prepared.profile,
        environment: prepared.environment,
        credential: prepared.known,
        path: prepared.pathWithQuery,
        now: this.now(),
        known: [prepared.secret, ...minted],
      },
    );
  }

  /** `sending`: the request is about to leave, so the credential must be allowed at its origin. */
  private async prepare(input: SendRequest, sending = false): Promise<Prepared> {
    const credential = this.deps.vault.get(input.credential);
    const profile = this.deps.catalog.get(credential.providerId);
    const environmentId = input.environmentId ?? credential.environmentId;
    const environment = this.deps.catalog.environment(credential.providerId, environmentId);
    const kind = profile.credentialKinds.find((k) => k.id === credential.kind);
    if (!kind) throw new AppError('INVALID_INPUT', `${profile.name} has no credential kind "${credential.kind}".`);
    if (kind.id === 'jwt' && environmentId !== credential.environmentId) {
      throw new AppError('CONFLICT', `A JWT is never reused across environments: ${credential.name} belongs to ${credential.environmentId}.`);
    }
    const base = await this.deps.baseUrl(profile, environment);
    if (sending) await this.deps.guard.check(credential, base, environment.live);
    const headers = { ...input.headers };
    const body = input.body ?? null;
    if (body !== null && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
    const contentType = Object.entries(headers).find(([h]) => h.toLowerCase() === 'content-type')?.[1] ?? '';
    if (body !== null && contentType.includes('json')) assertJson(body);

    const secret = await this.deps.vault.secretOf(credential);
    // The credential's header is Keyhole's to set: drop any spelling of it the user typed.
    for (const name of Object.keys(headers)) if (name.toLowerCase() === kind.header.name.toLowerCase()) delete headers[name];
    headers[kind.header.name] = kind.header.format.replace('{secret}', secret);
    const url = `${base}${input.path}`;
    const known: KnownCredential = { kind: credential.kind, scopes: credential.scopes, environment, boundId: credential.boundId, status: credential.status };
    return {
      credential,
      providerId: profile.id,
      environmentId,
      method: input.method,
      url,
      path: input.path.split('?')[0]!,
      pathWithQuery: input.path,
      headers,
      body,
      profile,
      environment,
      known,
      secret: { value: secret, label: `${credential.name} · ${credential.fingerprint}` },
    };
  }
}

/** The parser's message quotes the body, which may hold a secret: say where, never what. */
function assertJson(body: string): void {
  try {
    JSON.parse(body);
  } catch (error) {
    throw new AppError('INVALID_INPUT', `The body is ${jsonSyntaxError(error)}. Nothing was sent.`);
  }
}
