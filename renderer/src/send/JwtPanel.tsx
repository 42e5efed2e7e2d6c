import { useState } from 'react';
import type { z } from 'zod';
import type { contract } from '../../../shared/ipc/contract';
import { useApi } from '../api/api-context';
import { ErrorText } from '../app/ErrorText';
import { MintJwtForm } from './MintJwtForm';

type Inspection = z.infer<(typeof contract)['jwt:inspect']['output']>;
type KeyType = 'none' | 'secret' | 'pem-or-jwk' | 'jwks-url';

/** Decode a JWT, see its times, and verify it with a shared secret, PEM, JWK or a JWKS URL. */
export function JwtPanel() {
  const api = useApi();
  const [token, setToken] = useState('');
  const [keyType, setKeyType] = useState<KeyType>('none');
  const [keyValue, setKeyValue] = useState('');
  const [result, setResult] = useState<Inspection | null>(null);
  const [error, setError] = useState<string | null>(null);

  const inspect = async () => {
    const key = keyType === 'none' ? { type: 'none' as const } : { type: keyType, value: keyValue };
    const r = await api.jwt.inspect({ token, key });
    setResult(r.ok ? r.value : null);
    setError(r.ok ? null : r.error.message);
  };

  return (
    <div className="form">
      <label>
        Token
        <textarea
          className="code"
          rows={3}
          value={token}
          onChange={(e) => {
            setToken(e.target.value);
            // What was found was about the old text: it goes with it.
            setResult(null);
            setError(null);
          }}
          spellCheck={false}
        />
      </label>
      <div className="row">
        <label className="narrow">
          Verify with
          <select value={keyType} onChange={(e) => setKeyType(e.target.value as KeyType)}>
            <option value="none">Nothing (decode only)</option>
            <option value="secret">Shared secret (HS*)</option>
            <option value="pem-or-jwk">PEM or JWK</option>
            <option value="jwks-url">JWKS URL</option>
          </select>
        </label>
        {keyType !== 'none' && (
          <label>
            {keyType === 'secret' ? 'Secret' : keyType === 'jwks-url' ? 'JWKS URL' : 'Public key (PEM) or JWK'}
            {keyType === 'pem-or-jwk' ? (
              <textarea className="code" rows={3} value={keyValue} onChange={(e) => setKeyValue(e.target.value)} spellCheck={false} />
            ) : (
              <input type={keyType === 'secret' ? 'password' : 'url'} value={keyValue} onChange={(e) => setKeyValue(e.target.value)} autoComplete="off" />
            )}
          </label>
        )}
      </div>
      <div className="actions">
        <button type="button" className="primary" disabled={!token.trim()} onClick={() => void inspect()}>
          Inspect
        </button>
      </div>
      <ErrorText message={error} />
      {result && (
        <section className="exchange" aria-label="Token">
          {/* A signature that does not verify is the one thing that matters: said first, as an alert. */}
          {result.signature.verified === false && (
            <p role="alert" className="error signature-failed" data-testid="jwt-signature-alert">
              The signature does not verify: {result.signature.reason}. Do not trust these claims.
            </p>
          )}
          <dl>
            <dt>Signature</dt>
            <dd data-testid="jwt-signature">
              {result.signature.verified === null
                ? 'not checked (no key)'
                : result.signature.verified
                  ? 'verified'
                  : `not verified: ${result.signature.reason}`}
            </dd>
            <dt>Expired</dt>
            <dd data-testid="jwt-expired">{result.expired === null ? 'no exp claim' : result.expired ? 'yes' : 'no'}</dd>
            {Object.entries(result.times)
              .filter(([, t]) => t)
              .map(([name, t]) => (
                <div key={name} className="contents">
                  <dt>{name}</dt>
                  <dd>
                    {t!.at} ({t!.relative})
                  </dd>
                </div>
              ))}
          </dl>
          {result.findings.length > 0 && (
            <ul className="warnings" aria-label="Token warnings">
              {result.findings.map((f) => (
                <li key={f.code} className={f.severity}>
                  {f.message}
                </li>
              ))}
            </ul>
          )}
          <h2>Header</h2>
          <pre className="code">{JSON.stringify(result.header, null, 2)}</pre>
          <h2>Claims</h2>
          <pre className="code">{JSON.stringify(result.payload, null, 2)}</pre>
        </section>
      )}
      <MintJwtForm />
    </div>
  );
}
