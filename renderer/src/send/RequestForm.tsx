import { useState } from 'react';
import { ErrorText } from '../app/ErrorText';
import type { Composer, Method } from './use-composer';
import { METHODS } from './use-composer';
import { FindingList } from './FindingList';
import { QueryGrid } from './QueryGrid';

/** The request: key, environment, method, path, headers, body; predicted problems as you type. Ctrl+Enter sends. */
export function RequestForm({ c }: { c: Composer }) {
  const blocking = c.predicted.filter((f) => f.severity === 'error');
  const [pasted, setPasted] = useState('');
  const openPasted = async (text: string) => {
    if (text.trim() && (await c.open({ text }))) setPasted('');
  };
  return (
    <>
      <div className="url-bar">
        <label>
          Paste a URL or a curl command
          <input
            value={pasted}
            onChange={(e) => setPasted(e.target.value)}
            onPaste={(e) => {
              const text = e.clipboardData.getData('text');
              if (text.trim()) {
                e.preventDefault();
                setPasted(text);
                void openPasted(text);
              }
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void openPasted(pasted);
              }
            }}
            placeholder="https://api.call2me.app/v1/agents?limit=5, or curl ..."
            spellCheck={false}
            autoComplete="off"
          />
        </label>
        <button type="button" disabled={!pasted.trim()} onClick={() => void openPasted(pasted)}>
          Open
        </button>
      </div>
      <ErrorText message={c.draftError} />
      {c.leftOut.length > 0 && (
        <div className="notice" role="status">
          Left out of the request:
          <ul>
            {c.leftOut.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      )}
      <form
        className="form composer"
        onSubmit={(event) => {
          event.preventDefault();
          void c.send();
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            void c.send();
          }
        }}
      >
        <div className="row">
          <label>
            Credential
            <select value={c.credential?.id ?? ''} onChange={(e) => c.setCredentialId(e.target.value)}>
              {c.list.map((k) => (
                <option key={k.id} value={k.id}>
                  {k.name} ({k.providerId}/{k.environmentId}, {k.fingerprint})
                </option>
              ))}
            </select>
          </label>
          <label className="narrow">
            Environment
            <select value={c.environmentId || c.credential?.environmentId || ''} onChange={(e) => c.setEnvironmentId(e.target.value)}>
              {c.provider?.environments.map((env) => (
                <option key={env.id} value={env.id}>
                  {env.label}
                </option>
              ))}
            </select>
          </label>
          <label className="narrow">
            Method
            <select value={c.method} onChange={(e) => c.setMethod(e.target.value as Method)}>
              {METHODS.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          </label>
        </div>
        <label>
          Path
          <input value={c.path} onChange={(e) => c.setPath(e.target.value)} list="route-paths" spellCheck={false} autoComplete="off" />
          <datalist id="route-paths">
            {c.provider?.routeFamilies
              .flatMap((f) => f.paths)
              .map((p) => (
                <option key={p} value={p} />
              ))}
          </datalist>
        </label>
        <QueryGrid path={c.path} onPath={c.setPath} />
        <label>
          Headers (one “Name: value” per line; the credential’s header is added for you)
          <textarea rows={2} value={c.headerText} onChange={(e) => c.setHeaderText(e.target.value)} spellCheck={false} />
        </label>
        {c.headerError && <p className="field-error">{c.headerError}</p>}
        {c.method !== 'GET' && c.method !== 'DELETE' && (
          <label>
            JSON body
            <textarea rows={4} className="code" value={c.body} onChange={(e) => c.setBody(e.target.value)} spellCheck={false} />
          </label>
        )}
        <div aria-live="polite">
          <FindingList findings={c.predicted} label="Predicted problems" />
          {c.preflightError && <p className="field-error">{c.preflightError}</p>}
        </div>
        {c.wire && (
          <details>
            <summary>Wire preview (redacted)</summary>
            <pre className="code" data-testid="wire-preview">
              {`${c.wire.method} ${c.wire.url}\n${Object.entries(c.wire.headers)
                .map(([k, v]) => `${k}: ${v}`)
                .join('\n')}`}
            </pre>
          </details>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={!c.request || c.sending}>
            {c.sending ? 'Sending…' : blocking.length > 0 ? 'Send anyway' : 'Send'} <kbd>Ctrl+Enter</kbd>
          </button>
        </div>
      </form>
    </>
  );
}
