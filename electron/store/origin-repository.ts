import type { Database } from 'better-sqlite3';

/** Which origins each credential may be sent to. */
export class OriginRepository {
  constructor(private readonly db: Database) {}

  has(credentialId: string, origin: string): boolean {
    return this.db.prepare('SELECT 1 FROM credential_origins WHERE credential_id = ? AND origin = ?').get(credentialId, origin) !== undefined;
  }

  /** True when the pin is new. */
  pin(credentialId: string, origin: string, at: string): boolean {
    return (
      this.db.prepare('INSERT OR IGNORE INTO credential_origins (credential_id, origin, pinned_at) VALUES (?, ?, ?)').run(credentialId, origin, at).changes > 0
    );
  }

  list(credentialId: string): string[] {
    return (this.db.prepare('SELECT origin FROM credential_origins WHERE credential_id = ? ORDER BY pinned_at').all(credentialId) as { origin: string }[]).map(
      (r) => r.origin,
    );
  }

  /** Credentials with no pin at all (added before pinning existed). */
  unpinned(): string[] {
    return (this.db.prepare('SELECT id FROM credentials WHERE id NOT IN (SELECT credential_id FROM credential_origins)').all() as { id: string }[]).map(
      (r) => r.id,
    );
  }
}
