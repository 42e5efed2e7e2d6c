import { prepared } from './prepared';
import type { Database } from 'better-sqlite3';
import type { SavedRequest, SavedRequestInput } from '../../shared/exchange/saved-request';

interface Row {
  id: number;
  provider_id: string;
  name: string;
  credential_id: string | null;
  method: SavedRequest['method'];
  path: string;
  headers: string;
  body: string | null;
  updated_at: string;
}

const toSaved = (r: Row): SavedRequest => ({
  id: r.id,
  name: r.name,
  providerId: r.provider_id,
  credentialId: r.credential_id,
  method: r.method,
  path: r.path,
  headers: JSON.parse(r.headers) as Record<string, string>,
  body: r.body,
  updatedAt: r.updated_at,
});

/** Saved composer requests, one name per provider; saving a name again replaces it. */
export class SavedRequestRepository {
  constructor(private readonly db: Database) {}

  save(input: SavedRequestInput, at: string): SavedRequest {
    this.db
      .prepare(
        `INSERT INTO saved_requests (provider_id, name, credential_id, method, path, headers, body, updated_at)
         VALUES (@providerId, @name, @credentialId, @method, @path, @headers, @body, @at)
         ON CONFLICT (provider_id, name) DO UPDATE SET credential_id = excluded.credential_id, method = excluded.method,
           path = excluded.path, headers = excluded.headers, body = excluded.body, updated_at = excluded.updated_at`,
      )
      .run({ ...input, headers: JSON.stringify(input.headers), at });
    return toSaved(prepared(this.db, 'SELECT * FROM saved_requests WHERE provider_id = ? AND name = ?').get(input.providerId, input.name) as Row);
  }

  list(providerId?: string): SavedRequest[] {
    const rows = providerId
      ? prepared(this.db, 'SELECT * FROM saved_requests WHERE provider_id = ? ORDER BY name').all(providerId)
      : prepared(this.db, 'SELECT * FROM saved_requests ORDER BY provider_id, name').all();
    return (rows as Row[]).map(toSaved);
  }

  remove(id: number): boolean {
    return prepared(this.db, 'DELETE FROM saved_requests WHERE id = ?').run(id).changes > 0;
  }

  /** Rotation hands saved requests from the old credential to the new one. */
  reassign(fromCredentialId: string, toCredentialId: string): number {
    return prepared(this.db, 'UPDATE saved_requests SET credential_id = ? WHERE credential_id = ?').run(toCredentialId, fromCredentialId).changes;
  }
}
