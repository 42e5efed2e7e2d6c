import { useState } from 'react';
import { stepDone, type KeyTraffic, type Rotation, type TrafficEvidence } from '../../../shared/rotation/rotation';
import type { Result } from '../../../shared/ipc/result';
import { useApi } from '../api/api-context';
import { useLoad } from '../api/use-call';
import { count } from '../app/count';

export interface StepProps {
  rotation: Rotation;
  busy: boolean;
  run: (call: () => Promise<Result<Rotation>>) => Promise<boolean>;
}

const Done = ({ rotation, step }: { rotation: Rotation; step: 'mint' | 'deploy' | 'verify' | 'revoke' }) =>
  stepDone(rotation, step) ? <span aria-label="done"> ✓</span> : null;

export function MintStep({ rotation, busy, run }: StepProps) {
  const api = useApi();
  const [secret, setSecret] = useState('');
  const minted = rotation.step === 'mint' ? null : rotation.minted;
  return (
    <>
      <h3>
        Mint the new key
        <Done rotation={rotation} step="mint" />
      </h3>
      {minted ? (
        <p>
          Minted {minted.via === 'pasted' ? '(pasted)' : "through the provider's API"} and stored in the keychain at {new Date(minted.at).toLocaleString()}.
        </p>
      ) : (
        rotation.step === 'mint' && (
          <>
            <p>
              <button type="button" disabled={busy} onClick={() => void run(() => api.rotation.mint({ id: rotation.id }))}>
                Mint through the provider's API
              </button>
            </p>
            <div className="toolbar">
              <label>
                Or paste a key minted elsewhere
                <input type="password" autoComplete="off" value={secret} onChange={(e) => setSecret(e.target.value)} />
              </label>
              <button
                type="button"
                disabled={busy || !secret}
                onClick={() => void run(() => api.rotation.mint({ id: rotation.id, secret })).then((ok) => ok && setSecret(''))}
              >
                Save pasted key
              </button>
            </div>
          </>
        )
      )}
    </>
  );
}

export function DeployStep({ rotation, busy, run }: StepProps) {
  const api = useApi();
  const [target, setTarget] = useState('');
  const [note, setNote] = useState('');
  const open = rotation.step === 'deploy' || rotation.step === 'verify';
  return (
    <>
      <h3>
        Deploy it
        <Done rotation={rotation} step="deploy" />
      </h3>
      <ul>
        {rotation.targets.map((t) => (
          <li key={t.name}>
            {t.deployedAt ? '✓' : '○'} {t.name}
            {(t.deployedAt || t.note) && (
              <span className="muted">
                {t.deployedAt && ` deployed ${new Date(t.deployedAt).toLocaleString()}`}
                {t.note && ` · ${t.note}`}
              </span>
            )}
            {!t.deployedAt && open && (
              <button
                type="button"
                disabled={busy}
                onClick={() => void run(() => api.rotation.deploy({ id: rotation.id, target: t.name, note })).then((ok) => ok && setNote(''))}
              >
                Mark {t.name} deployed
              </button>
            )}
          </li>
        ))}
      </ul>
      {open && (
        <div className="toolbar">
          <label>
            Target
            <input value={target} onChange={(e) => setTarget(e.target.value)} placeholder="service, CI secret, environment" />
          </label>
          <label>
            Note
            <input value={note} onChange={(e) => setNote(e.target.value)} placeholder="optional" />
          </label>
          <button
            type="button"
            disabled={busy || !target.trim()}
            onClick={() =>
              void run(() => api.rotation.addTarget({ id: rotation.id, target, note })).then((ok) => {
                if (!ok) return;
                setTarget('');
                setNote('');
              })
            }
          >
            Add target
          </button>
        </div>
      )}
      {rotation.step === 'mint' && <p className="muted">Blocked: mint the new key first.</p>}
    </>
  );
}

