import type { Credential } from '../../shared/vault/credential';
import type { CredentialWarning } from '../../shared/vault/credential-warnings';

/** Plain-text table: columns padded to their widest cell. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

export function credentialRows(credentials: readonly Credential[]): string {
  if (credentials.length === 0) return 'No credentials.';
  return table(
    ['NAME', 'PROVIDER', 'ENV', 'KIND', 'SCOPES', 'FINGERPRINT', 'STATUS'],
    credentials.map((c) => [c.name, c.providerId, c.environmentId, c.kind, c.scopes.join(',') || '(none)', c.fingerprint, c.status]),
  );
}

export function warningLines(warnings: readonly CredentialWarning[]): string[] {
  return warnings.map((w) => `${w.severity}: ${w.message} Fix: ${w.fix}`);
}
