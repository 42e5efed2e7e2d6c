import { useState } from 'react';
import { useApi } from '../api/api-context';
import { useLoad } from '../api/use-call';
import { ErrorText } from '../app/ErrorText';
import type { Credential } from '../../../shared/vault/credential';

const ALGS = ['HS256', 'RS256', 'ES256', 'EdDSA'] as const;

/** Mint a test JWT signed with a vault key; it is saved to the vault as a JWT credential, not shown. */
export function MintJwtForm() {
  const api = useApi();
  const [credentials] = useLoad(() => api.vault.list({}), [api]);
  const [providers] = useLoad(() => api.providers.list(), [api]);
  const profiles = providers.state === 'ready' ? providers.value : [];
  const isLive = (c: Credential) => profiles.find((p) => p.id === c.providerId)?.environments.find((e) => e.id === c.environmentId)?.live ?? true;
  // Only keys that can sign (a revoked one cannot); a test key by default, never a live one: signing
  // test tokens with a production key is chosen on purpose or not at all.
  const list = credentials.state === 'ready' ? credentials.value.filter((c) => c.status === 'active') : [];
  const preferred = list.find((c) => !isLive(c));
  const [chosen, setSigner] = useState('');
  const signer = chosen || preferred?.id || '';
  const [alg, setAlg] = useState<(typeof ALGS)[number]>('HS256');
  const [claims, setClaims] = useState('{\n  "sub": "test-user"\n}');
  const [expiresIn, setExpiresIn] = useState('3600');
  const [name, setName] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const mint = async () => {
    const result = await api.jwt.mint({
      signingCredential: signer,
      claims,
      alg,
      expiresInSeconds: expiresIn ? Number(expiresIn) : null,
      name,
    });
    setError(result.ok ? null : result.error.message);
    setMessage(result.ok ? `Saved ${result.value.credential.name} (${result.value.credential.fingerprint}) to the vault; send with it from Compose.` : null);
  };

  if (list.length === 0) return null;
  return (
    <section className="form" aria-labelledby="mint-title">
      <h2 id="mint-title">Mint a test JWT</h2>
      <div className="row">
        <label>
          Signing key
          <select value={signer} onChange={(e) => setSigner(e.target.value)}>
            {!preferred && <option value="">Choose a signing key</option>}
            {list.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.fingerprint}){isLive(c) ? ' · live' : ''}
              </option>
            ))}
          </select>
        </label>
        <label className="narrow">
          Algorithm
          <select value={alg} onChange={(e) => setAlg(e.target.value as (typeof ALGS)[number])}>
            {ALGS.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        <label className="narrow">
          Expires in (s)
          <input inputMode="numeric" value={expiresIn} onChange={(e) => setExpiresIn(e.target.value.replace(/\D/g, ''))} />
        </label>
      </div>
      <label>
        Claims (JSON)
        <textarea className="code" rows={4} value={claims} onChange={(e) => setClaims(e.target.value)} spellCheck={false} />
      </label>
      <label>
        Save as
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="test-jwt" autoComplete="off" />
      </label>
      <ErrorText message={error} />
      {message && <p className="notice">{message}</p>}
      <div className="actions">
        <button type="button" className="primary" disabled={!name.trim() || !signer} onClick={() => void mint()}>
          Mint and save
        </button>
      </div>
    </section>
  );
}
