import type { Migration } from '../migration';

export const migration0007: Migration = {
  version: 7,
  name: 'rotations',
  up: (db) => {
    db.exec(`
      -- A rotation is the fold of its events (shared/rotation/rotation.ts). The row keeps the current
      -- step, rewritten in the same transaction as each event, for the one-per-credential rule.
      CREATE TABLE rotations (
        id            TEXT PRIMARY KEY,
        credential_id TEXT NOT NULL,
        step          TEXT NOT NULL,
        started_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL
      ) STRICT;
      -- One rotation in progress per credential.
      CREATE UNIQUE INDEX rotations_active ON rotations (credential_id) WHERE step NOT IN ('completed', 'aborted');
      CREATE TABLE rotation_events (
        rotation_id TEXT NOT NULL REFERENCES rotations (id),
        seq         INTEGER NOT NULL,
        event       TEXT NOT NULL CHECK (json_valid(event)),
        PRIMARY KEY (rotation_id, seq)
      ) STRICT;
      CREATE TRIGGER rotation_events_no_update BEFORE UPDATE ON rotation_events BEGIN
        SELECT RAISE(ABORT, 'rotation events are append-only');
      END;
      CREATE TRIGGER rotation_events_no_delete BEFORE DELETE ON rotation_events BEGIN
        SELECT RAISE(ABORT, 'rotation events are append-only');
      END;
      -- Keys do not expire by themselves: remind when they are older than this, per environment id.
      CREATE TABLE rotation_policy (
        environment_id TEXT PRIMARY KEY,
        max_age_days   INTEGER CHECK (max_age_days IS NULL OR max_age_days > 0)
      ) STRICT;
      INSERT INTO rotation_policy (environment_id, max_age_days) VALUES ('production', 90), ('staging', 180);
    `);
  },
};
