import { useState } from 'react';
import type { SentExchange } from '../../../shared/exchange/exchange';
import { useApi } from '../api/api-context';
import { downloadText } from '../app/download';
import { ErrorText } from '../app/ErrorText';
import { FindingList } from './FindingList';

/** One exchange: status, timings, diagnosis, the redacted request as sent, the response; exportable. */
export function ExchangeView({
  exchange,
}: {
  exchange: Pick<SentExchange, 'request' | 'response' | 'timings' | 'findings' | 'error'> & { historyId?: number };
}) {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  const exportBundle = async () => {
    if (exchange.historyId === undefined) return;
    const result = await api.history.bundle({ ids: [exchange.historyId] });
    if (result.ok) downloadText(result.value.filename, result.value.mediaType, result.value.content);
    setError(result.ok ? null : result.error.message);
  };
  const pretty = (text: string) => {
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      return text;
    }
  };
  return (
    <section className="exchange" aria-labelledby="exchange-title">
      <h2 id="exchange-title">
        {exchange.response ? (
          <>
            <span className={`http-status s${String(exchange.response.status)[0]}`} data-testid="response-status">
              {exchange.response.status}
            </span>{' '}
            {exchange.request.method} {exchange.request.url}
          </>
        ) : (
          'Request failed'
        )}
      </h2>
      {exchange.timings && (
        <p className="muted">
          {exchange.timings.totalMs} ms total
          {exchange.timings.connectMs !== null && ` · connect ${exchange.timings.connectMs} ms`}
          {exchange.timings.tlsMs !== null && ` · TLS ${exchange.timings.tlsMs} ms`}
          {exchange.timings.firstByteMs !== null && ` · first byte ${exchange.timings.firstByteMs} ms`} · {exchange.timings.requestBytes} B sent,{' '}
          {exchange.timings.responseBytes} B received
        </p>
      )}
      <ErrorText message={exchange.error ?? error} />
      <FindingList findings={exchange.findings} label="Diagnosis" />
      {exchange.historyId !== undefined && (
        <p>
          <button type="button" onClick={() => void exportBundle()}>
            Export support bundle (HAR, redacted)
          </button>
        </p>
      )}
      <details open>
        <summary>Request as sent (redacted)</summary>
        <pre className="code">
          {`${exchange.request.method} ${exchange.request.url}\n${Object.entries(exchange.request.headers)
            .map(([k, v]) => `${k}: ${v}`)
            .join('\n')}${exchange.request.body ? `\n\n${exchange.request.body}` : ''}`}
        </pre>
      </details>
      {exchange.response && (
        <details open>
          <summary>Response</summary>
          <pre className="code">
            {`${Object.entries(exchange.response.headers)
              .map(([k, v]) => `${k}: ${v}`)
              .join('\n')}\n\n${pretty(exchange.response.body)}`}
          </pre>
        </details>
      )}
    </section>
  );
}
