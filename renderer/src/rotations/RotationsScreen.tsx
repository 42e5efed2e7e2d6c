import { useState } from 'react';
import type { Rotation } from '../../../shared/rotation/rotation';
import { useApi } from '../api/api-context';
import { useLoad } from '../api/use-call';
import { useAppEvent } from '../api/use-event';
import { ErrorText } from '../app/ErrorText';
import { RotationChecklist } from './RotationChecklist';
import { StartRotationForm } from './StartRotationForm';

/** Rotations in progress and done, keys due for one, and the checklist of the one selected. */
export function RotationsScreen() {
  const api = useApi();
  const [list, reload] = useLoad(() => api.rotation.list({}), [api]);
  useAppEvent(['rotation:changed'], reload);
  const [selected, setSelected] = useState<string | null>(null);

  const onChange = (rotation: Rotation) => {
    setSelected(rotation.id);
    reload();
  };

  if (list.state === 'loading') return <p className="muted">Loading…</p>;
  if (list.state === 'error') return <ErrorText message={list.message} />;
  const { rotations, due } = list.value;
  const current = rotations.find((r) => r.id === selected) ?? null;
  return (
    <div className="rotations">
      {due.length > 0 && (
        <section aria-labelledby="due-heading">
          <h2 id="due-heading">Due for rotation</h2>
          <ul>
            {due.map((d) => (
              <li key={d.credentialId}>
                <strong>{d.credentialName}</strong> ({d.environmentId}) is {d.ageDays} days old; keys there are rotated every {d.maxAgeDays} days.
              </li>
            ))}
          </ul>
        </section>
      )}
      <StartRotationForm onStarted={onChange} />
      <section aria-labelledby="rotations-heading">
        <h2 id="rotations-heading">Rotations</h2>
        {rotations.length === 0 ? (
          <p className="muted">No rotations yet.</p>
        ) : (
          <ul className="rotation-list">
            {rotations.map((r) => (
              <li key={r.id}>
                <button type="button" className="tree-item" aria-current={r.id === selected ? 'true' : undefined} onClick={() => setSelected(r.id)}>
                  <span>
                    {r.credentialName} → {r.plan.name}
                  </span>
                  <span className={`chip${r.step === 'aborted' ? ' risky' : ''}`}>{r.step}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      {current && <RotationChecklist key={current.id} rotation={current} onChange={onChange} />}
    </div>
  );
}
