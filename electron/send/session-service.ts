import { z } from 'zod';
import { diagnoseExchange } from '../../shared/diagnosis/diagnose-exchange';
import { decodeJwtParts } from '../../shared/diagnosis/jwt-claims';
import { AppError, describeZodError } from '../../shared/ipc/result';
import type { Credential } from '../../shared/vault/credential';
import type { SandboxHost } from '../sandbox/sandbox-host';
import type { HistoryRepository } from '../store/history-repository';
import { fingerprint } from '../vault/fingerprint';
import type { ProviderCatalog } from '../vault/provider-catalog';
import type { VaultService } from '../vault/vault-service';
import { resolveBaseUrl } from './base-url';
import { httpExchange } from './http-exchange';
import { Redactor } from './redact';

export const LoginRequest = z
  .object({
    providerId: z.string().min(1),
    environmentId: z.string().min(1),
    name: z.string().trim().min(1).max(80),
    email: z.string().min(1),
    password: z.string().min(1),
  })
  .strict();

const TokenPair = z.object({ access_token: z.string().min(1), refresh_token: z.string().min(1), expires_in: z.number().positive() });

/**
 * JWT sessions: log in through the profile's login route, keep the access token as the credential's
 * secret and the refresh token beside it in the keychain, and refresh when the server says the token
 * expired. Login and refresh exchanges go to history as entries of their own, redacted (password and
 * tokens), so a failing refresh is visible.
 */
export class SessionService {
  constructor(
    private readonly deps: { catalog: ProviderCatalog; vault: VaultService; sandbox: SandboxHost; history: HistoryRepository; now?: () => Date },
  ) {}

  async login(raw: unknown): Promise<Credential> {
    const parsed = LoginRequest.safeParse(raw);
    if (!parsed.success) throw new AppError('INVALID_INPUT', describeZodError(parsed.error, 'Invalid login'));
    const input = parsed.data;
    const pair = await this.tokenExchange(input.providerId, input.environmentId, '/v1/auth/login', { email: input.email, password: input.password }, [input.password], null);
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
    const current = await this.deps.vault.secretOf(credential);
    const pair = await this.tokenExchange(credential.providerId, credential.environmentId, '/v1/auth/refresh', { refresh_token: refreshToken }, [refreshToken, current], credential);
    await this.deps.vault.setCompanion(credential.id, 'refresh', pair.refresh_token);
    return this.deps.vault.replaceSecret(credential.id, pair.access_token, this.expiry(pair.expires_in), 'access token refreshed');
  }

  async hasRefreshToken(credential: Credential): Promise<boolean> {
    return (await this.deps.vault.companion(credential.id, 'refresh')) !== null;
  }

  private async tokenExchange(providerId: string, environmentId: string, path: string, body: object, secrets: string[], credential: Credential | null) {
    const profile = this.deps.catalog.get(providerId);
    const environment = this.deps.catalog.environment(providerId, environmentId);
    const url = `${await resolveBaseUrl(profile, environment, this.deps.sandbox)}${path}`;
    const request = { method: 'POST', url, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
    let outcome: Awaited<ReturnType<typeof httpExchange>> | null = null;
    let error: string | null = null;
    try {
      outcome = await httpExchange(request);
    } catch (failure) {
      error = (failure as Error).message;
    }
    const pair = outcome && outcome.response.status === 200 ? TokenPair.safeParse(safeJson(outcome.response.body)) : null;
    const tokens = pair?.success ? [pair.data.access_token, pair.data.refresh_token] : [];
    const redactor = new Redactor([...secrets, ...tokens].map((value) => ({ value, label: `redacted · ${fingerprint(value)}` })), fingerprint);
    const findings = outcome ? diagnoseExchange({ profile, request, response: outcome.response, environment, path, now: this.now() }) : [];
    this.deps.history.insert({
      at: this.now().toISOString(),
      path,
      source: 'login',
      credentialId: credential?.id ?? null,
      fingerprint: credential?.fingerprint ?? null,
      providerId,
      environmentId,
      request: { method: 'POST', url, headers: request.headers, body: redactor.text(request.body) },
      response: outcome && { ...outcome.response, headers: redactor.headers(outcome.response.headers), body: redactor.text(outcome.response.body) },
      timings: outcome?.timings ?? null,
      findings,
      error,
    });
    if (!pair?.success) {
      const said = outcome ? redactor.text(outcome.response.body).slice(0, 300) : error;
      throw new AppError('CONFLICT', `${path === '/v1/auth/login' ? 'Login' : 'Refresh'} failed${outcome ? ` (${outcome.response.status})` : ''}: ${said}`);
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

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
