import { AppError } from '../../shared/ipc/result';
import type { EnvironmentProfile, ProviderProfile } from '../../shared/providers/provider-profile';
import type { SandboxHost } from '../sandbox/sandbox-host';

/** An environment's base URL; the sandbox environment without one uses Keyhole's own sandbox API. */
export async function resolveBaseUrl(profile: ProviderProfile, environment: EnvironmentProfile, sandbox: SandboxHost): Promise<string> {
  const base = environment.baseUrl ?? (environment.id === 'sandbox' ? await sandbox.baseUrl(profile.id) : null);
  if (!base) {
    throw new AppError(
      'CONFLICT',
      `${profile.name} ${environment.label} has no base URL; set one with \`keyhole env set-url --provider ${profile.id} --env ${environment.id} URL\`.`,
    );
  }
  return base.replace(/\/+$/, '');
}
