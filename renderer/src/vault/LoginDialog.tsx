import { useState } from 'react';
import type { ProviderProfile } from '../../../shared/providers/provider-profile';
import type { Credential } from '../../../shared/vault/credential';
import { useApi } from '../api/api-context';
import { ErrorText } from '../app/ErrorText';
import { Dialog } from './Dialog';
import { ProviderEnvironmentFields } from './ProviderEnvironmentFields';

/** Logs in through the provider's login route; the session becomes a JWT credential with its refresh token. */
export function LoginDialog({
  providers,
  onClose,
  onLoggedIn,
}: {
  providers: readonly ProviderProfile[];
  onClose: () => void;
  onLoggedIn: (c: Credential) => void;
}) {
  const api = useApi();
  const withLogin = providers.filter((p) => p.login !== null);
  const [providerId, setProviderId] = useState(withLogin[0]?.id ?? '');
  const [environmentId, setEnvironmentId] = useState(withLogin[0]?.environments[0]?.id ?? '');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    const result = await api.session.login({ providerId, environmentId, name, email, password });
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    onLoggedIn(result.value);
  };

  return (
    <Dialog title="Log in (JWT session)" onClose={onClose}>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <div className="row">
          <ProviderEnvironmentFields
            providers={withLogin}
            providerId={providerId}
            environmentId={environmentId}
            onChange={(nextProvider, nextEnvironment) => {
              setProviderId(nextProvider);
              setEnvironmentId(nextEnvironment);
            }}
          />
        </div>
        <label>
          Name for this session
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="ops-session" autoComplete="off" />
        </label>
        <label>
          Email
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="username" />
        </label>
        <label>
          Password
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" />
        </label>
        <p className="muted hint">The password is used once and never stored; the refresh token goes to the keychain.</p>
        <ErrorText message={error} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy || !name.trim() || !email || !password}>
            Log in
          </button>
        </div>
      </form>
    </Dialog>
  );
}
