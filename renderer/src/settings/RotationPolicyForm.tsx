import { useState } from 'react';
import { useApi } from '../api/api-context';
import { useLoad } from '../api/use-call';
import { ErrorText } from '../app/ErrorText';

/** Rotation age per environment: keys older than it are marked "rotate" in the Vault. Empty: no reminder. */
export function RotationPolicyForm() {
  const api = useApi();
  const [providers] = useLoad(() => api.providers.list(), [api]);
  const [policy, reload] = useLoad(() => api.rotation.policy(), [api]);
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  if (providers.state !== 'ready' || policy.state !== 'ready') return null;
  const environments = [...new Set(providers.value.flatMap((p) => p.environments.map((e) => e.id)))];
  const save = async (environmentId: string) => {
    const text = (edits[environmentId] ?? '').trim();
    const days = text === '' ? null : Number(text);
    if (days !== null && !(Number.isInteger(days) && days >= 1 && days <= 3650)) {
      setError(`${environmentId}: a whole number of days from 1 to 3,650, or empty for no reminder.`);
      return;
    }
    const result = await api.rotation.setPolicy({ environmentId, maxAgeDays: days });
    setError(result.ok ? null : `${environmentId}: ${result.error.message}`);
    if (result.ok) {
      setNotice(days === null ? `No rotation reminder for ${environmentId}.` : `Keys in ${environmentId} are due for rotation after ${days} days.`);
      reload();
    }
  };
  return (
    <section aria-labelledby="policy-heading">
      <h2 id="policy-heading">Rotation policy</h2>
      <p className="muted">Keys older than this are marked “rotate” in the Vault and listed under Rotations. Empty: no reminder.</p>
      <ErrorText message={error} />
      <div aria-live="polite">{notice && <p className="notice">{notice}</p>}</div>
      <table className="grid">
        <tbody>
          {environments.map((id) => (
            <tr key={id}>
              <th scope="row">{id}</th>
              <td>
                <input
                  aria-label={`Rotate ${id} keys after (days)`}
                  inputMode="numeric"
                  value={edits[id] ?? (policy.value[id] == null ? '' : String(policy.value[id]))}
                  onChange={(e) => setEdits({ ...edits, [id]: e.target.value })}
                  placeholder="no reminder"
                />
              </td>
              <td>
                <button type="button" onClick={() => void save(id)} disabled={edits[id] === undefined}>
                  Save
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
