import { useRef, useState } from 'react';
import type { z } from 'zod';
import type { contract } from '../../../shared/ipc/contract';
import { useApi } from '../api/api-context';
import { useComposeNavigation } from '../app/compose-navigation';
import { ErrorText } from '../app/ErrorText';
import { FindingList } from './FindingList';

type Entries = z.infer<(typeof contract)['diagnose:paste']['output']>;
const FORMATS = [
  { id: 'curl', label: 'curl command' },
  { id: 'raw', label: 'Raw HTTP request (and response)' },
  { id: 'har', label: 'HAR file' },
] as const;

/** A customer's failing exchange, pasted: the same findings as for a request Keyhole sent. Nothing is sent. */
export function DiagnosePanel() {
  const api = useApi();
  const { openInComposer } = useComposeNavigation();
  const [format, setFormat] = useState<(typeof FORMATS)[number]['id']>('curl');
  const [text, setText] = useState('');
  const [status, setStatus] = useState('');
  const [responseBody, setResponseBody] = useState('');
  const [entries, setEntries] = useState<Entries | null>(null);
  const [error, setError] = useState<string | null>(null);
  // A HAR file opened from disk is sent as is and never shown: it holds whatever secrets were captured.
  const [file, setFile] = useState<{ name: string; size: number; text: string } | null>(null);

  // Which diagnosis is current: an answer that arrives after the task changed is dropped.
  const latest = useRef(0);

  // Another format is another task: what was pasted and what was found for it go.
  const choose = (next: typeof format) => {
    latest.current++;
    setFormat(next);
    setText('');
    setFile(null);
    setEntries(null);
    setError(null);
  };

  // A status and an answer belong to the command they were typed for: a new command starts clean.
  const newTicket = () => {
    latest.current++;
    setStatus('');
    setResponseBody('');
    setEntries(null);
    setError(null);
  };
  const statusProblem = status.trim() !== '' && !/^[1-5]\d\d$/.test(status.trim()) ? 'Status: a three-digit HTTP status, such as 403.' : null;

  const run = async () => {
    const mine = ++latest.current;
    const result = await api.diagnose.paste({
      format,
      text: format === 'har' && file ? file.text : text,
      ...(format === 'curl' && status.trim() ? { status: Number(status.trim()) } : {}),
      ...(format === 'curl' && responseBody ? { responseBody } : {}),
    });
    if (mine !== latest.current) return;
    setEntries(result.ok ? result.value : null);
    setError(result.ok ? null : result.error.message);
  };

  return (
    <div className="form">
      <fieldset>
        <legend>What you are pasting</legend>
        {FORMATS.map((f) => (
          <label key={f.id} className="check">
            <input type="radio" name="paste-format" checked={format === f.id} onChange={() => choose(f.id)} />
            {f.label}
          </label>
        ))}
      </fieldset>
      <label>
        {FORMATS.find((f) => f.id === format)!.label}
        <textarea
          className="code"
          rows={6}
          value={text}
          onChange={(e) => {
            // Findings are for the text they were made from; an emptied box is a new ticket.
            if (e.target.value.trim() === '') newTicket();
            else setEntries(null);
            setText(e.target.value);
            setFile(null);
          }}
          onPaste={(e) => {
            // Pasting over everything (or into an empty box) is another customer's command.
            const box = e.currentTarget;
            if (box.value === '' || (box.selectionStart === 0 && box.selectionEnd === box.value.length)) newTicket();
          }}
          spellCheck={false}
        />
      </label>
      {format === 'har' && (
        <label>
          Or open a HAR file
          <input
            type="file"
            accept=".har,application/json"
            onChange={(e) => {
              const picked = e.target.files?.[0];
              if (picked) void picked.text().then((content) => setFile({ name: picked.name, size: picked.size, text: content }));
              e.target.value = '';
            }}
          />
        </label>
      )}
      {format === 'har' && file && (
        <p className="muted" data-testid="har-file">
          {file.name} ({(file.size / 1024).toLocaleString('en', { maximumFractionDigits: 1 })} KB) is loaded; its contents are not shown, since a HAR holds
          whatever secrets the browser captured.
        </p>
      )}
      {format === 'curl' && (
        <div className="row">
          <label>
            Status it got (optional)
            <input
              inputMode="numeric"
              value={status}
              aria-invalid={statusProblem !== null}
              aria-describedby={statusProblem ? 'paste-status-problem' : undefined}
              onChange={(e) => setStatus(e.target.value)}
            />
          </label>
          <label>
            Response body (optional)
            <input value={responseBody} onChange={(e) => setResponseBody(e.target.value)} spellCheck={false} />
          </label>
        </div>
      )}
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={(!text.trim() && !(format === 'har' && file)) || (format === 'curl' && statusProblem !== null)}
          onClick={() => void run()}
        >
          Diagnose
        </button>
        {format === 'curl' && (
          <button type="button" disabled={!text.trim()} onClick={() => openInComposer({ text })}>
            Open in composer
          </button>
        )}
      </div>
      {format === 'curl' && statusProblem && (
        <p className="error" id="paste-status-problem" role="alert">
          {statusProblem}
        </p>
      )}
      <ErrorText message={error} />
      {entries?.map((entry, i) => (
        <section key={i} className="exchange" aria-label={`Entry ${i + 1}`}>
          <h2>
            {entry.status ?? 'no response'} {entry.request.method} {entry.request.url}
          </h2>
          <p className="muted">
            {entry.provider
              ? `${entry.provider}${entry.environment ? ` · ${entry.environment}` : ''} (recognised by its ${entry.placedBy === 'credential' ? 'credential' : (entry.placedBy ?? 'host')})`
              : 'Provider not recognised'}
          </p>
          {entry.findings.length === 0 ? <p>No auth problems found.</p> : <FindingList findings={entry.findings} label={`Diagnosis of entry ${i + 1}`} />}
          <pre className="code">
            {Object.entries(entry.request.headers)
              .map(([k, v]) => `${k}: ${v}`)
              .join('\n')}
          </pre>
        </section>
      ))}
    </div>
  );
}
