import { useCallback, useEffect, useState } from 'react';
import { stepDone, type Rotation, type TrafficEvidence } from '../../../shared/rotation/rotation';
import type { Result } from '../../../shared/ipc/result';
import { useApi } from '../api/api-context';
import { useAppEvent } from '../api/use-event';
import { ErrorText } from '../app/ErrorText';
import { DeployStep, MintStep, RevokeStep, VerifyStep, type StepProps } from './RotationSteps';

const HEADINGS: Record<Rotation['step'], string> = {
  mint: 'Rotating',
  deploy: 'Rotating',
  verify: 'Rotating',
  revoke: 'Rotating',
  completed: 'Rotated',
  aborted: 'Aborted rotation of',
};

/** The four steps in order; each shows its evidence, and the next action or what blocks it. */
export function RotationChecklist({ rotation, onChange }: { rotation: Rotation; onChange: (rotation: Rotation) => void }) {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [abortReason, setAbortReason] = useState('');
  const [abortRefused, setAbortRefused] = useState(false);
  const [evidence, setEvidence] = useState<TrafficEvidence | null>(null);
  const open = rotation.step !== 'completed' && rotation.step !== 'aborted';
  const watching = open && rotation.step !== 'mint';

  // Evidence is read when the checklist opens and again whenever traffic is recorded: no polling.
  const loadEvidence = useCallback(() => {
    if (watching) void api.rotation.evidence({ id: rotation.id }).then((r) => r.ok && setEvidence(r.value));
  }, [api, rotation.id, watching]);
  useEffect(loadEvidence, [loadEvidence, rotation.updatedAt]);
  useAppEvent(['traffic:added'], loadEvidence);

  const run = async (call: () => Promise<Result<Rotation>>) => {
    setBusy(true);
    const result = await call();
    setBusy(false);
    setError(result.ok ? null : result.error.message);
    if (result.ok) onChange(result.value);
    return result.ok;
  };

  const props: StepProps = { rotation, busy, run };
  const shown = evidence ?? (rotation.step === 'revoke' || rotation.step === 'completed' || rotation.step === 'aborted' ? rotation.evidence : null);
  return (
    <section className="rotation" aria-labelledby="checklist-heading">
      <h2 id="checklist-heading">
        {HEADINGS[rotation.step]} {rotation.credentialName} → {rotation.plan.name}
      </h2>
      <p className="muted">
        {rotation.providerId}/{rotation.environmentId} · {rotation.plan.kind} · scopes {rotation.plan.scopes.join(', ') || 'none'} · started{' '}
        {new Date(rotation.startedAt).toLocaleString()}
      </p>
      <ErrorText message={error} />
      <ol className="checklist">
        <li aria-label="Mint" data-done={stepDone(rotation, 'mint')}>
          <MintStep {...props} />
        </li>
        <li aria-label="Deploy" data-done={stepDone(rotation, 'deploy')}>
          <DeployStep {...props} />
        </li>
        <li aria-label="Verify" data-done={stepDone(rotation, 'verify')}>
          <VerifyStep {...props} evidence={shown} onEvidence={setEvidence} />
        </li>
        <li aria-label="Revoke" data-done={stepDone(rotation, 'revoke')}>
          <RevokeStep {...props} />
        </li>
      </ol>
      {rotation.step === 'aborted' && (
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
          <button
            type="button"
            disabled={busy || !abortReason.trim()}
            onClick={() =>
              void (async () => {
                const result = await api.rotation.abort({ id: rotation.id, reason: abortReason });
                // The provider could not revoke the new key: offer to end it here, the user revoking it in the console.
                setAbortRefused(!result.ok && result.error.code === 'CONFLICT');
                await run(async () => result);
              })()
            }
          >
            Abort rotation
          </button>
          {abortRefused && (
            <button
              type="button"
              className="danger"
              disabled={busy || !abortReason.trim()}
              onClick={() => void run(() => api.rotation.abort({ id: rotation.id, reason: abortReason, revokeMyself: true }))}
            >
              Abort here and revoke it yourself
            </button>
          )}
        </div>
      )}
    </section>
  );
}
