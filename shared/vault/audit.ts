import { z } from 'zod';

export const AuditAction = z.enum([
  'create',
  'edit',
  'reveal',
  'copy',
  'delete',
  'import',
  'provider-import',
  'environment-change',
  'cleanup',
  'login',
  'session-refresh',
  'rotation',
  'revoke',
  'origin-pin',
  'run',
  /** "Test key": one read-only request sent with the key, and what came back. */
  'key-test',
  /** A secret given to check or import was one the vault holds: an API caller may be testing guesses. */
  'secret-match',
]);
export type AuditAction = z.infer<typeof AuditAction>;

/** One audit row: who did what to which credential, when. Never a secret, only its fingerprint. */
export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: AuditAction,
  credentialId: z.string().nullable(),
  credentialName: z.string().nullable(),
  fingerprint: z.string().nullable(),
  detail: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditFilter = z.object({
  action: AuditAction.optional(),
  credential: z.string().optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  limit: z.number().int().min(1).max(10_000).default(500),
});
export type AuditFilter = z.infer<typeof AuditFilter>;

const CSV_COLUMNS = ['id', 'at', 'actor', 'action', 'credentialId', 'credentialName', 'fingerprint', 'detail'] as const;

export function auditToCsv(entries: readonly AuditEntry[]): string {
  const cell = (value: string | number | null) => {
    const raw = value === null ? '' : String(value);
    // A leading ' makes spreadsheets read a would-be formula as text (quoting alone does not: they
    // still evaluate "=..."); then quote whatever could break the row.
    const text = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
    return /[",\n\r\t']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [CSV_COLUMNS.join(','), ...entries.map((e) => CSV_COLUMNS.map((c) => cell(e[c])).join(','))].join('\n') + '\n';
}
