import { useEffect, useState } from 'react';
import type { SentExchange } from '../../../shared/exchange/exchange';
import type { Credential } from '../../../shared/vault/credential';
import { leastPowerfulFirst } from '../../../shared/vault/credential-power';
import { useApi } from '../api/api-context';
import { ErrorText } from '../app/ErrorText';
import { ExchangeView } from '../send/ExchangeView';

/** "Replay as": keyed by exchange, so a new one starts clean. Resends a recorded exchange signed by any vault key of its provider (Node side signs). */
export function ReplayControls({ historyId, providerId }: { historyId: number; providerId: string | null }) {
  const api = useApi();
  const [credentials, setCredentials] = useState<Credential[]>([]);
  const [chosen, setChosen] = useState('');
  const [result, setResult] = useState<SentExchange | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void Promise.all([api.vault.list(providerId ? { providerId } : {}), api.providers.list()]).then(([r, p]) => {
      const usable = r.ok ? r.value.filter((c) => c.status === 'active') : [];
      setCredentials(usable);
      // As in the composer: never an admin key or a session by default; the least powerful first.
      setChosen(leastPowerfulFirst(usable, p.ok ? p.value : [])[0]?.id ?? '');
    });
  }, [api, providerId]);

  const replay = async () => {
    setBusy(true);
    const r = await api.history.replay({ id: historyId, credential: chosen });
    setBusy(false);
    setResult(r.ok ? r.value : null);
    setError(r.ok ? null : r.error.message);
  };

  return (
    <section className="replay" aria-label="Replay">
      <div className="toolbar">
        <label>
          Replay as
          <select value={chosen} onChange={(e) => setChosen(e.target.value)} disabled={credentials.length === 0}>
            {credentials.length === 0 && <option value="">no active key for this provider</option>}
            {credentials.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.environmentId}, {c.kind})
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void replay()} disabled={!chosen || busy}>
          {busy ? 'Replaying…' : 'Replay'}
        </button>
      </div>
      <ErrorText message={error} />
      {result && <ExchangeView exchange={result} idPrefix="replay" />}
    </section>
  );
}
