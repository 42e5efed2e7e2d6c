import { useEffect, useState } from 'react';
import type { KeyTraffic, Rotation, TrafficEvidence } from '../../../shared/rotation/rotation';
import type { Result } from '../../../shared/ipc/result';
import { useApi } from '../api/api-context';
import { ErrorText } from '../app/ErrorText';
import { count } from '../app/count';

const EVIDENCE_POLL_MS = 2000;
const ORDER = ['mint', 'deploy', 'verify', 'revoke', 'completed'] as const;

/** The four steps in order; each shows its evidence, and the next action or what blocks it. */
export function RotationChecklist({ rotation, onChange }: { rotation: Rotation; onChange: (rotation: Rotation) => void }) {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [secret, setSecret] = useState('');
  const [target, setTarget] = useState('');
  const [note, setNote] = useState('');
  const [override, setOverride] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [abortReason, setAbortReason] = useState('');
  const [evidence, setEvidence] = useState<TrafficEvidence | null>(null);
  const open = rotation.step !== 'completed' && rotation.step !== 'aborted';
  const done = (step: (typeof ORDER)[number]) => rotation.step === 'completed' || (rotation.step !== 'aborted' && ORDER.indexOf(rotation.step) > ORDER.indexOf(step));

  // Live traffic on the new and old key while the rotation is open.
  useEffect(() => {
    if (!open || rotation.newCredentialId === null) return;
    let live = true;
    const load = () => void api.rotation.evidence({ id: rotation.id }).then((r) => live && r.ok && setEvidence(r.value));
    load();
    const timer = setInterval(load, EVIDENCE_POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [api, open, rotation.id, rotation.newCredentialId]);

  const run = async (call: () => Promise<Result<Rotation>>) => {
    setBusy(true);
    const result = await call();
    setBusy(false);
    setError(result.ok ? null : result.error.message);
    if (result.ok) onChange(result.value);
    return result.ok;
  };

  const shown = evidence ?? rotation.evidence;
  return (
    <section className="rotation" aria-labelledby="checklist-heading">
      <h2 id="checklist-heading">
        Rotating {rotation.credentialName} → {rotation.plan.name}
      </h2>
      <p className="muted">
        {rotation.providerId}/{rotation.environmentId} · {rotation.plan.kind} · scopes {rotation.plan.scopes.join(', ') || 'none'} · started {new Date(rotation.startedAt).toLocaleString()}
      </p>
      <ErrorText message={error} />
      <ol className="checklist">
        <li aria-label="Mint" data-done={done('mint')}>
          <h3>1. Mint the new key {done('mint') && '✓'}</h3>
          {rotation.minted ? (
            <p>
              Minted {rotation.minted.via === 'pasted' ? '(pasted)' : "through the provider's API"} and stored in the keychain at {new Date(rotation.minted.at).toLocaleString()}.
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
                  <button type="button" disabled={busy || !secret} onClick={() => void run(() => api.rotation.mint({ id: rotation.id, secret })).then((ok) => ok && setSecret(''))}>
                    Save pasted key
                  </button>
                </div>
              </>
            )
          )}
        </li>
        <li aria-label="Deploy" data-done={done('deploy')}>
          <h3>2. Deploy it {done('deploy') && '✓'}</h3>
          <ul>
            {rotation.targets.map((t) => (
              <li key={t.name}>
                {t.deployedAt ? '✓' : '○'} {t.name}
                {t.deployedAt && <span className="muted"> deployed {new Date(t.deployedAt).toLocaleString()}{t.note && ` · ${t.note}`}</span>}
                {!t.deployedAt && open && (
                  <button type="button" disabled={busy} onClick={() => void run(() => api.rotation.deploy({ id: rotation.id, target: t.name, note }))}>
                    Mark {t.name} deployed
                  </button>
                )}
              </li>
            ))}
          </ul>
          {(rotation.step === 'deploy' || rotation.step === 'verify') && (
            <div className="toolbar">
              <label>
                Target
                <input value={target} onChange={(e) => setTarget(e.target.value)} placeholder="service, CI secret, environment" />
              </label>
              <label>
                Note
                <input value={note} onChange={(e) => setNote(e.target.value)} placeholder="optional" />
              </label>
              <button type="button" disabled={busy || !target.trim()} onClick={() => void run(() => api.rotation.addTarget({ id: rotation.id, target })).then((ok) => ok && setTarget(''))}>
                Add target
              </button>
            </div>
          )}
          {rotation.step === 'mint' && <p className="muted">Blocked: mint the new key first.</p>}
        </li>
        <li aria-label="Verify" data-done={done('verify')}>
          <h3>3. Verify traffic on the new key {done('verify') && '✓'}</h3>
          {shown ? (
            <dl className="evidence">
              <dt>New key</dt>
              <dd data-testid="new-key-traffic">{describeTraffic(shown.newKey)}</dd>
              <dt>Old key</dt>
              <dd data-testid="old-key-traffic">{describeTraffic(shown.oldKey)}</dd>
            </dl>
          ) : (
            <p className="muted">Traffic evidence appears once the new key is minted.</p>
          )}
          {(rotation.step === 'verify' || rotation.step === 'revoke') && (
            <button type="button" disabled={busy} onClick={() => void run(() => api.rotation.verify({ id: rotation.id }))}>
              {rotation.step === 'revoke' ? 'Verify again' : 'Verify'}
            </button>
          )}
        </li>
        <li aria-label="Revoke" data-done={rotation.step === 'completed'}>
          <h3>4. Revoke the old key {rotation.step === 'completed' && '✓'}</h3>
          {rotation.revoked ? (
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
              <button
                type="button"
                disabled={busy}
                onClick={() => void run(() => api.rotation.revoke({ id: rotation.id, ...(override.trim() ? { override } : {}), ...(confirmed ? { confirmed } : {}) }))}
              >
                Revoke old key
              </button>
            </>
          ) : (
            open && <p className="muted">Blocked until traffic on the new key is verified.</p>
          )}
        </li>
      </ol>
      {rotation.aborted && (
        <p role="status">
          Aborted: {rotation.aborted.reason}
          {rotation.aborted.newKeyRevoked && ' (the new key was revoked again)'}.
        </p>
      )}
      {open && (
        <div className="toolbar">
          <label>
            Abort reason
            <input value={abortReason} onChange={(e) => setAbortReason(e.target.value)} />
          </label>
          <button type="button" disabled={busy || !abortReason.trim()} onClick={() => void run(() => api.rotation.abort({ id: rotation.id, reason: abortReason }))}>
            Abort rotation
          </button>
        </div>
      )}
    </section>
  );
}

function describeTraffic(t: KeyTraffic): string {
  if (t.count === 0) return 'no traffic recorded';
  return `${count(t.count, 'request')}, first ${new Date(t.firstSeen!).toLocaleTimeString()}, last ${new Date(t.lastSeen!).toLocaleTimeString()} · ${t.routes.join(', ')} (${t.sources.join(' and ')})`;
}
