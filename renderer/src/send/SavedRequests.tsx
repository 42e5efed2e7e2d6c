import { useState } from 'react';
import type { SavedRequest, SavedRequestInput } from '../../../shared/exchange/saved-request';
import { useApi } from '../api/api-context';
import { useLoad } from '../api/use-call';
import { ErrorText } from '../app/ErrorText';

interface Props {
  providerId: string | undefined;
  current: Omit<SavedRequestInput, 'name' | 'providerId'> | null;
  onLoad: (request: SavedRequest) => void;
}

/** Saved requests for the selected credential's provider: load one into the composer, or save the current one. */
export function SavedRequests({ providerId, current, onLoad }: Props) {
  const api = useApi();
  const [saved, reload] = useLoad(() => api.requests.list({ providerId }), [api, providerId]);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!providerId) return null;

  const save = async () => {
    if (!current) return;
    const result = await api.requests.save({ ...current, name, providerId });
    setError(result.ok ? null : result.error.message);
    if (result.ok) {
      setName('');
      reload();
    }
  };

  return (
    <section className="saved-requests" aria-labelledby="saved-title">
      <h2 id="saved-title">Saved requests</h2>
      {saved.state === 'ready' && saved.value.length > 0 && (
        <ul className="chips">
          {saved.value.map((r) => (
            <li key={r.id}>
              <button type="button" className="chip" onClick={() => onLoad(r)} title={`${r.method} ${r.path}`}>
                {r.name}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="row">
        <label>
          Save current as
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="list agents" autoComplete="off" />
        </label>
        <button type="button" disabled={!name.trim() || !current} onClick={() => void save()}>
          Save
        </button>
      </div>
      <ErrorText message={error} />
    </section>
  );
}
