import type { CredentialWarning } from '../../../shared/vault/credential-warnings';

export function WarningList({ warnings }: { warnings: readonly CredentialWarning[] }) {
  if (warnings.length === 0) return null;
  return (
    <ul className="warnings" aria-label="Warnings">
      {warnings.map((w, i) => (
        <li key={`${w.code}-${i}`} className={w.severity}>
          <strong>{w.severity === 'error' ? 'Error' : 'Warning'}:</strong> {w.message} <span className="fix">Fix: {w.fix}</span>
        </li>
      ))}
    </ul>
  );
}
