import { prepared } from './prepared';
import type { Database } from 'better-sqlite3';
import type { AuditAction, AuditEntry, AuditFilter } from '../../shared/vault/audit';

export interface AuditRecord {
  action: AuditAction;
  credentialId?: string | null;
  credentialName?: string | null;
  fingerprint?: string | null;
  detail?: string;
}

/** Append-only (triggers refuse UPDATE and DELETE). Call inside the transaction of the change it records. */
export class AuditRepository {
  private readonly insert;

  constructor(
    private readonly db: Database,
    private readonly actor: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.insert = db.prepare(
      `INSERT INTO audit_log (at, actor, action, credential_id, credential_name, fingerprint, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  append(record: AuditRecord): void {
    this.insert.run(
      this.now().toISOString(),
      this.actor,
      record.action,
      record.credentialId ?? null,
      record.credentialName ?? null,
      record.fingerprint ?? null,
      record.detail ?? '',
    );
  }

  list(filter: AuditFilter): AuditEntry[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.action) {
      where.push('action = ?');
      params.push(filter.action);
    }
    if (filter.credential) {
      where.push('(credential_id = ? OR credential_name = ? COLLATE NOCASE OR fingerprint = ?)');
      params.push(filter.credential, filter.credential, filter.credential);
    }
    if (filter.since) {
      where.push('at >= ?');
      params.push(new Date(filter.since).toISOString());
    }
    const sql = `SELECT id, at, actor, action, credential_id AS credentialId, credential_name AS credentialName,
                        fingerprint, detail
                 FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                 ORDER BY id DESC LIMIT ?`;
    return prepared(this.db, sql).all(...params, filter.limit) as AuditEntry[];
  }
}
