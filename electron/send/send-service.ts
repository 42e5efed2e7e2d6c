import type { Database } from 'better-sqlite3';
import { diagnoseExchange, type KnownCredential } from '../../shared/diagnosis/diagnose-exchange';
import type { Finding } from '../../shared/diagnosis/finding';
import { SendRequest, type SentExchange } from '../../shared/exchange/exchange';
import { AppError, describeZodError } from '../../shared/ipc/result';
import type { Credential } from '../../shared/vault/credential';
import type { SandboxHost } from '../sandbox/sandbox-host';
import type { HistoryRepository } from '../store/history-repository';
import { fingerprint } from '../vault/fingerprint';
import type { ProviderCatalog } from '../vault/provider-catalog';
import type { VaultService } from '../vault/vault-service';
import { resolveBaseUrl } from './base-url';
import { httpExchange } from './http-exchange';
import { Redactor, type KnownSecret } from './redact';
import type { SessionService } from './session-service';

export interface SendDependencies {
  db: Database;
  catalog: ProviderCatalog;
  vault: VaultService;
  sandbox: SandboxHost;
  history: HistoryRepository;
  sessions: SessionService;
  now?: () => Date;
}

interface Prepared {
  credential: Credential;
  providerId: string;
  environmentId: string;
  method: string;
  url: string;
  path: string;
  headers: Record<string, string>;
  body: string | null;
  redactor: Redactor;
  diagnose: (response?: { status: number; headers: Record<string, string>; body?: string }) => Finding[];
}

/**
 * Signs requests as a vault credential on the Node side and sends them.
 * Threat model: the secret is read from the keychain here, put in the one header its kind uses, and
 * never leaves this module unredacted: what is returned, stored in history or logged has it replaced
 * by `<name · fingerprint>`. Redirects are not followed, so it cannot ride along to another host.
 */
export class SendService {
  readonly history: HistoryRepository;
  private readonly now: () => Date;

  constructor(private readonly deps: SendDependencies) {
    this.history = deps.history;
    this.now = deps.now ?? (() => new Date());
  }

  /** The diagnosis of the request alone, before sending: nothing is sent or stored. */
  async preflight(input: unknown): Promise<{ request: SentExchange['request']; findings: Finding[] }> {
    const prepared = await this.prepare(input);
    return { request: this.redactedRequest(prepared), findings: prepared.diagnose() };
  }

  /** Sends once; a JWT session the server calls expired is refreshed once and the request sent again. */
  async send(input: unknown, retried = false): Promise<SentExchange> {
    const exchange = await this.sendOnce(input);
    const expired = exchange.findings.some((f) => f.code === 'TOKEN_EXPIRED' && f.source === 'response');
    const credential = this.deps.vault.get((input as { credential: string }).credential);
    if (retried || !expired || credential.kind !== 'jwt' || !(await this.deps.sessions.hasRefreshToken(credential))) return exchange;
    try {
      await this.deps.sessions.refresh(credential);
    } catch (error) {
      return { ...exchange, error: `The token expired and refreshing it failed: ${(error as Error).message}` };
    }
    return { ...(await this.send(input, true)), refreshedSession: true };
  }

  /**
   * For responses that carry a new secret (minting a key): `secretsIn` names them from the raw body,
   * so the returned exchange and history have them redacted too. Only the raw body returned here,
   * to Node-side callers, holds them; it never reaches the renderer.
   */
  async sendRevealing(input: unknown, secretsIn: (rawBody: string) => KnownSecret[]): Promise<{ exchange: SentExchange; rawBody: string | null }> {
    let rawBody: string | null = null;
    const exchange = await this.sendOnce(input, (body) => {
      rawBody = body;
      return secretsIn(body);
    });
    return { exchange, rawBody };
  }

