import { useEffect, useMemo, useRef, useState } from 'react';
import type { Credential } from '../../../shared/vault/credential';
import type { CredentialWarning } from '../../../shared/vault/credential-warnings';
import { useApi } from '../api/api-context';
import { useLoad } from '../api/use-call';
import { AddCredentialDialog } from './AddCredentialDialog';
import { CredentialDetails } from './CredentialDetails';
import { Dialog } from './Dialog';
import { EditCredentialDialog } from './EditCredentialDialog';
import { ImportEnvDialog } from './ImportEnvDialog';
import { LoginDialog } from './LoginDialog';
import { OrphanNotice } from './OrphanNotice';
import { ErrorText } from '../app/ErrorText';

type Modal = { kind: 'add' } | { kind: 'import' } | { kind: 'login' } | { kind: 'edit' } | { kind: 'delete' } | null;

/** Provider -> environment -> credentials, a details pane, and add/edit/delete. Keys: n add, / search. */
export function VaultScreen() {
  const api = useApi();
  const [query, setQuery] = useState('');
  const [providers] = useLoad(() => api.providers.list(), [api]);
  const [credentials, reload] = useLoad(() => api.vault.list({ query: query || undefined }), [api, query]);
  const [rotations] = useLoad(() => api.rotation.list({}), [api]);
  const due = new Map(rotations.state === 'ready' ? rotations.value.due.map((d) => [d.credentialId, d]) : []);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [modal, setModal] = useState<Modal>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const search = useRef<HTMLInputElement>(null);

  const [shown] = useLoad<{ credential: Credential; warnings: CredentialWarning[] } | null>(
    () => (selectedId ? api.vault.show({ id: selectedId }) : Promise.resolve({ ok: true, value: null })),
    [api, selectedId, credentials],
  );
  const details = shown.state === 'ready' ? shown.value : null;

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (modal || event.ctrlKey || event.metaKey || event.altKey || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return;
      if (event.key === 'n') {
        event.preventDefault();
        setModal({ kind: 'add' });
      } else if (event.key === '/') {
        event.preventDefault();
        search.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [modal]);

  const grouped = useMemo(() => {
    if (credentials.state !== 'ready' || providers.state !== 'ready') return [];
    return providers.value
      .map((provider) => ({
        provider,
        environments: provider.environments
          .map((env) => ({ env, items: credentials.value.filter((c) => c.providerId === provider.id && c.environmentId === env.id) }))
          .filter((group) => group.items.length > 0),
      }))
      .filter((group) => group.environments.length > 0);
  }, [credentials, providers]);

  const act = async (run: () => Promise<{ ok: boolean; error?: { message: string } }>, success: string) => {
    const result = await run();
    setError(result.ok ? null : (result.error?.message ?? 'failed'));
    if (result.ok) setNotice(success);
    return result.ok;
  };

  if (providers.state === 'error') return <p role="alert" className="error">{providers.message}</p>;
  if (providers.state !== 'ready') return <p className="muted">Loading…</p>;

  return (
    <div className="vault">
      <OrphanNotice />
      <div className="toolbar">
        <label className="search">
          <span className="visually-hidden">Search credentials</span>
          <input ref={search} type="search" placeholder="Search name, fingerprint, kind (/)" value={query} onChange={(e) => setQuery(e.target.value)} />
        </label>
        <button type="button" onClick={() => setModal({ kind: 'import' })}>
          Import .env
        </button>
        <button type="button" onClick={() => setModal({ kind: 'login' })}>
          Log in…
        </button>
        <button type="button" className="primary" onClick={() => setModal({ kind: 'add' })}>
          Add credential <kbd>n</kbd>
        </button>
      </div>
      <div aria-live="polite" className="notice-line">
        {notice && <p className="notice">{notice}</p>}
      </div>
      <ErrorText message={error} />
      <div className="vault-panes">
        <nav className="tree" aria-label="Credentials">
          {credentials.state === 'error' && <p role="alert" className="error">{credentials.message}</p>}
          {credentials.state === 'ready' && credentials.value.length === 0 && (
            <div className="empty-state">
              <p className="muted">{query ? 'No credential matches.' : 'No credentials yet. Press n to add one.'}</p>
              {!query && (
                <button
                  type="button"
                  onClick={() =>
                    void act(async () => {
                      const r = await api.sandbox.seedDemo();
                      if (r.ok) reload();
                      return r;
                    }, 'Added demo keys for Keyhole’s sandbox API: try them without an account.')
                  }
                >
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
                        <button
                          type="button"
                          className="tree-item"
                          aria-current={c.id === selectedId ? 'true' : undefined}
                          onClick={() => setSelectedId(c.id)}
                        >
                          <span>{c.name}</span>
                          <code className="muted">{c.fingerprint}</code>
                          {c.status !== 'active' && <span className={`status ${c.status}`}>{c.status.replace('_', ' ')}</span>}
                          {due.has(c.id) && (
                            <span className="chip risky" title={`${due.get(c.id)!.ageDays} days old; this environment rotates every ${due.get(c.id)!.maxAgeDays} days`}>
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
        <div className="details-pane">
          {details ? (
            <CredentialDetails
              credential={details.credential}
              providers={providers.value}
              warnings={details.warnings}
              onCopy={() =>
                void act(async () => {
                  const r = await api.vault.copy({ id: details.credential.id });
                  return r;
                }, `Copied ${details.credential.name}; the clipboard is cleared in 30 s.`)
              }
              onEdit={() => setModal({ kind: 'edit' })}
              onDelete={() => setModal({ kind: 'delete' })}
            />
          ) : (
            <p className="muted">Select a credential to see its details.</p>
          )}
        </div>
      </div>

      {modal?.kind === 'add' && (
        <AddCredentialDialog
          providers={providers.value}
          onClose={() => setModal(null)}
          onAdded={(credential) => {
            setModal(null);
            setNotice(`Added ${credential.name} (${credential.fingerprint}).`);
            setSelectedId(credential.id);
            reload();
          }}
        />
      )}
      {modal?.kind === 'import' && (
        <ImportEnvDialog
          providers={providers.value}
          onClose={() => setModal(null)}
          onImported={(count) => {
            setModal(null);
            setNotice(`Imported ${count} credentials.`);
            reload();
          }}
        />
      )}
      {modal?.kind === 'login' && (
        <LoginDialog
          providers={providers.value}
          onClose={() => setModal(null)}
          onLoggedIn={(credential) => {
            setModal(null);
            setNotice(`Logged in: ${credential.name} expires ${credential.expiresAt ? new Date(credential.expiresAt).toLocaleTimeString() : 'never'}.`);
            setSelectedId(credential.id);
            reload();
          }}
        />
      )}
      {modal?.kind === 'edit' && details && (
        <EditCredentialDialog
          credential={details.credential}
          provider={providers.value.find((p) => p.id === details.credential.providerId)}
          onClose={() => setModal(null)}
          onSaved={(credential) => {
            setModal(null);
            setNotice(`Saved ${credential.name}.`);
            reload();
          }}
        />
      )}
      {modal?.kind === 'delete' && details && (
        <Dialog title={`Delete ${details.credential.name}?`} onClose={() => setModal(null)}>
          <p>
            This removes the secret from the keychain and the credential from Keyhole. It does not revoke the key at{' '}
            {details.credential.providerId}; use a rotation for that.
          </p>
          <div className="actions">
            <button type="button" onClick={() => setModal(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="danger"
              onClick={() =>
                void act(() => api.vault.remove({ id: details.credential.id }), `Deleted ${details.credential.name}.`).then((ok) => {
                  setModal(null);
                  if (ok) {
                    setSelectedId(null);
                    reload();
                  }
                })
              }
            >
              Delete
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}
