import type { DraftSource } from '../../../shared/exchange/exchange';
import { isPowerful } from '../../../shared/vault/credential-power';
import { useEffect, useMemo, useState } from 'react';
import type { Finding } from '../../../shared/diagnosis/finding';
import type { SentExchange } from '../../../shared/exchange/exchange';
import type { SavedRequest } from '../../../shared/exchange/saved-request';
import { parseHeaderLines } from '../../../shared/exchange/header-lines';
import { useApi } from '../api/api-context';
import { useLoad } from '../api/use-call';

/** Headers as the composer's text box shows them, one `Name: value` a line. */
const headerLines = (headers: Record<string, string>) =>
  Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type Method = (typeof METHODS)[number];

/** The composer's state: the request being written, its preflight, and the last answer. */
export function useComposer() {
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
  const [touched, setTouched] = useState(false);

  const list = useMemo(() => (credentials.state === 'ready' ? credentials.value : []), [credentials]);
  const profiles = providers.state === 'ready' ? providers.value : [];
  // Never an admin key or a session by default; of the others, the key used last, so the composer
  // picks up where the user left off.
  const byLastUse = [...list].sort((a, b) => (b.lastUsedAt ?? '').localeCompare(a.lastUsedAt ?? ''));
  const credential = list.find((c) => c.id === credentialId) ?? byLastUse.find((c) => c.status === 'active' && !isPowerful(c, profiles)) ?? list[0];
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

  // Nothing is predicted before the user has touched the request: an untouched composer shows no warnings.
  useEffect(() => {
    if (!request || !touched) return;
    const timer = setTimeout(() => {
      void api.send.preflight(request).then((r) => {
        setPredicted(r.ok ? r.value.findings : []);
        setWire(r.ok ? r.value.request : null);
        setPreflightError(r.ok ? null : r.error.message);
      });
    }, 200);
    return () => clearTimeout(timer);
  }, [api, request, touched]);

  const send = async () => {
    if (!request || sending) return;
    setSending(true);
    const result = await api.send.execute(request);
    setSending(false);
    setExchange(result.ok ? result.value : null);
    setError(result.ok ? null : result.error.message);
  };

  const edit =
    <T>(set: (value: T) => void) =>
    (value: T) => {
      setTouched(true);
      set(value);
    };
  const [leftOut, setLeftOut] = useState<string[]>([]);
  const [draftError, setDraftError] = useState<string | null>(null);
  /** A paste (URL or curl) or a recorded exchange, as the request in the form. */
  const open = async (source: DraftSource) => {
    const result = await api.send.draft(source);
    setDraftError(result.ok ? null : result.error.message);
    if (!result.ok) return false;
    const draft = result.value;
    setTouched(true);
    if (draft.credentialId && list.some((c) => c.id === draft.credentialId)) setCredentialId(draft.credentialId);
    else if (draft.providerId) {
      // No key of its own: the least powerful active key of that provider and environment.
      const candidates = list.filter(
        (c) => c.status === 'active' && c.providerId === draft.providerId && (!draft.environmentId || c.environmentId === draft.environmentId),
      );
      const pick = byLastUse.find((c) => candidates.includes(c) && !isPowerful(c, profiles)) ?? candidates[0];
      if (pick) setCredentialId(pick.id);
    }
    setEnvironmentId(draft.environmentId ?? '');
    // The composer sends the five methods APIs use; a HEAD or OPTIONS paste is said, not changed silently.
    if ((METHODS as readonly string[]).includes(draft.method)) setMethod(draft.method as Method);
    else draft.leftOut.push(`the method ${draft.method}: the composer sends ${METHODS.join(', ')}`);
    setPath(draft.path);
    setHeaderText(headerLines(draft.headers));
    setBody(draft.body ?? '');
    setLeftOut(draft.leftOut);
    return true;
  };
  const load = (saved: SavedRequest) => {
    setTouched(true);
    if (saved.credentialId && list.some((c) => c.id === saved.credentialId)) setCredentialId(saved.credentialId);
    setMethod(saved.method as Method);
    setPath(saved.path);
    setHeaderText(headerLines(saved.headers));
    setBody(saved.body ?? '');
  };
  return {
    credentials,
    list,
    credential,
    provider,
    environmentId,
    setEnvironmentId: edit(setEnvironmentId),
    setCredentialId: edit((id: string) => {
      setCredentialId(id);
      setEnvironmentId('');
    }),
    method,
    setMethod: edit(setMethod),
    path,
    setPath: edit(setPath),
    headerText,
    setHeaderText: edit(setHeaderText),
    headerError: 'error' in parsedHeaders ? parsedHeaders.error : null,
    body,
    setBody: edit(setBody),
    request,
    predicted: request && touched ? predicted : [],
    wire: request && touched ? wire : null,
    preflightError: request && touched ? preflightError : null,
    exchange,
    error,
    sending,
    send,
    load,
    open,
    leftOut,
    draftError,
  };
}
export type Composer = ReturnType<typeof useComposer>;
