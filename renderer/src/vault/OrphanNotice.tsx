import { count } from '../app/count';
import { useState } from 'react';
import { useApi } from '../api/api-context';
import { useLoad } from '../api/use-call';

/** Keychain entries with no metadata (an add interrupted by a crash), offered for clean-up. */
export function OrphanNotice() {
  const api = useApi();
  const [health, reload] = useLoad(() => api.vault.health(), [api]);
  const [message, setMessage] = useState<string | null>(null);
  if (health.state !== 'ready') return null;
  const { orphanAccounts, missingSecrets } = health.value;
  if (orphanAccounts.length === 0 && missingSecrets.length === 0 && !message) return null;
  return (
    <div className="banner warning inline" role="status">
      {orphanAccounts.length > 0 && (
        <p>
          {orphanAccounts.length} keychain {orphanAccounts.length === 1 ? 'entry has' : 'entries have'} no credential in Keyhole (an add was interrupted).{' '}
          <button
            type="button"
            onClick={() =>
              void api.vault.removeOrphans({ accounts: orphanAccounts }).then((r) => {
                setMessage(r.ok ? `Removed ${r.value.removed} orphaned keychain entries.` : r.error.message);
                reload();
              })
            }
          >
            Remove them
          </button>
        </p>
      )}
      {missingSecrets.length > 0 && <p>{count(missingSecrets.length, 'credential')} lost their secret; they are marked “secret missing”.</p>}
      {message && <p>{message}</p>}
    </div>
  );
}
