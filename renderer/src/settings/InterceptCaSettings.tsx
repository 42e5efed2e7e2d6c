import { useState } from 'react';
import type { InterceptCa } from '../../../shared/intercept/intercept';
import { useApi } from '../api/api-context';
import { ErrorText } from '../app/ErrorText';
import { downloadText } from '../app/download';

/** Keyhole's interception CA: its fingerprint, what it may sign for, and its certificate to trust by hand. */
export function InterceptCaSettings() {
  const api = useApi();
  const [ca, setCa] = useState<InterceptCa | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Asked for, not loaded with the screen: the first call creates the CA (its key goes to the keychain).
  const load = async () => {
    const result = await api.intercept.ca();
    setError(result.ok ? null : result.error.message);
    if (result.ok) setCa(result.value);
    return result.ok ? result.value : null;
  };

  return (
    <section aria-labelledby="ca-heading">
      <h2 id="ca-heading">Interception CA</h2>
      <p className="hint">
        Intercept presents certificates from this CA for the vendors&apos; hosts only (it is name-constrained to them). Its private key stays in the OS
        keychain. `keyhole run --intercept` trusts it for one command; trust it by hand only where you need to.
      </p>
      {ca ? (
        <dl data-testid="ca-details">
          <dt>SHA-256 fingerprint</dt>
          <dd>
            <code data-testid="ca-fingerprint">{ca.fingerprint}</code>
          </dd>
          <dt>May sign for</dt>
          <dd>{ca.hosts.join(', ')}</dd>
          <dt>Valid until</dt>
          <dd>{new Date(ca.notAfter).toLocaleDateString()}</dd>
        </dl>
      ) : (
        <button type="button" onClick={() => void load()}>
          Show the CA
        </button>
      )}
      <button
        type="button"
        onClick={() =>
          void (async () => {
            const current = ca ?? (await load());
            if (current) setMessage(downloadText('keyhole-interception-ca.pem', 'application/x-pem-file', current.pem));
          })()
        }
      >
        Export certificate
      </button>
      {message && <p role="status">{message}</p>}
      <ErrorText message={error} />
    </section>
  );
}
