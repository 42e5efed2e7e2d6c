import { prepared } from './prepared';
import type { Database } from 'better-sqlite3';
import type { Credential, CredentialStatus } from '../../shared/vault/credential';

interface Row {
  id: string;
  name: string;
  provider_id: string;
  environment_id: string;
  kind: string;
  scopes: string;
  bound_id: string | null;
  notes: string;
  expires_at: string | null;
  fingerprint: string;
  last4: string;
  status: CredentialStatus;
  created_at: string;
  updated_at: string;
  last_used_at: string | null;
  memory_session: string | null;
}

export interface CredentialFilter {
  providerId?: string;
  environmentId?: string;
  /** Matches name, fingerprint, kind or bound id, case-insensitively. */
  query?: string;
}

const fromRow = (row: Row): Credential => ({
  id: row.id,
  name: row.name,
  providerId: row.provider_id,
  environmentId: row.environment_id,
  kind: row.kind,
  scopes: JSON.parse(row.scopes) as string[],
  boundId: row.bound_id,
  notes: row.notes,
  expiresAt: row.expires_at,
  fingerprint: row.fingerprint,
  last4: row.last4,
  status: row.status,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  lastUsedAt: row.last_used_at,
});

/**
 * Credential metadata. Never holds a secret: there is no column for one. `session` names this run of
 * Keyhole: a credential whose secret an earlier session held in memory reads as `secret_missing`
 * (that secret went with the session), whatever its stored status says.
 */
export class CredentialRepository {
  constructor(
    private readonly db: Database,
    private readonly session: string | null = null,
  ) {}

  private readonly toCredential = (row: Row): Credential => {
    const credential = fromRow(row);
    const lostWithItsSession = this.session !== null && row.memory_session !== null && row.memory_session !== this.session;
    return lostWithItsSession && credential.status === 'active' ? { ...credential, status: 'secret_missing' } : credential;
  };

  /** `inMemory`: this session's in-memory store holds the secret (no keychain). */
  insert(c: Credential, { inMemory = false }: { inMemory?: boolean } = {}): void {
    this.db
      .prepare(
        `INSERT INTO credentials (id, name, provider_id, environment_id, kind, scopes, bound_id, notes, expires_at,
                                  fingerprint, last4, status, created_at, updated_at, last_used_at, memory_session)
         VALUES (@id, @name, @providerId, @environmentId, @kind, @scopes, @boundId, @notes, @expiresAt,
                 @fingerprint, @last4, @status, @createdAt, @updatedAt, @lastUsedAt, @memorySession)`,
      )
      .run({ ...c, scopes: JSON.stringify(c.scopes), memorySession: inMemory ? this.session : null });
  }

  /** Where the credential's secret is held, as far as this session can tell. */
  secretHeldIn(id: string): 'keychain' | 'this-session-memory' | 'earlier-session-memory' {
    const row = prepared(this.db, 'SELECT memory_session FROM credentials WHERE id = ?').get(id) as { memory_session: string | null } | undefined;
    if (!row || row.memory_session === null) return 'keychain';
    return row.memory_session === this.session ? 'this-session-memory' : 'earlier-session-memory';
  }

  update(c: Credential): void {
    this.db
      .prepare(
        `UPDATE credentials SET name = @name, scopes = @scopes, bound_id = @boundId, notes = @notes,
                expires_at = @expiresAt, status = @status, updated_at = @updatedAt WHERE id = @id`,
      )
      .run({ ...c, scopes: JSON.stringify(c.scopes) });
  }

  setStatus(id: string, status: CredentialStatus, at: string): void {
    prepared(this.db, 'UPDATE credentials SET status = ?, updated_at = ? WHERE id = ?').run(status, at, id);
  }

  setFingerprint(id: string, fingerprint: string, last4: string): void {
    prepared(this.db, 'UPDATE credentials SET fingerprint = ?, last4 = ? WHERE id = ?').run(fingerprint, last4, id);
  }

  markUsed(id: string, at: string): void {
    prepared(this.db, 'UPDATE credentials SET last_used_at = ? WHERE id = ?').run(at, id);
  }

  /** Credentials whose fingerprint is still the plain hash of before keyed fingerprints. */
  awaitingRekey(): string[] {
    return (prepared(this.db, 'SELECT credential_id FROM fingerprint_rekey').all() as { credential_id: string }[]).map((r) => r.credential_id);
  }

  /** A credential's new fingerprint, and its history rows moved to it, in one go. */
  rekey(id: string, from: string, to: string, last4: string): void {
    this.db.transaction(() => {
      prepared(this.db, 'UPDATE credentials SET fingerprint = ?, last4 = ? WHERE id = ?').run(to, last4, id);
      prepared(this.db, 'UPDATE history SET fingerprint = ? WHERE fingerprint = ?').run(to, from);
      prepared(this.db, 'DELETE FROM fingerprint_rekey WHERE credential_id = ?').run(id);
    })();
  }

  /** Folds the WAL back into the file and truncates it, so deleted rows do not linger there. */
  checkpoint(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  delete(id: string): void {
    prepared(this.db, 'DELETE FROM credentials WHERE id = ?').run(id);
    prepared(this.db, 'DELETE FROM fingerprint_rekey WHERE credential_id = ?').run(id);
  }

  get(id: string): Credential | undefined {
    const row = prepared(this.db, 'SELECT * FROM credentials WHERE id = ?').get(id) as Row | undefined;
    return row && this.toCredential(row);
  }

  /** By id, or by name (case-insensitive). */
  find(idOrName: string): Credential | undefined {
    const row = prepared(this.db, 'SELECT * FROM credentials WHERE id = ? OR name = ? COLLATE NOCASE').get(idOrName, idOrName) as Row | undefined;
    return row && this.toCredential(row);
  }

  withFingerprint(fingerprint: string): Credential[] {
    return (prepared(this.db, 'SELECT * FROM credentials WHERE fingerprint = ?').all(fingerprint) as Row[]).map(this.toCredential);
  }

  list(filter: CredentialFilter = {}): Credential[] {
    const where: string[] = [];
    const params: Record<string, string> = {};
    if (filter.providerId) {
      where.push('provider_id = @providerId');
      params.providerId = filter.providerId;
    }
    if (filter.environmentId) {
      where.push('environment_id = @environmentId');
      params.environmentId = filter.environmentId;
    }
    if (filter.query) {
      where.push("(name LIKE @query ESCAPE '\\' OR fingerprint LIKE @query ESCAPE '\\' OR kind LIKE @query ESCAPE '\\' OR bound_id LIKE @query ESCAPE '\\')");
      params.query = `%${filter.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    }
    const sql = `SELECT * FROM credentials ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                 ORDER BY provider_id, environment_id, name COLLATE NOCASE`;
    return (prepared(this.db, sql).all(params) as Row[]).map(this.toCredential);
  }

  ids(): Set<string> {
    return new Set((prepared(this.db, 'SELECT id FROM credentials').all() as { id: string }[]).map((r) => r.id));
  }
}
