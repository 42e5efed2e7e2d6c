import type { Transact } from '../store/transact';
import { builtinProviders, isBuiltinProvider } from '../../shared/providers/builtin-providers';
import { EnvironmentProfile, ProviderProfile } from '../../shared/providers/provider-profile';
import { AppError, describeZodError } from '../../shared/errors/app-error';
import type { AuditRepository } from '../store/audit-repository';
import type { ProviderRepository } from '../store/provider-repository';

/** An OpenAPI document announces itself in its first key, JSON or YAML. */
function looksLikeOpenApi(text: string): boolean {
  return /^\s*(?:\{\s*"openapi"\s*:|openapi\s*:)/.test(text) || /^\s*\{[\s\S]{0,2000}?"openapi"\s*:\s*"3\./.test(text);
}

/** Built-in and imported provider profiles, with the user's environments applied on top. */
export class ProviderCatalog {
  /** Profiles are read on every send; rebuilt only after this catalog itself changes them. */
  private cached: ProviderProfile[] | null = null;

  constructor(
    private readonly repo: ProviderRepository,
    private readonly transact: Transact,
    private readonly audit: AuditRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(): ProviderProfile[] {
    this.cached ??= this.load();
    return this.cached;
  }

  private load(): ProviderProfile[] {
    const custom = this.repo.customProfiles().flatMap((raw) => {
      const parsed = ProviderProfile.safeParse(raw);
      return parsed.success ? [parsed.data] : [];
    });
    const rows = this.repo.environments();
    return [...builtinProviders, ...custom].map((profile) => {
      const environments = profile.environments.map(({ added: _ignored, ...env }) => {
        const row = rows.find((r) => r.providerId === profile.id && r.id === env.id);
        return row ? { ...env, baseUrl: row.baseUrl } : env;
      });
      const added = rows
        .filter((r) => r.providerId === profile.id && !profile.environments.some((e) => e.id === r.id))
        .map(({ id, label, baseUrl, live }) => ({ id, label, baseUrl, live, added: true }));
      return { ...profile, environments: [...environments, ...added] };
    });
  }

  get(providerId: string): ProviderProfile {
    const profile = this.list().find((p) => p.id === providerId);
    if (!profile) {
      throw new AppError(
        'NOT_FOUND',
        `Unknown provider "${providerId}". Known: ${this.list()
          .map((p) => p.id)
          .join(', ')}.`,
      );
    }
    return profile;
  }

  /**
   * Imports a profile file, or an OpenAPI 3.0/3.1 document read into one (`format`, else detected by
   * its `openapi` field). On any error nothing is stored and the message names what and where.
   */
  async importProfile(text: string, source = 'profile', options: { format?: 'profile' | 'openapi'; id?: string } = {}): Promise<ProviderProfile> {
    const format = options.format ?? (looksLikeOpenApi(text) ? 'openapi' : 'profile');
    if (format === 'openapi') {
      // The OpenAPI parser and YAML load only here (about 0.1 s of start-up for every command otherwise).
      const { profileFromOpenApiText } = await import('./openapi-import');
      return this.saveProfile(await profileFromOpenApiText(text, source, { id: options.id }), source);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new AppError('INVALID_INPUT', `${source} is not valid JSON: ${(error as Error).message}`);
    }
    return this.saveProfile(options.id && raw !== null && typeof raw === 'object' ? { ...raw, id: options.id } : raw, source);
  }

  private saveProfile(raw: unknown, source: string): ProviderProfile {
    const parsed = ProviderProfile.safeParse(raw);
    if (!parsed.success) throw new AppError('INVALID_INPUT', describeZodError(parsed.error, `${source} is not a valid provider profile`));
    if (isBuiltinProvider(parsed.data.id)) {
      throw new AppError('CONFLICT', `"${parsed.data.id}" is a built-in provider; give the imported profile another id.`);
    }
    this.transact(() => {
      this.repo.saveCustomProfile(parsed.data, this.now().toISOString());
      this.audit.append({ action: 'provider-import', detail: `provider ${parsed.data.id} from ${source}` });
    });
    this.cached = null;
    return this.get(parsed.data.id);
  }

  addEnvironment(providerId: string, environment: EnvironmentProfile): ProviderProfile {
    const profile = this.get(providerId);
    const env = EnvironmentProfile.parse(environment);
    if (profile.environments.some((e) => e.id === env.id)) {
      throw new AppError('CONFLICT', `${profile.name} already has an environment "${env.id}"; use set-url to change its URL.`);
    }
    this.saveEnvironment(providerId, env, `added environment ${env.id}`);
    return this.get(providerId);
  }

  /**
   * Removes an environment the user added. The profile's own environments stay (clear the base URL
   * instead), and so does one that still holds keys: removing it would leave them nowhere to go.
   */
  removeEnvironment(providerId: string, environmentId: string, keysInIt: number): ProviderProfile {
    const profile = this.get(providerId);
    const env = this.environment(providerId, environmentId);
    if (!env.added) {
      throw new AppError('CONFLICT', `${env.label} is part of the ${profile.name} profile and cannot be removed; clear its base URL instead.`);
    }
    if (keysInIt > 0) {
      const keys = keysInIt === 1 ? '1 key is' : `${keysInIt.toLocaleString('en')} keys are`;
      throw new AppError('CONFLICT', `${keys} stored for ${profile.name} ${env.label}; delete or re-add them elsewhere before removing the environment.`);
    }
    this.transact(() => {
      this.repo.deleteEnvironment(providerId, environmentId);
      this.audit.append({ action: 'environment-change', detail: `${providerId}: removed environment ${environmentId} (${env.baseUrl ?? 'no base URL'})` });
    });
    this.cached = null;
    return this.get(providerId);
  }

  setEnvironmentUrl(providerId: string, environmentId: string, baseUrl: string | null): ProviderProfile {
    const env = this.environment(providerId, environmentId);
    const next = EnvironmentProfile.safeParse({ ...env, baseUrl });
    if (!next.success) throw new AppError('INVALID_INPUT', describeZodError(next.error, 'Invalid environment'));
    this.saveEnvironment(providerId, next.data, `${environmentId} base URL changed from ${env.baseUrl ?? '(none)'} to ${baseUrl ?? '(none)'}`);
    return this.get(providerId);
  }

  environment(providerId: string, environmentId: string): EnvironmentProfile {
    const profile = this.get(providerId);
    const env = profile.environments.find((e) => e.id === environmentId);
    if (!env) {
      throw new AppError('NOT_FOUND', `${profile.name} has no environment "${environmentId}". Known: ${profile.environments.map((e) => e.id).join(', ')}.`);
    }
    return env;
  }

  private saveEnvironment(providerId: string, env: EnvironmentProfile, detail: string): void {
    this.transact(() => {
      this.repo.saveEnvironment({ providerId, ...env });
      this.audit.append({ action: 'environment-change', detail: `${providerId}: ${detail}` });
    });
    this.cached = null;
  }
}
