import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { useApi } from '../api/api-context';
import { useAppEvent } from '../api/use-event';
import { downloadText } from '../app/download';
import { ErrorText } from '../app/ErrorText';
import { ExchangeView } from '../send/ExchangeView';
import { FindingCode } from '../../../shared/diagnosis/finding';
import { TrafficFilter, type HistoryEntry as Entry, type TrafficRow as Row } from '../../../shared/exchange/exchange';
import { ProxyControls } from './ProxyControls';
import { InterceptControls } from './InterceptControls';
import { ReplayControls } from './ReplayControls';
import { count } from '../app/count';
import { useLoad } from '../api/use-call';
import { useComposeNavigation } from '../app/compose-navigation';

const ROW_HEIGHT = 32;
const PAGE = 5000;

/** All recorded traffic, newest first, filtered, virtualized; new rows appear while the screen is open. */
export function TrafficScreen() {
  const api = useApi();
  const [status, setStatus] = useState('');
  const [pathPrefix, setPathPrefix] = useState('');
  const [fingerprint, setFingerprint] = useState('');
  const [findingCode, setFindingCode] = useState('');
  const [source, setSource] = useState('');
  const [text, setText] = useState('');
  const [credential, setCredential] = useState('');
  const [place, setPlace] = useState('');
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const [credentials] = useLoad(() => api.vault.list({}), [api]);
  const [providers] = useLoad(() => api.providers.list(), [api]);
  const [rows, setRows] = useState<Row[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [open, setOpen] = useState<Entry | null>(null);
  const { openInComposer } = useComposeNavigation();
  const detail = useRef<HTMLElement | null>(null);
  // In a narrow window the details stack under the list: bring the opened exchange into view.
  useEffect(() => {
    if (open && detail.current && window.matchMedia('(max-width: 1000px)').matches) detail.current.scrollIntoView({ block: 'start' });
  }, [open?.id]); // eslint-disable-line react-hooks/exhaustive-deps
  const [tick, setTick] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);

  // Each typed filter is checked by the contract's own schema; one that does not parse is named and not applied.
  const problem = (field: 'text' | 'status' | 'pathPrefix' | 'fingerprint', value: string) => {
    if (!value) return null;
    const parsed = TrafficFilter.shape[field].safeParse(value);
    return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'not valid');
  };
  const problems = {
    text: problem('text', text),
    status: problem('status', status),
    pathPrefix: problem('pathPrefix', pathPrefix),
    fingerprint: problem('fingerprint', fingerprint),
  };
  // The typed filters, one row each: the input and, when it does not parse, why.
  const typed = [
    { field: 'text', label: 'Search', placeholder: 'method, path, status, finding, key', value: text, set: setText, normalise: (v: string) => v },
    { field: 'status', label: 'Status', placeholder: '4xx or 403', value: status, set: setStatus, normalise: (v: string) => v.trim() },
    { field: 'pathPrefix', label: 'Path prefix', placeholder: '/v1/agents', value: pathPrefix, set: setPathPrefix, normalise: (v: string) => v.trim() },
    {
      field: 'fingerprint',
      label: 'Fingerprint',
      placeholder: 'hex, or its start',
      value: fingerprint,
      set: setFingerprint,
      normalise: (v: string) => v.trim().toLowerCase(),
    },
  ] as const;
  const [providerId, environmentId] = place ? place.split('/') : [];
  // A time typed in the page is local: sent as an instant (the contract takes ISO 8601 with an offset).
  const instant = (local: string) => (local && !Number.isNaN(Date.parse(local)) ? new Date(local).toISOString() : undefined);
  const filter = {
    ...(text.trim() && !problems.text ? { text: text.trim() } : {}),
    ...(credential ? { credential } : {}),
    ...(providerId ? { providerId } : {}),
    ...(environmentId ? { environmentId } : {}),
    ...(instant(since) ? { since: instant(since) } : {}),
    ...(instant(until) ? { until: instant(until) } : {}),
    ...(status && !problems.status ? { status } : {}),
    ...(pathPrefix && !problems.pathPrefix ? { pathPrefix } : {}),
    ...(fingerprint && !problems.fingerprint ? { fingerprint } : {}),
    ...(findingCode ? { findingCode } : {}),
    ...(source ? { source } : {}),
    limit: PAGE,
  };
  const filterKey = JSON.stringify(filter);

  // One page of list columns when the filter changes; after that only the rows newer than the
  // newest one shown, when the trusted side says traffic arrived. Nothing polls.
  useEffect(() => {
    let live = true;
    void api.traffic.list(JSON.parse(filterKey)).then((r) => {
      if (!live) return;
      if (r.ok) setRows(r.value);
      setError(r.ok ? null : r.error.message);
    });
    return () => {
      live = false;
    };
  }, [api, filterKey, tick]);

  const newest = rows.reduce((max, row) => Math.max(max, row.id), 0);
  useAppEvent(['traffic:added'], (event) => {
    if (event.latestId <= newest) return;
    void api.traffic.list({ ...JSON.parse(filterKey), afterId: newest }).then((r) => {
      if (!r.ok) return setError(r.error.message);
      setRows((current) => {
        const known = new Set(current.map((row) => row.id));
        const fresh = r.value.filter((row) => !known.has(row.id));
        // Newest first by time, as the list is read (an imported HAR row may be older than what is shown).
        return [...fresh, ...current].sort((a, b) => b.at.localeCompare(a.at) || b.id - a.id).slice(0, PAGE);
      });
    });
  });

  // This app does not use the React Compiler, which is what this rule protects.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });

  const exportHar = async () => {
    const result = await api.traffic.export(JSON.parse(filterKey));
    setSaved(result.ok ? downloadText(result.value.filename, result.value.mediaType, result.value.content) : null);
    setError(result.ok ? null : result.error.message);
  };

  return (
    <div className="traffic">
      <ProxyControls onChange={() => setTick((t) => t + 1)} />
      <InterceptControls onChange={() => setTick((t) => t + 1)} />
      <div className="toolbar">
        {typed.map((f) => (
          <label key={f.field}>
            {f.label}
            <input
              value={f.value}
              onChange={(e) => f.set(f.normalise(e.target.value))}
              placeholder={f.placeholder}
              aria-invalid={problems[f.field] ? 'true' : undefined}
              aria-describedby={problems[f.field] ? `${f.field}-problem` : undefined}
            />
          </label>
        ))}
        <label>
          Finding
          <select value={findingCode} onChange={(e) => setFindingCode(e.target.value)}>
            <option value="">any</option>
            {FindingCode.options.map((code) => (
              <option key={code}>{code}</option>
            ))}
          </select>
        </label>
        <label>
          Key
          <select value={credential} onChange={(e) => setCredential(e.target.value)}>
            <option value="">any</option>
            {(credentials.state === 'ready' ? credentials.value : []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Provider / env
          <select value={place} onChange={(e) => setPlace(e.target.value)}>
            <option value="">any</option>
            {(providers.state === 'ready' ? providers.value : []).flatMap((p) =>
              p.environments.map((env) => (
                <option key={`${p.id}/${env.id}`} value={`${p.id}/${env.id}`}>
                  {p.name} {env.label}
                </option>
              )),
            )}
          </select>
        </label>
        <label>
          From
          <input type="datetime-local" value={since} onChange={(e) => setSince(e.target.value)} />
        </label>
        <label>
          Until
          <input type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} />
        </label>
        <label>
          Source
          <select value={source} onChange={(e) => setSource(e.target.value)}>
            <option value="">any</option>
            {TrafficFilter.shape.source.unwrap().options.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <span className="push" />
        <button type="button" onClick={() => void exportHar()}>
          Export HAR
        </button>
      </div>
      <div aria-live="polite">
        {typed.map(
          (f) =>
            problems[f.field] && (
              <p key={f.field} className="field-error" id={`${f.field}-problem`}>
                {f.label} “{f.value}” is not applied: {problems[f.field]}.
              </p>
            ),
        )}
      </div>
      <ErrorText message={error} />
      <div aria-live="polite">{saved && <p className="notice">{saved}</p>}</div>
      <p className="muted" aria-live="polite" data-testid="traffic-count">
        {count(rows.length, 'exchange')}
        {rows.length === filter.limit ? ' (latest shown)' : ''}
      </p>
      <div className={`traffic-panes${open ? ' with-detail' : ''}`}>
        <div className="traffic-main">
          <div className="traffic-head" aria-hidden="true">
            <span>Time</span>
            <span>Source</span>
            <span>Provider / env</span>
            <span>Request</span>
            <span>Status</span>
            <span>Key</span>
            <span>Findings</span>
          </div>
          <div ref={scroller} className="traffic-list" role="list" aria-label="Traffic">
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {virtualizer.getVirtualItems().map((item) => {
                const row = rows[item.index]!;
                return (
                  <div
                    key={row.id}
                    role="listitem"
                    className="traffic-row"
                    style={{ position: 'absolute', top: 0, transform: `translateY(${item.start}px)`, height: ROW_HEIGHT, width: '100%' }}
                  >
                    <button
                      type="button"
                      aria-current={open?.id === row.id ? 'true' : undefined}
                      onClick={() => void api.history.get({ id: row.id }).then((r) => setOpen(r.ok ? r.value : null))}
                    >
                      <span>{new Date(row.at).toLocaleTimeString()}</span>
                      <span>
                        {row.byKeyhole ? (
                          <span className="chip" title="Keyhole's own request (key management during a rotation)">
                            keyhole
                          </span>
                        ) : (
                          row.source
                        )}
                      </span>
                      <span>{row.providerId ? `${row.providerId}/${row.environmentId ?? '?'}` : '–'}</span>
                      <span>
                        {row.method} {row.path}
                      </span>
                      <span className={`http-status s${String(row.status ?? 5)[0]}`}>{row.status ?? 'failed'}</span>
                      <span>{row.credentialName ?? (row.fingerprint ? `unknown ${row.fingerprint}` : '')}</span>
                      <span>{row.findingCodes.join(', ')}</span>
                    </button>
                  </div>
                );
              })}
            </div>
          </div>
        </div>
        {open && (
          <aside className="traffic-detail" aria-label="Exchange details" ref={detail}>
            <button type="button" className="link close-detail" onClick={() => setOpen(null)}>
              Close details ×
            </button>
            <button type="button" onClick={() => openInComposer({ historyId: open.id })}>
              Open in composer
            </button>
            <ExchangeView exchange={{ ...open, historyId: open.id }} />
            <ReplayControls key={open.id} historyId={open.id} providerId={open.providerId} />
          </aside>
        )}
      </div>
    </div>
  );
}
