import type { ProviderProfile } from '../../../shared/providers/provider-profile';
import type { Credential } from '../../../shared/vault/credential';
import type { CredentialWarning } from '../../../shared/vault/credential-warnings';
import { Countdown } from './Countdown';
import { BOUND_LABEL, labelOf } from './provider-lookup';
import { ScopeChips } from './ScopeChips';
import { TestKey } from './TestKey';
import { WarningList } from './WarningList';

interface Props {
  credential: Credential;
  providers: readonly ProviderProfile[];
  warnings: readonly CredentialWarning[];
  onCopy: () => void;
  onEdit: () => void;
  onDelete: () => void;
  /** The key was added a moment ago: "Test key" is offered first. */
  justAdded?: boolean;
}

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : 'never');

export function CredentialDetails({ credential, providers, warnings, onCopy, onEdit, onDelete, justAdded = false }: Props) {
  const provider = providers.find((p) => p.id === credential.providerId);
  const labels = labelOf(providers, credential.providerId, credential.environmentId, credential.kind);
  const kind = provider?.credentialKinds.find((k) => k.id === credential.kind);
  return (
    <section className="details" aria-labelledby="details-title">
      <h2 id="details-title">{credential.name}</h2>
      <dl>
        <dt>Provider</dt>
        <dd>
          {labels.provider} · {labels.environment}
        </dd>
        <dt>Kind</dt>
        <dd>{labels.kind}</dd>
        <dt>Scopes</dt>
        <dd>
          {kind?.scoped === false ? <span className="muted">not scoped (session rights)</span> : <ScopeChips provider={provider} scopes={credential.scopes} />}
        </dd>
        {kind && kind.boundTo !== 'none' && (
          <>
            <dt>{BOUND_LABEL[kind.boundTo]}</dt>
            <dd>{credential.boundId ?? <span className="muted">not set</span>}</dd>
          </>
        )}
        <dt>Fingerprint</dt>
        <dd>
          <code data-testid="credential-fingerprint">{credential.fingerprint}</code>
        </dd>
        <dt>Last 4</dt>
        <dd>{credential.last4 ? <code>…{credential.last4}</code> : <span className="muted">hidden (short secret)</span>}</dd>
        <dt>Status</dt>
        <dd>
          <span className={`status ${credential.status}`}>{credential.status.replace('_', ' ')}</span>
        </dd>
        <dt>Created</dt>
        <dd>{when(credential.createdAt)}</dd>
        <dt>Last used</dt>
        <dd>{when(credential.lastUsedAt)}</dd>
        {credential.expiresAt && (
          <>
            <dt>Expires</dt>
            <dd>
              {when(credential.expiresAt)} (<Countdown at={credential.expiresAt} />)
            </dd>
          </>
        )}
        {credential.notes && (
          <>
            <dt>Notes</dt>
            <dd>{credential.notes}</dd>
          </>
        )}
      </dl>
      <WarningList warnings={warnings} />
      <TestKey key={credential.id} credential={credential} kind={kind} justAdded={justAdded} />
      <div className="actions">
        <button type="button" onClick={onCopy} disabled={credential.status !== 'active'}>
          Copy secret
        </button>
        <button type="button" onClick={onEdit}>
          Edit
        </button>
        <button type="button" className="danger" onClick={onDelete}>
          Delete
        </button>
      </div>
    </section>
  );
}
