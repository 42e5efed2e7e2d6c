import { prepared } from './prepared';
import type { Database } from 'better-sqlite3';

/** Which origins each credential may be sent to. */
export class OriginRepository {
  constructor(private readonly db: Database) {}

  has(credentialId: string, origin: string): boolean {
    return prepared(this.db, 'SELECT 1 FROM credential_origins WHERE credential_id = ? AND origin = ?').get(credentialId, origin) !== undefined;
  }

  /** True when the pin is new. */
  pin(credentialId: string, origin: string, at: string): boolean {
    return (
      prepared(this.db, 'INSERT OR IGNORE INTO credential_origins (credential_id, origin, pinned_at) VALUES (?, ?, ?)').run(credentialId, origin, at).changes >
      0
    );
  }

  list(credentialId: string): string[] {
    return (
      prepared(this.db, 'SELECT origin FROM credential_origins WHERE credential_id = ? ORDER BY pinned_at').all(credentialId) as { origin: string }[]
    ).map((r) => r.origin);
  }

  /** Credentials with no pin at all (added before pinning existed). */
  unpinned(): string[] {
    return (prepared(this.db, 'SELECT id FROM credentials WHERE id NOT IN (SELECT credential_id FROM credential_origins)').all() as { id: string }[]).map(
      (r) => r.id,
    );
  }
}
