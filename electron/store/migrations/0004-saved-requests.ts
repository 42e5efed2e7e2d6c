import type { Migration } from '../migration';

export const migration0004: Migration = {
  version: 4,
  name: 'saved-requests',
  up: (db) => {
    db.exec(`
      -- Composer settings to re-run. Never a credential header: Keyhole adds that itself at send time.
      CREATE TABLE saved_requests (
        id            INTEGER PRIMARY KEY,
        provider_id   TEXT NOT NULL,
        name          TEXT NOT NULL,
        credential_id TEXT REFERENCES credentials (id) ON DELETE SET NULL,
        method        TEXT NOT NULL,
        path          TEXT NOT NULL,
        headers       TEXT NOT NULL CHECK (json_valid(headers)),
        body          TEXT,
        updated_at    TEXT NOT NULL,
        UNIQUE (provider_id, name)
      ) STRICT;
    `);
  },
};
