import { useState } from 'react';
import type { ProviderProfile } from '../../../shared/providers/provider-profile';
import { useApi } from '../api/api-context';
import { useLoad } from '../api/use-call';
import { ErrorText } from '../app/ErrorText';

/**
 * Each provider's environments: set or clear a base URL (checked by the contract: http or https), add
 * an environment, and remove one you added (a second click that names it; refused while it holds
 * keys). A key's first send to a new origin still asks for confirmation.
 */
export function EnvironmentSettings() {
  const api = useApi();
  const [providers, reload] = useLoad(() => api.providers.list(), [api]);
  const [notice, setNotice] = useState<string | null>(null);
  const [sandbox] = useLoad(() => api.sandbox.status(), [api]);
  if (providers.state !== 'ready') return <ErrorText message={providers.state === 'error' ? providers.message : null} />;
  const running = sandbox.state === 'ready' && sandbox.value.running ? sandbox.value.baseUrls : null;
  return (
    <section aria-labelledby="environments-heading">
      <h2 id="environments-heading">Environments</h2>
      <p className="muted">Where each provider's requests go. “Try it” in the Vault points the sandbox environments at a local sandbox.</p>
      {running && (
        <p data-testid="sandbox-urls">
          The local sandbox is running:{' '}
          {Object.entries(running).map(([providerId, url], i) => (
            <span key={providerId}>
              {i > 0 && ', '}
              {providers.value.find((p) => p.id === providerId)?.name ?? providerId} at <code>{url}</code>
            </span>
          ))}
          .
        </p>
      )}
      <div aria-live="polite">{notice && <p className="notice">{notice}</p>}</div>
      {providers.value.map((provider) => (
        <ProviderEnvironments
          key={provider.id}
          provider={provider}
          onSaved={(message) => {
            setNotice(message);
            reload();
          }}
        />
      ))}
    </section>
  );
}

function ProviderEnvironments({ provider, onSaved }: { provider: ProviderProfile; onSaved: (notice: string) => void }) {
  const api = useApi();
  const [urls, setUrls] = useState<Record<string, string>>(() => Object.fromEntries(provider.environments.map((e) => [e.id, e.baseUrl ?? ''])));
  const [added, setAdded] = useState({ id: '', baseUrl: '', live: false });
  const [error, setError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const remove = async (environmentId: string, label: string) => {
    const result = await api.environments.remove({ providerId: provider.id, environmentId });
    setRemoving(null);
    setError(result.ok ? null : `${provider.name} ${label}: ${result.error.message}`);
    if (result.ok) onSaved(`Removed ${provider.name} ${label}.`);
  };
  const saveUrl = async (environmentId: string, label: string) => {
    const baseUrl = (urls[environmentId] ?? '').trim();
    const result = await api.environments.setUrl({ providerId: provider.id, environmentId, baseUrl: baseUrl === '' ? null : baseUrl });
    setError(result.ok ? null : `${provider.name} ${label}: ${result.error.message}`);
    if (result.ok) onSaved(baseUrl ? `${provider.name} ${label} now points at ${baseUrl}.` : `${provider.name} ${label} has no base URL now.`);
  };
  const add = async () => {
    const result = await api.environments.add({
      providerId: provider.id,
      environment: { id: added.id.trim(), label: added.id.trim(), baseUrl: added.baseUrl.trim() || null, live: added.live },
    });
    setError(result.ok ? null : `New ${provider.name} environment: ${result.error.message}`);
    if (result.ok) {
      setUrls((current) => ({ ...current, [added.id.trim()]: added.baseUrl.trim() }));
      setAdded({ id: '', baseUrl: '', live: false });
      onSaved(`Added ${provider.name} ${added.id.trim()}.`);
    }
  };
  return (
    <div className="settings-block">
      <h3>{provider.name}</h3>
      <ErrorText message={error} />
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">Environment</th>
            <th scope="col">Base URL</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {provider.environments.map((env) => (
            <tr key={env.id}>
              <td>
                {env.label} {env.live && <span className="chip risky">live</span>}
              </td>
              <td>
                <input
                  aria-label={`${provider.name} ${env.label} base URL`}
                  value={urls[env.id] ?? ''}
                  placeholder="https://…"
                  onChange={(e) => setUrls((current) => ({ ...current, [env.id]: e.target.value }))}
                  spellCheck={false}
                />
              </td>
              <td>
                <div className="row-actions">
                  <button type="button" onClick={() => void saveUrl(env.id, env.label)} disabled={(urls[env.id] ?? '') === (env.baseUrl ?? '')}>
                    Save
                  </button>
                  {env.added &&
                    (removing === env.id ? (
                      <>
                        <button type="button" className="danger" onClick={() => void remove(env.id, env.label)}>
                          Remove {provider.name} {env.label}
                        </button>
                        <button type="button" onClick={() => setRemoving(null)}>
                          Cancel
                        </button>
                      </>
                    ) : (
                      <button type="button" onClick={() => setRemoving(env.id)} aria-label={`Remove ${provider.name} ${env.label}…`}>
                        Remove…
                      </button>
                    ))}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <label>
          New environment
          <input value={added.id} onChange={(e) => setAdded({ ...added, id: e.target.value })} placeholder="eu-staging" />
        </label>
        <label>
          Base URL
          <input value={added.baseUrl} onChange={(e) => setAdded({ ...added, baseUrl: e.target.value })} placeholder="https://…" spellCheck={false} />
        </label>
        <label className="check">
          <input type="checkbox" checked={added.live} onChange={(e) => setAdded({ ...added, live: e.target.checked })} /> Live
        </label>
        <button type="submit" disabled={!added.id.trim()}>
          Add to {provider.name}
        </button>
      </form>
    </div>
  );
}
