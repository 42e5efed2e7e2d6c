import type { ProviderProfile } from '../../../shared/providers/provider-profile';

export function findProvider(providers: readonly ProviderProfile[], id: string) {
  return providers.find((p) => p.id === id);
}

export function labelOf(providers: readonly ProviderProfile[], providerId: string, environmentId?: string, kindId?: string) {
  const provider = findProvider(providers, providerId);
  return {
    provider: provider?.name ?? providerId,
    environment: provider?.environments.find((e) => e.id === environmentId)?.label ?? environmentId ?? '',
    kind: provider?.credentialKinds.find((k) => k.id === kindId)?.label ?? kindId ?? '',
  };
}

export const BOUND_LABEL = { tenant: 'Tenant id', partner: 'Partner id', workspace: 'Workspace id', none: '' } as const;
