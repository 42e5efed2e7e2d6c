import { useState } from 'react';
import { AuditAction, type AuditFilter } from '../../../shared/vault/audit';
import { useApi } from '../api/api-context';
import { useLoad } from '../api/use-call';
import { downloadText } from '../app/download';
import { ErrorText } from '../app/ErrorText';

/** The append-only audit log with filters, and export as CSV or JSON. */
export function AuditScreen() {
  const api = useApi();
  const [action, setAction] = useState<AuditAction | ''>('');
  const [credential, setCredential] = useState('');
  const filter: AuditFilter = { action: action || undefined, credential: credential.trim() || undefined, limit: 500 };
  const [entries] = useLoad(() => api.audit.list(filter), [api, action, credential]);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const download = async (format: 'csv' | 'json') => {
    const result = await api.audit.export({ format, filter: { ...filter, limit: 10_000 } });
    if (!result.ok) return setError(result.error.message);
    setError(null);
    setSaved(downloadText(result.value.filename, result.value.mediaType, result.value.content));
  };

  return (
    <div className="audit">
      <div className="toolbar">
        <label>
          Action
          <select value={action} onChange={(e) => setAction(e.target.value as AuditAction | '')}>
            <option value="">All</option>
            {AuditAction.options.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          Credential
          <input type="search" value={credential} placeholder="name, id or fingerprint" onChange={(e) => setCredential(e.target.value)} />
        </label>
        <span className="push" />
        <button type="button" onClick={() => void download('csv')}>
          Export CSV
        </button>
        <button type="button" onClick={() => void download('json')}>
          Export JSON
        </button>
      </div>
      <ErrorText message={error} />
      <div aria-live="polite">{saved && <p className="notice">{saved}</p>}</div>
      {entries.state === 'error' && (
        <p role="alert" className="error">
          {entries.message}
        </p>
      )}
      {entries.state === 'ready' &&
        (entries.value.length === 0 ? (
          <p className="muted">Nothing recorded{action || credential ? ' for this filter' : ' yet'}.</p>
        ) : (
          <table className="grid">
            <caption className="visually-hidden">Audit log, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Credential</th>
                <th scope="col">Fingerprint</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {entries.value.map((e) => (
                <tr key={e.id}>
                  <td>{new Date(e.at).toLocaleString()}</td>
                  <td>{e.actor}</td>
                  <td>{e.action}</td>
                  <td>{e.credentialName ?? ''}</td>
                  <td>
                    <code>{e.fingerprint ?? ''}</code>
                  </td>
                  <td>{e.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </div>
  );
}
