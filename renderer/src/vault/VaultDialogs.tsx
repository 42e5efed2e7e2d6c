import type { Credential } from '../../../shared/vault/credential';
import type { CredentialWarning } from '../../../shared/vault/credential-warnings';
import type { ProviderProfile } from '../../../shared/providers/provider-profile';
import { count } from '../app/count';
import { AddCredentialDialog } from './AddCredentialDialog';
import { Dialog } from './Dialog';
import { EditCredentialDialog } from './EditCredentialDialog';
import { ImportEnvDialog } from './ImportEnvDialog';
import { LoginDialog } from './LoginDialog';

export type Modal = { kind: 'add' } | { kind: 'import' } | { kind: 'login' } | { kind: 'edit' } | { kind: 'delete' } | null;

/** The vault's dialogs; `done` closes one with a notice (and the credential to select, if any). */
export function VaultDialogs({
  modal,
  providers,
  details,
  close,
  done,
  remove,
}: {
  modal: Modal;
  providers: ProviderProfile[];
  details: { credential: Credential; warnings: CredentialWarning[] } | null;
  close: () => void;
  done: (notice: string, select?: string) => void;
  remove: (credential: Credential) => void;
}) {
  return (
    <>
      {modal?.kind === 'add' && (
        <AddCredentialDialog
          providers={providers}
          onClose={close}
          onAdded={(credential) => done(`Added ${credential.name} (${credential.fingerprint}).`, credential.id)}
        />
      )}
      {modal?.kind === 'import' && (
        <ImportEnvDialog providers={providers} onClose={close} onImported={(imported) => done(`Imported ${count(imported, 'credential')}.`)} />
      )}
      {modal?.kind === 'login' && (
        <LoginDialog
          providers={providers}
          onClose={close}
          onLoggedIn={(credential) =>
            done(
              `Logged in: ${credential.name} expires ${credential.expiresAt ? new Date(credential.expiresAt).toLocaleTimeString() : 'never'}.`,
              credential.id,
            )
          }
        />
      )}
      {modal?.kind === 'edit' && details && (
        <EditCredentialDialog
          credential={details.credential}
          provider={providers.find((p) => p.id === details.credential.providerId)}
          onClose={close}
          onSaved={(credential) => done(`Saved ${credential.name}.`)}
        />
      )}
      {modal?.kind === 'delete' && details && (
        <Dialog title={`Delete ${details.credential.name}?`} onClose={close}>
          <p>
            This removes the secret from the keychain and the credential from Keyhole. It does not revoke the key at{' '}
            {providers.find((p) => p.id === details.credential.providerId)?.name ?? details.credential.providerId}; use a rotation for that.
          </p>
          <div className="actions">
            <button type="button" onClick={close}>
              Cancel
            </button>
            <button type="button" className="danger" onClick={() => remove(details.credential)}>
              Delete
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}
