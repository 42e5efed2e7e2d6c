import { useState } from 'react';
import type { z } from 'zod';
import type { contract } from '../../../shared/ipc/contract';
import { useApi } from '../api/api-context';
import { useLoad } from '../api/use-call';
import { ErrorText } from '../app/ErrorText';
import { ExchangeView } from './ExchangeView';

type Entry = z.infer<(typeof contract)['history:get']['output']>;

/** The latest exchanges (sent, and session logins), reopened in the inspector from history. */
export function RecentPanel() {
  const api = useApi();
  const [recent] = useLoad(() => api.history.recent({ limit: 50 }), [api]);
  const [open, setOpen] = useState<Entry | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (recent.state === 'error') return <ErrorText message={recent.message} />;
  if (recent.state !== 'ready') return <p className="muted">Loading…</p>;
  if (recent.value.length === 0) return <p className="muted">Nothing sent yet.</p>;
  return (
    <div>
      <table className="grid">
        <caption className="visually-hidden">Recent exchanges, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Request</th>
            <th scope="col">Status</th>
            <th scope="col">Findings</th>
          </tr>
        </thead>
        <tbody>
          {recent.value.map((e) => (
            <tr key={e.id}>
              <td>{new Date(e.at).toLocaleTimeString()}</td>
              <td>
                <button
                  type="button"
                  className="link"
                  onClick={() =>
                    void api.history.get({ id: e.id }).then((r) => {
                      setOpen(r.ok ? r.value : null);
                      setError(r.ok ? null : r.error.message);
                    })
                  }
                >
                  {e.method} {e.path}
                </button>
                {e.source === 'login' && <span className="chip">session</span>}
              </td>
              <td>{e.status ?? 'failed'}</td>
              <td>{e.findingCodes.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorText message={error} />
      {open && <ExchangeView exchange={{ ...open, historyId: open.id }} />}
    </div>
  );
}
