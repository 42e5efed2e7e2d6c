import type { ProviderProfile } from '../../../shared/providers/provider-profile';

interface Props {
  providers: readonly ProviderProfile[];
  providerId: string;
  environmentId: string;
  /** Called with the new provider and its first environment, since environments belong to a provider. */
  onChange: (providerId: string, environmentId: string) => void;
}

/** Provider and environment pickers, kept consistent with each other. */
export function ProviderEnvironmentFields({ providers, providerId, environmentId, onChange }: Props) {
  const provider = providers.find((p) => p.id === providerId);
  return (
    <>
      <label>
        Provider
        <select value={providerId} onChange={(e) => onChange(e.target.value, providers.find((p) => p.id === e.target.value)?.environments[0]?.id ?? '')}>
          {providers.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Environment
        <select value={environmentId} onChange={(e) => onChange(providerId, e.target.value)}>
          {provider?.environments.map((e) => (
            <option key={e.id} value={e.id}>
              {e.label}
              {e.live ? ' (live)' : ''}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