  private async sendOnce(input: unknown, secretsIn?: (rawBody: string) => KnownSecret[]): Promise<SentExchange> {
    const prepared = await this.prepare(input);
    const request = this.redactedRequest(prepared);
    let outcome: Awaited<ReturnType<typeof httpExchange>> | null = null;
    let error: string | null = null;
    try {
      outcome = await httpExchange({ method: prepared.method, url: prepared.url, headers: prepared.headers, body: prepared.body });
    } catch (failure) {
      error = prepared.redactor.text((failure as Error).message);
    }
    if (outcome && secretsIn) prepared.redactor = prepared.redactor.with(secretsIn(outcome.response.body));
    const response = outcome && {
      ...outcome.response,
      headers: prepared.redactor.headers(outcome.response.headers),
      body: prepared.redactor.text(outcome.response.body),
    };
    const findings = prepared.diagnose(outcome?.response);
    const at = this.now().toISOString();
    // One commit per exchange: the history row and the credential's last use together.
    const historyId = this.deps.db.transaction(() => {
      this.deps.vault.markUsed(prepared.credential.id, at);
      return this.history.insert({
        at,
        path: prepared.path,
        source: 'send',
        credentialId: prepared.credential.id,
        fingerprint: prepared.credential.fingerprint,
        providerId: prepared.providerId,
        environmentId: prepared.environmentId,
        request,
        response,
        timings: outcome?.timings ?? null,
        findings,
        error,
      });
    })();
    return { historyId, request, response, error, timings: outcome?.timings ?? null, findings };
  }

  private async prepare(raw: unknown): Promise<Prepared> {
    const parsed = SendRequest.safeParse(raw);
    if (!parsed.success) throw new AppError('INVALID_INPUT', describeZodError(parsed.error, 'Invalid request'));
    const input = parsed.data;
    const credential = this.deps.vault.get(input.credential);
    const profile = this.deps.catalog.get(credential.providerId);
    const environmentId = input.environmentId ?? credential.environmentId;
    const environment = this.deps.catalog.environment(credential.providerId, environmentId);
    const kind = profile.credentialKinds.find((k) => k.id === credential.kind);
    if (!kind) throw new AppError('INVALID_INPUT', `${profile.name} has no credential kind "${credential.kind}".`);
    if (kind.id === 'jwt' && environmentId !== credential.environmentId) {
      throw new AppError('CONFLICT', `A JWT is never reused across environments: ${credential.name} belongs to ${credential.environmentId}.`);
    }
    const base = await resolveBaseUrl(profile, environment, this.deps.sandbox);
    const headers = { ...input.headers };
    if (input.body !== null && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
    const contentType = Object.entries(headers).find(([h]) => h.toLowerCase() === 'content-type')?.[1] ?? '';
    if (input.body !== null && contentType.includes('json')) assertJson(input.body);

    const secret = await this.deps.vault.secretOf(credential);
    // The credential's header is Keyhole's to set: drop any spelling of it the user typed.
    for (const name of Object.keys(headers)) if (name.toLowerCase() === kind.header.name.toLowerCase()) delete headers[name];
    headers[kind.header.name] = kind.header.format.replace('{secret}', secret);
    const url = `${base}${input.path}`;
    const known: KnownCredential = { kind: credential.kind, scopes: credential.scopes, environment, boundId: credential.boundId, status: credential.status };
    const redactor = new Redactor([{ value: secret, label: `${credential.name} · ${credential.fingerprint}` }], fingerprint);
    const request = { method: input.method, url, headers };
    return {
      credential,
      providerId: profile.id,
      environmentId,
      method: input.method,
      url,
      path: input.path.split('?')[0]!,
      headers,
      body: input.body,
      redactor,
      diagnose: (response) => diagnoseExchange({ profile, request, response, credential: known, environment, path: input.path, now: this.now() }),
    };
  }

  private redactedRequest(prepared: Prepared): SentExchange['request'] {
    return {
      method: prepared.method,
      url: prepared.redactor.text(prepared.url),
      headers: prepared.redactor.headers(prepared.headers),
      body: prepared.body === null ? null : prepared.redactor.text(prepared.body),
    };
  }
}

function assertJson(body: string): void {
  try {
    JSON.parse(body);
  } catch (error) {
    throw new AppError('INVALID_INPUT', `The body is not valid JSON: ${(error as Error).message}. Nothing was sent.`);
  }
}
