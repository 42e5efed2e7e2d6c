import type { AppStatus } from '../../../shared/ipc/contract';

export function StatusBar({ status }: { status: AppStatus | null }) {
  return (
    <footer className="status-bar" aria-label="Status">
      {status ? (
        <>
          <span data-testid="keychain-status" className={`pill ${status.keychain.state}`}>
            {status.keychain.state === 'available' ? `Keychain available (${status.keychain.backend})` : 'Keychain unavailable'}
          </span>
          <span>
            Secrets:{' '}
            {status.secretsMode === 'memory'
              ? 'memory only (lost on quit)'
              : status.keychain.state === 'available'
                ? 'OS keychain'
                : 'cannot be read or saved (choose in-memory secrets in Settings)'}
          </span>
          <span className="push">
            Keyhole {status.version} · {status.shell === 'electron' ? 'desktop' : 'web shell'}
          </span>
        </>
      ) : (
        <span>Connecting…</span>
      )}
    </footer>
  );
}
