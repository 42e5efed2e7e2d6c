import { prepared } from './prepared';
import type { Database } from 'better-sqlite3';
import { RotationEvent, type Rotation } from '../../shared/rotation/rotation';

/** Rotations and their append-only events. `append` belongs inside the caller's transaction. */
export class RotationRepository {
  constructor(private readonly db: Database) {}

  append(rotation: Rotation, event: RotationEvent): void {
    if (event.type === 'started') {
      this.db
        .prepare('INSERT INTO rotations (id, credential_id, step, started_at, updated_at) VALUES (?, ?, ?, ?, ?)')
        .run(rotation.id, rotation.credentialId, rotation.step, rotation.startedAt, rotation.updatedAt);
    } else {
      prepared(this.db, 'UPDATE rotations SET step = ?, updated_at = ? WHERE id = ?').run(rotation.step, rotation.updatedAt, rotation.id);
    }
    this.db
      .prepare('INSERT INTO rotation_events (rotation_id, seq, event) VALUES (?, (SELECT count(*) FROM rotation_events WHERE rotation_id = ?), ?)')
      .run(rotation.id, rotation.id, JSON.stringify(event));
  }

  events(id: string): RotationEvent[] {
    const rows = prepared(this.db, 'SELECT event FROM rotation_events WHERE rotation_id = ? ORDER BY seq').all(id) as { event: string }[];
    return rows.map((r) => RotationEvent.parse(JSON.parse(r.event)));
  }

  ids(filter: { activeOnly?: boolean } = {}): string[] {
    const sql = `SELECT id FROM rotations ${filter.activeOnly ? "WHERE step NOT IN ('completed', 'aborted')" : ''} ORDER BY started_at DESC`;
    return (prepared(this.db, sql).all() as { id: string }[]).map((r) => r.id);
  }

  activeFor(credentialId: string): string | undefined {
    const row = prepared(this.db, "SELECT id FROM rotations WHERE credential_id = ? AND step NOT IN ('completed', 'aborted')").get(credentialId) as
      { id: string } | undefined;
    return row?.id;
  }

  policy(): Map<string, number | null> {
    const rows = prepared(this.db, 'SELECT environment_id, max_age_days FROM rotation_policy').all() as {
      environment_id: string;
      max_age_days: number | null;
    }[];
    return new Map(rows.map((r) => [r.environment_id, r.max_age_days]));
  }

  setPolicy(environmentId: string, maxAgeDays: number | null): void {
    this.db
      .prepare(
        'INSERT INTO rotation_policy (environment_id, max_age_days) VALUES (?, ?) ON CONFLICT (environment_id) DO UPDATE SET max_age_days = excluded.max_age_days',
      )
      .run(environmentId, maxAgeDays);
  }
}
