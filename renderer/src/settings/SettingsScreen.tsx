import { useState } from 'react';
import type { AppStatus } from '../../../shared/ipc/contract';
import { Theme, type Settings } from '../../../shared/settings/settings';
import { useApi } from '../api/api-context';
import { ErrorText } from '../app/ErrorText';
import { EnvironmentSettings } from './EnvironmentSettings';
import { ImportSettings } from './ImportSettings';
import { InterceptCaSettings } from './InterceptCaSettings';
import { RetentionForm } from './RetentionForm';
import { RotationPolicyForm } from './RotationPolicyForm';

interface Props {
  status: AppStatus;
  settings: Settings;
  onStatus: (status: AppStatus) => void;
  onSettings: (settings: Settings) => void;
}

export function SettingsScreen({ status, settings, onStatus, onSettings }: Props) {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);

  // Optimistic: the choice shows at once, and is put back if it could not be saved.
  const setTheme = async (theme: Theme) => {
    const previous = settings;
    onSettings({ ...settings, theme });
    const result = await api.settings.update({ theme });
    onSettings(result.ok ? result.value : previous);
    setError(result.ok ? null : `The theme could not be saved: ${result.error.message}`);
  };

  const useMemory = async () => {
    const result = await api.secrets.useMemory();
    if (result.ok) onStatus(result.value);
    setError(result.ok ? null : result.error.message);
  };

  return (
    <div className="settings">
      <ErrorText message={error} />
      <section aria-labelledby="storage-heading">
        <h2 id="storage-heading">Storage</h2>
        <dl>
          <dt>Data directory</dt>
          <dd data-testid="data-dir">
            <code>{status.dataDir}</code>
          </dd>
          <dt>Database</dt>
          <dd>
            <code>{status.databaseFile}</code> (schema version {status.schemaVersion})
          </dd>
        </dl>
        <RetentionForm retention={settings.historyRetention} onSaved={(historyRetention) => onSettings({ ...settings, historyRetention })} />
      </section>

      <EnvironmentSettings />
      <RotationPolicyForm />
      <ImportSettings />
      <InterceptCaSettings />

      <section aria-labelledby="keychain-heading">
        <h2 id="keychain-heading">Keychain</h2>
        {status.keychain.state === 'available' ? (
          <p data-testid="keychain-detail">Available: secrets are stored in the {status.keychain.backend}, never in Keyhole's database.</p>
        ) : (
          <>
            <p data-testid="keychain-detail">Unavailable: {status.keychain.reason}.</p>
            {status.secretsMode === 'keychain' && (
              <p>
                <button type="button" onClick={useMemory}>
                  Keep secrets in memory for this session
                </button>
                <span className="muted"> They are lost when Keyhole quits.</span>
              </p>
            )}
          </>
        )}
      </section>

      <section aria-labelledby="appearance-heading">
        <h2 id="appearance-heading">Appearance</h2>
        <fieldset>
          <legend>Theme</legend>
          {Theme.options.map((theme) => (
            <label key={theme}>
              <input type="radio" name="theme" value={theme} checked={settings.theme === theme} onChange={() => void setTheme(theme)} />
              {theme[0]!.toUpperCase() + theme.slice(1)}
            </label>
          ))}
        </fieldset>
      </section>
    </div>
  );
}
