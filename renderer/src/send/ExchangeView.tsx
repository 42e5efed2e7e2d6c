import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { BodyCut, SentExchange } from '../../../shared/exchange/exchange';
import { useApi } from '../api/api-context';
import { downloadText } from '../app/download';
import { ErrorText } from '../app/ErrorText';
import { statusText } from '../app/status-text';
import { FindingList } from './FindingList';
import { drawableAsTree, JsonTree } from './JsonTree';

/** A sent or recorded exchange has its `historyId`; a preview has none. */
type Exchange = Pick<SentExchange, 'request' | 'response' | 'timings' | 'findings' | 'error'> & {
  historyId?: number;
  trimmed?: boolean;
  cut?: BodyCut;
};
const TABS = ['Diagnosis', 'Body', 'Headers', 'Timings', 'Request'] as const;
type Tab = (typeof TABS)[number];

/**
 * One exchange, as API clients show it: the status with its text and the request id on top, then
 * tabs for the diagnosis, the body (pretty JSON or raw), headers, timings and the redacted request.
 * The diagnosis opens first when there is one; otherwise the body.
 */
export function ExchangeView({ exchange, idPrefix = 'exchange' }: { exchange: Exchange; idPrefix?: string }) {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [chosen, setChosen] = useState<Tab | null>(null);
  const tab = chosen ?? (exchange.findings.length > 0 || !exchange.response ? 'Diagnosis' : 'Body');
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const requestId = exchange.findings.find((f) => f.requestId)?.requestId ?? null;
  // One size, in bytes, for the header and the Body tab.
  const body = exchange.response?.body ?? '';
  const bodyBytes = useMemo(() => new TextEncoder().encode(body).length, [body]);
  // A recorded row says how long a cut body was; a fresh answer only that it was cut (its size is in the timings).
  const responseCut = exchange.response?.truncated ? (exchange.cut?.response ?? exchange.timings?.responseBytes ?? null) : null;
  const requestCut = exchange.cut?.request ?? null;
  const exportBundle = async () => {
    if (exchange.historyId === undefined) return;
    const result = await api.history.bundle({ ids: [exchange.historyId] });
    setSaved(result.ok ? downloadText(result.value.filename, result.value.mediaType, result.value.content) : null);
    setError(result.ok ? null : result.error.message);
  };
  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const delta = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!delta) return;
    event.preventDefault();
    const next = (index + delta + TABS.length) % TABS.length;
    setChosen(TABS[next]!);
    tabs.current[next]?.focus();
  };
  const titleId = `${idPrefix}-title`;
  return (
    <section className="exchange" aria-labelledby={titleId}>
      <h2 id={titleId}>
        {exchange.response ? (
          <>
            <span className={`http-status s${String(exchange.response.status)[0]}`} data-testid="response-status">
              {exchange.response.status}
            </span>{' '}
            <span className="status-text">{statusText(exchange.response.status)}</span> · {exchange.request.method} {exchange.request.url}
          </>
        ) : (
          'Request failed'
        )}
      </h2>
      <p className="muted exchange-meta">
        {exchange.timings && `${exchange.timings.totalMs} ms · ${exchange.response ? formatBytes(bodyBytes) : '0 B'}`}
        {requestId && (
          <>
            {' · request id '}
            <code data-testid="request-id">{requestId}</code>{' '}
            <button type="button" className="link" onClick={() => void navigator.clipboard?.writeText(requestId)} aria-label={`Copy request id ${requestId}`}>
              copy
            </button>
          </>
        )}
        {exchange.historyId !== undefined && (
          <>
            {' · '}
            <button type="button" className="link" onClick={() => void exportBundle()}>
              Export support bundle (HAR, redacted)
            </button>
          </>
        )}
      </p>
      <ErrorText message={exchange.error ?? error} />
      <div aria-live="polite">{saved && <p className="notice">{saved}</p>}</div>
      <div role="tablist" aria-label="Exchange" className="tabs small">
        {TABS.map((name, index) => (
          <button
            key={name}
            ref={(el) => {
              tabs.current[index] = el;
            }}
            type="button"
            role="tab"
            id={`${idPrefix}-tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`${idPrefix}-panel`}
            tabIndex={tab === name ? 0 : -1}
            onClick={() => setChosen(name)}
            onKeyDown={(event) => onKeyDown(event, index)}
          >
            {name}
            {name === 'Diagnosis' && exchange.findings.length > 0 && <span className="count-badge">{exchange.findings.length}</span>}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${idPrefix}-panel`} aria-labelledby={`${idPrefix}-tab-${tab}`} className="exchange-panel">
        {tab === 'Diagnosis' &&
          (exchange.findings.length > 0 ? <FindingList findings={exchange.findings} label="Diagnosis" /> : <p className="muted">No auth problems found.</p>)}
        {tab === 'Body' && exchange.trimmed && exchange.response?.body === '' && (
          <p className="notice">Body not kept: recording was behind ({exchange.timings?.responseBytes ?? 0} bytes answered). Its auth facts are.</p>
        )}
        {tab === 'Body' &&
          !(exchange.trimmed && exchange.response?.body === '') &&
          (exchange.response ? (
            <>
              {responseCut !== null && <CutNotice kept={bodyBytes} size={responseCut} />}
              <Body text={exchange.response.body} bytes={bodyBytes} />
            </>
          ) : (
            <p className="muted">No response.</p>
          ))}
        {tab === 'Headers' && (
          <pre className="code">
            {exchange.response
              ? Object.entries(exchange.response.headers)
                  .map(([k, v]) => `${k}: ${v}`)
                  .join('\n')
              : 'No response.'}
          </pre>
        )}
        {tab === 'Timings' && <Timings exchange={exchange} />}
        {tab === 'Request' && (
          <details open>
            <summary>Request as sent (redacted)</summary>
            {requestCut !== null && <CutNotice kept={new TextEncoder().encode(exchange.request.body ?? '').length} size={requestCut} />}
            <pre className="code">
              {`${exchange.request.method} ${exchange.request.url}\n${Object.entries(exchange.request.headers)
                .map(([k, v]) => `${k}: ${v}`)
                .join('\n')}${exchange.request.body ? `\n\n${exchange.request.body}` : ''}`}
            </pre>
          </details>
        )}
      </div>
    </section>
  );
}

/**
 * A JSON body as a folding, highlighted tree (as text when it is too large to draw node by node);
 * anything else as received. A toggle shows the body raw; its size is always shown.
 */
function Body({ text, bytes }: { text: string; bytes: number }) {
  const [raw, setRaw] = useState(false);
  const parsed = useMemo(() => {
    try {
      const value: unknown = JSON.parse(text);
      return { value, tree: drawableAsTree(value) };
    } catch {
      return null;
    }
  }, [text]);
  return (
    <>
      <div className="body-bar">
        <span className="muted">{formatBytes(bytes)}</span>
        {parsed && (
          <label className="inline">
            <input type="checkbox" checked={raw} onChange={(e) => setRaw(e.target.checked)} /> Raw
          </label>
        )}
      </div>
      {parsed && !raw && parsed.tree ? (
        <JsonTree value={parsed.value} />
      ) : (
        <pre className="code" data-testid="response-body">
          {parsed && !raw ? JSON.stringify(parsed.value, null, 2) : text}
        </pre>
      )}
    </>
  );
}

function Timings({ exchange }: { exchange: Exchange }) {
  const t = exchange.timings;
  if (!t) return <p className="muted">No timings were recorded.</p>;
  const rows: [string, number | null][] = [
    ['DNS', t.dnsMs],
    ['Connected', t.connectMs],
    ['TLS', t.tlsMs],
    ['First byte', t.firstByteMs],
    ['Total', t.totalMs],
  ];
  return (
    <dl className="timings">
      {rows
        .filter(([, ms]) => ms !== null)
        .map(([name, ms]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{ms} ms</dd>
          </div>
        ))}
      <div>
        <dt>Sent</dt>
        <dd>{formatBytes(t.requestBytes)}</dd>
      </div>
      <div>
        <dt>Received</dt>
        <dd>{formatBytes(t.responseBytes)}</dd>
      </div>
    </dl>
  );
}

function CutNotice({ kept, size }: { kept: number; size: number }) {
  return (
    <p className="notice" data-testid="cut-notice">
      Only the first {formatBytes(kept)} of this {formatBytes(size)} body were recorded.
    </p>
  );
}

function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes.toLocaleString()} B` : `${(bytes / 1024).toLocaleString(undefined, { maximumFractionDigits: 1 })} KB`;
}
