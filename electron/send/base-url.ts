import { AppError } from '../../shared/errors/app-error';
import type { EnvironmentProfile, ProviderProfile } from '../../shared/providers/provider-profile';

/** Where an environment's requests go. Injected into send and proxy. */
export type BaseUrlResolver = (profile: ProviderProfile, environment: EnvironmentProfile) => Promise<string>;

/** An environment's base URL, without a trailing slash; one without a URL says how to set it. */
export const environmentBaseUrl: BaseUrlResolver = async (profile, environment) => {
  if (!environment.baseUrl) {
    throw new AppError(
      'CONFLICT',
      `${profile.name} ${environment.label} has no base URL; set one with \`keyhole env set-url --provider ${profile.id} --env ${environment.id} URL\`.`,
    );
  }
  return environment.baseUrl.replace(/\/+$/, '');
};
