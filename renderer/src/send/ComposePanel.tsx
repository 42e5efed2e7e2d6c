import { useEffect, useMemo, useState } from 'react';
import type { Finding } from '../../../shared/diagnosis/finding';
import type { SentExchange } from '../../../shared/exchange/exchange';
import { ConfirmOrigin } from './ConfirmOrigin';
import { ExchangeView } from './ExchangeView';
import { useApi } from '../api/api-context';
import { useLoad } from '../api/use-call';
import { ErrorText } from '../app/ErrorText';
import { FindingList } from './FindingList';
import { parseHeaderLines } from '../../../shared/exchange/header-lines';
import { SavedRequests } from './SavedRequests';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Method = (typeof METHODS)[number];

/** Compose a request as a vault credential, see the predicted diagnosis, send, inspect. Ctrl+Enter sends. */
export function ComposePanel() {
  const api = useApi();
  const [credentials] = useLoad(() => api.vault.list({}), [api]);
  const [providers] = useLoad(() => api.providers.list(), [api]);
  const [credentialId, setCredentialId] = useState('');
  const [environmentId, setEnvironmentId] = useState('');
  const [method, setMethod] = useState<Method>('GET');
  const [path, setPath] = useState('/v1/');
  const [headerText, setHeaderText] = useState('');
  const [body, setBody] = useState('');
  const [predicted, setPredicted] = useState<Finding[]>([]);
  const [wire, setWire] = useState<SentExchange['request'] | null>(null);
  const [preflightError, setPreflightError] = useState<string | null>(null);
  const [exchange, setExchange] = useState<SentExchange | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const list = useMemo(() => (credentials.state === 'ready' ? credentials.value : []), [credentials]);
  const profiles = providers.state === 'ready' ? providers.value : [];
  // Never an admin key or a session by default: the least powerful active key comes first.
  const powerful = (c: (typeof list)[number]) =>
    c.kind === 'jwt' || c.scopes.some((s) => profiles.find((p) => p.id === c.providerId)?.scopes.find((scope) => scope.id === s)?.access === 'admin');
  const credential = list.find((c) => c.id === credentialId) ?? list.find((c) => c.status === 'active' && !powerful(c)) ?? list[0];
  const provider = providers.state === 'ready' ? providers.value.find((p) => p.id === credential?.providerId) : undefined;
  const parsedHeaders = parseHeaderLines(headerText.split('\n'));
  const request = useMemo(
    () =>
      credential && 'headers' in parsedHeaders && path.startsWith('/')
        ? {
            credential: credential.id,
            ...(environmentId && environmentId !== credential.environmentId ? { environmentId } : {}),
            method,
            path,
            headers: parsedHeaders.headers,
            body: method === 'GET' || method === 'DELETE' || !body.trim() ? null : body,
          }
        : null,
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [credential?.id, environmentId, method, path, headerText, body],
  );

  useEffect(() => {
    if (!request) return;
    const timer = setTimeout(() => {
      void api.send.preflight(request).then((r) => {
        setPredicted(r.ok ? r.value.findings : []);
        setWire(r.ok ? r.value.request : null);
        setPreflightError(r.ok ? null : r.error.message);
      });
    }, 200);
    return () => clearTimeout(timer);
  }, [api, request]);

  const send = async () => {
    if (!request || sending) return;
    setSending(true);
    const result = await api.send.execute(request);
    setSending(false);
    setExchange(result.ok ? result.value : null);
    setError(result.ok ? null : result.error.message);
  };

  if (credentials.state === 'ready' && list.length === 0) {
    return <p className="muted">Add a credential in the Vault first (or use “Try it” there for sandbox demo keys).</p>;
  }
  const blocking = request ? predicted.filter((f) => f.severity === 'error') : [];
  // A first send to an origin the key was never sent to waits for the code printed in the terminal.
  const pendingOrigin = error ? (/has never been sent to (\S+?)(?: \(|,)/.exec(error)?.[1] ?? null) : null;

  return (
    <div className="send">
      <form
        className="form composer"
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            void send();
          }
        }}
      >
        <div className="row">
          <label>
            Credential
            <select
              value={credential?.id ?? ''}
              onChange={(e) => {
                setCredentialId(e.target.value);
                setEnvironmentId('');
              }}
            >
              {list.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.providerId}/{c.environmentId}, {c.fingerprint})
                </option>
              ))}
            </select>
          </label>
          <label className="narrow">
            Environment
            <select value={environmentId || credential?.environmentId || ''} onChange={(e) => setEnvironmentId(e.target.value)}>
              {provider?.environments.map((env) => (
                <option key={env.id} value={env.id}>
                  {env.label}
                </option>
              ))}
            </select>
          </label>
          <label className="narrow">
            Method
            <select value={method} onChange={(e) => setMethod(e.target.value as Method)}>
              {METHODS.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          </label>
        </div>
        <label>
          Path
          <input value={path} onChange={(e) => setPath(e.target.value)} list="route-paths" spellCheck={false} autoComplete="off" />
          <datalist id="route-paths">
            {provider?.routeFamilies
              .flatMap((f) => f.paths)
              .map((p) => (
                <option key={p} value={p} />
              ))}
          </datalist>
        </label>
        <label>
          Headers (one “Name: value” per line; the credential’s header is added for you)
          <textarea rows={2} value={headerText} onChange={(e) => setHeaderText(e.target.value)} spellCheck={false} />
        </label>
        {'error' in parsedHeaders && <p className="field-error">{parsedHeaders.error}</p>}
        {method !== 'GET' && method !== 'DELETE' && (
          <label>
            JSON body
            <textarea rows={4} className="code" value={body} onChange={(e) => setBody(e.target.value)} spellCheck={false} />
          </label>
        )}
        <div aria-live="polite">
          <FindingList findings={request ? predicted : []} label="Predicted problems" />
          {request && preflightError && <p className="field-error">{preflightError}</p>}
        </div>
        {request && wire && (
          <details>
            <summary>Wire preview (redacted)</summary>
            <pre className="code" data-testid="wire-preview">
              {`${wire.method} ${wire.url}\n${Object.entries(wire.headers)
                .map(([k, v]) => `${k}: ${v}`)
                .join('\n')}`}
            </pre>
          </details>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={!request || sending}>
            {sending ? 'Sending…' : blocking.length > 0 ? 'Send anyway' : 'Send'} <kbd>Ctrl+Enter</kbd>
          </button>
        </div>
      </form>
      <SavedRequests
        providerId={credential?.providerId}
        current={
          request ? { credentialId: request.credential, method: request.method, path: request.path, headers: request.headers, body: request.body } : null
        }
        onLoad={(saved) => {
          if (saved.credentialId && list.some((c) => c.id === saved.credentialId)) setCredentialId(saved.credentialId);
          setMethod(saved.method as Method);
          setPath(saved.path);
          setHeaderText(
            Object.entries(saved.headers)
              .map(([k, v]) => `${k}: ${v}`)
              .join('\n'),
          );
          setBody(saved.body ?? '');
        }}
      />
      <ErrorText message={error} />
      {pendingOrigin && credential && <ConfirmOrigin credentialId={credential.id} origin={pendingOrigin} onConfirmed={() => void send()} />}
      {exchange && <ExchangeView exchange={exchange} />}
    </div>
  );
}
