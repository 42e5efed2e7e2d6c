import type { Credential } from '../../../shared/vault/credential';
import type { DueRotation } from '../../../shared/rotation/rotation';
import type { EnvironmentProfile, ProviderProfile } from '../../../shared/providers/provider-profile';
import type { Loadable } from '../api/use-call';

export interface CredentialGroup {
  provider: ProviderProfile;
  environments: { env: EnvironmentProfile; items: Credential[] }[];
}

/** Provider -> environment -> credentials, with status and "rotate" chips; the empty vault offers Try it. */
export function CredentialTree({
  credentials,
  grouped,
  query,
  selectedId,
  due,
  onSelect,
  onTryIt,
}: {
  credentials: Loadable<Credential[]>;
  grouped: CredentialGroup[];
  query: string;
  selectedId: string | null;
  due: Map<string, DueRotation>;
  onSelect: (id: string) => void;
  onTryIt: () => void;
}) {
  return (
    <nav className="tree" aria-label="Credentials">
      {credentials.state === 'error' && (
        <p role="alert" className="error">
          {credentials.message}
        </p>
      )}
      {credentials.state === 'ready' && credentials.value.length === 0 && (
        <div className="empty-state">
          <p className="muted">{query ? 'No credential matches.' : 'No credentials yet. Press n to add one.'}</p>
          {!query && (
            <button type="button" onClick={onTryIt}>
              Try it: add sandbox demo keys
            </button>
          )}
        </div>
      )}
      {grouped.map(({ provider, environments }) => (
        <section key={provider.id} aria-labelledby={`tree-${provider.id}`}>
          <h2 id={`tree-${provider.id}`} className="tree-provider">
            {provider.name}
          </h2>
          {environments.map(({ env, items }) => (
            <div key={env.id}>
              <h3 className="tree-env">
                {env.label}
                {env.live && <span className="chip risky">live</span>}
              </h3>
              <ul>
                {items.map((c) => (
                  <li key={c.id}>
                    <button type="button" className="tree-item" aria-current={c.id === selectedId ? 'true' : undefined} onClick={() => onSelect(c.id)}>
                      <span>{c.name}</span>
                      <code className="muted">{c.fingerprint}</code>
                      {c.status !== 'active' && <span className={`status ${c.status}`}>{c.status.replace('_', ' ')}</span>}
                      {due.has(c.id) && (
                        <span
                          className="chip risky"
                          title={`${due.get(c.id)!.ageDays} days old; this environment rotates every ${due.get(c.id)!.maxAgeDays} days`}
                        >
                          rotate
                        </span>
                      )}
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </section>
      ))}
    </nav>
  );
}
