import { useState } from 'react';
import type { SentExchange } from '../../../shared/exchange/exchange';
import type { CredentialKindProfile } from '../../../shared/providers/provider-profile';
import type { Credential } from '../../../shared/vault/credential';
import { useApi } from '../api/api-context';
import { ErrorText } from '../app/ErrorText';
import { ExchangeView } from '../send/ExchangeView';

/**
 * "Test key": the one cheap read-only request the profile names for this kind, sent with the key;
 * its answer and diagnosis shown here, the test audited. Keyed by credential, so another key starts clean.
 */
export function TestKey({ credential, kind, justAdded }: { credential: Credential; kind: CredentialKindProfile | undefined; justAdded: boolean }) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<SentExchange | null>(null);
  const [error, setError] = useState<string | null>(null);
  const request = kind?.testRequest;
  if (!request) return null;
  const test = async () => {
    setBusy(true);
    const r = await api.vault.test({ id: credential.id });
    setBusy(false);
    setResult(r.ok ? r.value : null);
    setError(r.ok ? null : r.error.message);
  };
  return (
    <section className="test-key" aria-label="Test key">
      <p className={justAdded ? 'notice' : 'muted'}>
        {justAdded ? 'Added. ' : ''}Test it with one read-only request:{' '}
        <code>
          {request.method} {request.path}
        </code>
        .{' '}
        <button type="button" disabled={busy || credential.status !== 'active'} onClick={() => void test()}>
          {busy ? 'Testing…' : 'Test key'}
        </button>
      </p>
      <ErrorText message={error} />
      {result && <ExchangeView exchange={result} idPrefix="test-key" />}
    </section>
  );
}
