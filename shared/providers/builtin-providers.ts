import { call2meProfile } from './call2me-profile';
import { callaroProfile } from './callaro-profile';
import { ProviderProfile } from './provider-profile';

/** Parsed at load, so a mistake in a built-in profile fails every test at once. */
export const builtinProviders: readonly ProviderProfile[] = [callaroProfile, call2meProfile].map((p) => ProviderProfile.parse(p));

export function isBuiltinProvider(id: string): boolean {
  return builtinProviders.some((p) => p.id === id);
}
