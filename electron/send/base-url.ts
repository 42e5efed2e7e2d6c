import { AppError } from '../../shared/errors/app-error';
import type { EnvironmentProfile, ProviderProfile } from '../../shared/providers/provider-profile';

/** Where an environment's requests go. Injected into send and proxy so neither depends on the sandbox. */
export type BaseUrlResolver = (profile: ProviderProfile, environment: EnvironmentProfile) => Promise<string>;

/** An environment's base URL; the sandbox environment without one uses `sandboxUrl` (Keyhole's own sandbox API). */
export function baseUrlResolver(sandboxUrl: (providerId: string) => Promise<string>): BaseUrlResolver {
  return async (profile, environment) => {
    const base = environment.baseUrl ?? (environment.id === 'sandbox' ? await sandboxUrl(profile.id) : null);
    if (!base) {
      throw new AppError(
        'CONFLICT',
        `${profile.name} ${environment.label} has no base URL; set one with \`keyhole env set-url --provider ${profile.id} --env ${environment.id} URL\`.`,
      );
    }
    return base.replace(/\/+$/, '');
  };
}
