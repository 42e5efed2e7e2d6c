import { z } from 'zod';
import type { LoginRequest } from '../../shared/vault/login';
import { decodeJwtParts } from '../../shared/diagnosis/jwt-claims';
import { AppError } from '../../shared/errors/app-error';
import type { Credential } from '../../shared/vault/credential';
import type { HistoryRepository } from '../store/history-repository';
import type { ExchangePipeline } from '../redaction/exchange-pipeline';
import type { OriginGuard } from './origin-guard';
import type { ProviderCatalog } from '../vault/provider-catalog';
import type { VaultService } from '../vault/vault-service';
import type { BaseUrlResolver } from './base-url';
import { httpExchange } from './http-exchange';

const TokenPair = z.object({ access_token: z.string().min(1), refresh_token: z.string().min(1), expires_in: z.number().positive() });

/**
 * JWT sessions: log in through the profile's login route, keep the access token as the credential's
 * secret and the refresh token beside it in the keychain, and refresh when the server says the token
 * expired. Login and refresh exchanges go to history as entries of their own, redacted (password and
 * tokens), so a failing refresh is visible.
 */
export class SessionService {
  constructor(
    private readonly deps: {
      catalog: ProviderCatalog;
      vault: VaultService;
      baseUrl: BaseUrlResolver;
      history: HistoryRepository;
      pipeline: ExchangePipeline;
      /** A refresh token goes only where its session is allowed to go. */
      guard: OriginGuard;
      now?: () => Date;
    },
  ) {}

  async login(input: LoginRequest): Promise<Credential> {
    const pair = await this.tokenExchange(input.providerId, input.environmentId, 'path', { email: input.email, password: input.password }, 'password', null);
    const claims = decodeJwtParts(pair.access_token)?.payload ?? {};
    const boundId = typeof claims.workspace === 'string' ? claims.workspace : typeof claims.tenant === 'string' ? claims.tenant : null;
    const { credential } = await this.deps.vault.add({
      name: input.name,
      providerId: input.providerId,
      environmentId: input.environmentId,
      kind: 'jwt',
      boundId,
      notes: `Session for ${input.email}.`,
      expiresAt: this.expiry(pair.expires_in),
      secret: pair.access_token,
    });
    await this.deps.vault.setCompanion(credential.id, 'refresh', pair.refresh_token);
    return credential;
  }

  /** Exchanges the stored refresh token for a new pair (refresh tokens rotate: the old one is spent). */
  async refresh(credential: Credential): Promise<Credential> {
    const refreshToken = await this.deps.vault.companion(credential.id, 'refresh');
    if (!refreshToken) throw new AppError('NOT_FOUND', `${credential.name} has no refresh token; log in again.`);
    const pair = await this.tokenExchange(
      credential.providerId,
      credential.environmentId,
      'refreshPath',
      { refresh_token: refreshToken },
      'refresh_token',
      credential,
    );
    await this.deps.vault.setCompanion(credential.id, 'refresh', pair.refresh_token);
    return this.deps.vault.replaceSecret(credential.id, pair.access_token, this.expiry(pair.expires_in), 'access token refreshed');
  }

  async hasRefreshToken(credential: Credential): Promise<boolean> {
    return (await this.deps.vault.companion(credential.id, 'refresh')) !== null;
  }

  /**
   * One login or refresh. The body's secret field is known before anything is sent, so the stored
   * request is built with a placeholder in its place (never redacted afterwards), and the secret is
   * named to the pipeline, whatever its length or characters, for any echo in the answer.
   */
  private async tokenExchange<K extends string>(
    providerId: string,
    environmentId: string,
    route: 'path' | 'refreshPath',
    body: Record<K, string> & Record<string, string>,
    secretField: K,
    credential: Credential | null,
  ) {
    const profile = this.deps.catalog.get(providerId);
    if (!profile.login) throw new AppError('INVALID_INPUT', `${profile.name}'s profile has no login route; add a JWT by pasting it instead.`);
    const path = profile.login[route];
    const environment = this.deps.catalog.environment(providerId, environmentId);
    const base = await this.deps.baseUrl(profile, environment);
    if (credential) await this.deps.guard.check(credential, base, environment.live);
    const url = `${base}${path}`;
    const headers = { 'Content-Type': 'application/json' };
    const secret = this.deps.pipeline.label(secretField === 'password' ? 'password' : 'refresh token', body[secretField]);
    const request = { method: 'POST', url, headers, body: JSON.stringify(body) };
    let outcome: Awaited<ReturnType<typeof httpExchange>> | null = null;
    let error: string | null = null;
    try {
      outcome = await httpExchange(request);
    } catch (failure) {
      error = (failure as Error).message;
    }
    const pair = outcome && outcome.response.status === 200 ? TokenPair.safeParse(safeJson(outcome.response.body)) : null;
    const tokens = pair?.success ? [pair.data.access_token, pair.data.refresh_token].map((token) => this.deps.pipeline.label('redacted', token)) : [];
    const stored = { ...request, body: JSON.stringify({ ...body, [secretField]: `<${secret.label}>` }) };
    const record = this.deps.pipeline.record(
      { ...stored, response: outcome?.response ?? null, error },
      { profile, environment, path, now: this.now(), known: [secret, ...tokens] },
      {
        at: this.now().toISOString(),
        path,
        source: 'login',
        credentialId: credential?.id ?? null,
        fingerprint: credential?.fingerprint ?? null,
        providerId,
        environmentId,
        timings: outcome?.timings ?? null,
      },
    );
    this.deps.history.insert(record);
    if (!pair?.success) {
      throw new AppError(
        'CONFLICT',
        `${route === 'path' ? 'Login' : 'Refresh'} failed${outcome ? ` (${outcome.response.status})` : ''}: ${failureReason(record)}`,
      );
    }
    return pair.data;
  }

  private expiry(expiresIn: number): string {
    return new Date(this.now().getTime() + expiresIn * 1000).toISOString();
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}

/** What the server said, in words: its message field when it has one, else the redacted body's start. */
function failureReason(record: { response: { body: string } | null; error: string | null }): string {
  if (!record.response) return record.error ?? 'no answer';
  const body = safeJson(record.response.body) as Record<string, unknown> | null;
  const nested = body && typeof body.error === 'object' && body.error !== null ? (body.error as Record<string, unknown>) : null;
  const message = [nested?.message, body?.message, body?.detail, typeof body?.error === 'string' ? body.error : undefined].find((m) => typeof m === 'string');
  return typeof message === 'string' ? message.slice(0, 300) : record.response.body.slice(0, 300) || 'an empty answer';
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
