import { useState } from 'react';
import type { Rotation } from '../../../shared/rotation/rotation';
import { useApi } from '../api/api-context';
import { useLoad } from '../api/use-call';
import { ErrorText } from '../app/ErrorText';
import { count } from '../app/count';

/**
 * Starts a rotation from a credential: same scopes, or the least-privilege advisor's narrower set
 * ("mint a narrower key"). The name is proposed by the Node side when left empty.
 */
export function StartRotationForm({ onStarted }: { onStarted: (rotation: Rotation) => void }) {
  const api = useApi();
  const [credentials] = useLoad(() => api.vault.list({}), [api]);
  const [credentialId, setCredentialId] = useState('');
  const [name, setName] = useState('');
  const [narrower, setNarrower] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [advice] = useLoad(
    () => (credentialId ? api.traffic.advise({ id: credentialId }) : Promise.resolve({ ok: true as const, value: null })),
    [api, credentialId],
  );

  const active = credentials.state === 'ready' ? credentials.value.filter((c) => c.status === 'active') : [];
  const advised = advice.state === 'ready' ? advice.value : null;
  const canNarrow = advised !== null && advised.narrower;

  const start = async () => {
    const result = await api.rotation.start({
      credential: credentialId,
      ...(name.trim() ? { name: name.trim() } : {}),
      ...(narrower && canNarrow ? { scopes: advised.minimal } : {}),
    });
    setError(result.ok ? null : result.error.message);
    if (result.ok) {
      setName('');
      onStarted(result.value);
    }
  };

  return (
    <section aria-labelledby="start-heading">
      <h2 id="start-heading">Start a rotation</h2>
      <div className="toolbar">
        <label>
          Key to rotate
          <select value={credentialId} onChange={(e) => setCredentialId(e.target.value)}>
            <option value="">choose a key</option>
            {active.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.providerId}/{c.environmentId})
              </option>
            ))}
          </select>
        </label>
        <label>
          New key name
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="proposed, e.g. prod-2026-q2" />
        </label>
        <button type="button" onClick={() => void start()} disabled={!credentialId}>
          Start rotation
        </button>
      </div>
      {advised && (
        <p className="muted" data-testid="advice">
          {advised.requestsConsidered === 0
            ? 'No recorded traffic for this key yet, so the advisor cannot suggest narrower scopes; the new key gets the same ones.'
            : `Recorded traffic (${count(advised.requestsConsidered, 'request')}) needed ${advised.minimal.join(', ') || 'no scopes'}; held: ${advised.held.join(', ') || 'none'}.`}
        </p>
      )}
      {canNarrow && (
        <label>
          <input type="checkbox" checked={narrower} onChange={(e) => setNarrower(e.target.checked)} /> Mint a narrower key:{' '}
          {advised.minimal.join(', ') || 'no scopes'} instead of {advised.held.join(', ')}
        </label>
      )}
      <ErrorText message={error} />
    </section>
  );
}