/** `onEvidence`: the provider's per-key log was asked now (otherwise Keyhole asks it at most once a minute). */
export function VerifyStep({
  rotation,
  busy,
  run,
  evidence,
  onEvidence,
}: StepProps & { evidence: TrafficEvidence | null; onEvidence: (evidence: TrafficEvidence) => void }) {
  const api = useApi();
  return (
    <>
      <h3>
        Verify traffic on the new key
        <Done rotation={rotation} step="verify" />
      </h3>
      {evidence ? (
        <dl className="evidence">
          <dt>New key</dt>
          <dd data-testid="new-key-traffic">{describeTraffic(evidence.newKey)}</dd>
          <dt>Old key</dt>
          <dd data-testid="old-key-traffic">{describeTraffic(evidence.oldKey)}</dd>
        </dl>
      ) : (
        <p className="muted">Traffic evidence appears once the new key is minted.</p>
      )}
      {(rotation.step === 'verify' || rotation.step === 'revoke') && (
        <button type="button" disabled={busy} onClick={() => void run(() => api.rotation.verify({ id: rotation.id }))}>
          {rotation.step === 'revoke' ? 'Verify again' : 'Verify'}
        </button>
      )}{' '}
      {rotation.step !== 'mint' && rotation.step !== 'completed' && rotation.step !== 'aborted' && rotation.minted.providerKeyId && (
        <button
          type="button"
          className="link"
          disabled={busy}
          onClick={() => void api.rotation.evidence({ id: rotation.id, checkProvider: true }).then((r) => r.ok && onEvidence(r.value))}
        >
          Check the provider's log now
        </button>
      )}
    </>
  );
}

/** Revoking cannot be undone: it takes a second click on a button that names the key and the provider. */
export function RevokeStep({ rotation, busy, run }: StepProps) {
  const api = useApi();
  const [providers] = useLoad(() => api.providers.list(), [api]);
  const providerName = (providers.state === 'ready' && providers.value.find((p) => p.id === rotation.providerId)?.name) || rotation.providerId;
  const [override, setOverride] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [asking, setAsking] = useState(false);
  return (
    <>
      <h3>
        Revoke the old key
        <Done rotation={rotation} step="revoke" />
      </h3>
      {rotation.step === 'completed' ? (
        <p>
          Revoked {rotation.revoked.via === 'provider-api' ? "through the provider's API" : 'by hand (confirmed)'}
          {rotation.revoked.oldKeyCheckStatus !== null && `; a request with the old key now gets HTTP ${rotation.revoked.oldKeyCheckStatus}`}
          {rotation.revoked.override && `; override: ${rotation.revoked.override.reason}`}.
        </p>
      ) : rotation.step === 'revoke' ? (
        <>
          <div className="toolbar">
            <label>
              Override reason (only if the old key is still busy)
              <input value={override} onChange={(e) => setOverride(e.target.value)} />
            </label>
            <label>
              <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} /> I revoked it in the provider myself
            </label>
          </div>
          {asking ? (
            <p role="group" aria-label="Confirm revoking">
              <button
                type="button"
                className="danger"
                disabled={busy}
                onClick={() =>
                  void run(() => api.rotation.revoke({ id: rotation.id, ...(override.trim() ? { override } : {}), ...(confirmed ? { confirmed } : {}) })).then(
                    () => setAsking(false),
                  )
                }
              >
                Revoke {rotation.credentialName} at {providerName}
              </button>{' '}
              <button type="button" onClick={() => setAsking(false)}>
                Cancel
              </button>
            </p>
          ) : (
            <button type="button" disabled={busy} onClick={() => setAsking(true)}>
              Revoke old key
            </button>
          )}
        </>
      ) : (
        rotation.step !== 'aborted' && <p className="muted">{blocker(rotation)}</p>
      )}
    </>
  );
}

/** What stands between the rotation and revoking, in the step it is at. */
function blocker(rotation: Rotation): string {
  switch (rotation.step) {
    case 'mint':
      return 'Blocked until the new key is minted.';
    case 'deploy': {
      const pending = rotation.targets.filter((t) => !t.deployedAt).map((t) => t.name);
      return pending.length > 0
        ? `Blocked until the new key is deployed to ${pending.join(', ')}.`
        : 'Blocked until the new key is deployed to at least one target.';
    }
    default:
      return 'Blocked until traffic on the new key is verified.';
  }
}

function describeTraffic(t: KeyTraffic): string {
  if (t.count === 0 || t.firstSeen === null || t.lastSeen === null) return 'no traffic recorded';
  return `${count(t.count, 'request')}, first ${new Date(t.firstSeen).toLocaleTimeString()}, last ${new Date(t.lastSeen).toLocaleTimeString()} · ${t.routes.join(', ')} (${t.sources.join(' and ')})`;
}
