import { useEffect, useMemo, useRef, useState } from 'react';
import type { Credential } from '../../../shared/vault/credential';
import type { CredentialWarning } from '../../../shared/vault/credential-warnings';
import { useApi } from '../api/api-context';
import { useLoad } from '../api/use-call';
import { useAppEvent } from '../api/use-event';
import { CredentialDetails } from './CredentialDetails';
import { CredentialTree } from './CredentialTree';
import { OrphanNotice } from './OrphanNotice';
import { VaultDialogs, type Modal } from './VaultDialogs';
import { ErrorText } from '../app/ErrorText';

/** Provider -> environment -> credentials, a details pane, and add/edit/delete. Keys: n add, / search. */
export function VaultScreen() {
  const api = useApi();
  const [query, setQuery] = useState('');
  const [providers] = useLoad(() => api.providers.list(), [api]);
  const [credentials, reload] = useLoad(() => api.vault.list({ query: query || undefined }), [api, query]);
  const [rotations, reloadRotations] = useLoad(() => api.rotation.list({}), [api]);
  // Another window, a rotation or a login changed the vault: show it without a refresh.
  useAppEvent(['vault:changed', 'rotation:changed'], () => {
    reload();
    reloadRotations();
  });
  const due = new Map(rotations.state === 'ready' ? rotations.value.due.map((d) => [d.credentialId, d]) : []);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  // The key the Add dialog just saved: its details offer "Test key" first.
  const [addedId, setAddedId] = useState<string | null>(null);
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

  if (providers.state === 'error')
    return (
      <p role="alert" className="error">
        {providers.message}
      </p>
    );
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
        <CredentialTree
          credentials={credentials}
          grouped={grouped}
          query={query}
          selectedId={selectedId}
          due={due}
          onSelect={setSelectedId}
          onTryIt={() =>
            void act(async () => {
              const r = await api.sandbox.seedDemo();
              if (r.ok) reload();
              return r;
            }, 'Added demo keys for the sandbox, a local stand-in for both vendors: try them without an account.')
          }
        />
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
              justAdded={details.credential.id === addedId}
            />
          ) : (
            <p className="muted">Select a credential to see its details.</p>
          )}
        </div>
      </div>

      <VaultDialogs
        modal={modal}
        providers={providers.value}
        details={details}
        close={() => setModal(null)}
        done={(message, select) => {
          setModal(null);
          setNotice(message);
          if (select !== undefined) setSelectedId(select);
          setAddedId(select ?? null);
          reload();
        }}
        remove={(credential) =>
          void act(() => api.vault.remove({ id: credential.id }), `Deleted ${credential.name}.`).then((ok) => {
            setModal(null);
            if (ok) {
              setSelectedId(null);
              reload();
            }
          })
        }
      />
    </div>
  );
}
