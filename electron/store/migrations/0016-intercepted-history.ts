import type { Migration } from '../migration';

/** The columns of `history` after migration 14, in order: copied as they are. */
const COLUMNS =
  'id, at, source, credential_id, fingerprint, provider_id, environment_id, method, url, status, request_headers, request_body, ' +
  'response_headers, response_body, timings, findings, error, path, sealed, trimmed, request_cut, response_cut';

export const migration0016: Migration = {
  version: 16,
  name: 'intercepted-history',
  up: (db) => {
    // A CHECK constraint cannot be altered in SQLite: the table is rebuilt (sqlite.org/lang_altertable.html,
    // "making other kinds of table schema changes"), with its indexes and triggers, in the migration's transaction.
    db.exec(`
      CREATE TABLE history_next (
        id               INTEGER PRIMARY KEY,
        at               TEXT NOT NULL,
        -- 'intercept': seen by the intercepting proxy (keyhole run --intercept, Traffic's Intercept).
        source           TEXT NOT NULL CHECK (source IN ('send', 'proxy', 'intercept', 'import', 'login')),
        credential_id    TEXT,
        fingerprint      TEXT,
        provider_id      TEXT,
        environment_id   TEXT,
        method           TEXT NOT NULL,
        url              TEXT NOT NULL,
        status           INTEGER,
        request_headers  TEXT NOT NULL CHECK (json_valid(request_headers)),
        request_body     TEXT,
        response_headers TEXT CHECK (response_headers IS NULL OR json_valid(response_headers)),
        response_body    TEXT,
        timings          TEXT CHECK (timings IS NULL OR json_valid(timings)),
        findings         TEXT NOT NULL CHECK (json_valid(findings)),
        error            TEXT,
        path             TEXT NOT NULL DEFAULT '',
        sealed           BLOB,
        trimmed          INTEGER NOT NULL DEFAULT 0 CHECK (trimmed IN (0, 1)),
        request_cut      INTEGER CHECK (request_cut IS NULL OR request_cut >= 0),
        response_cut     INTEGER CHECK (response_cut IS NULL OR response_cut >= 0)
      ) STRICT;
      INSERT INTO history_next (${COLUMNS}) SELECT ${COLUMNS} FROM history;
      -- Dropped first, so dropping the table deletes nothing through them.
      DROP TRIGGER history_finding_delete;
      DROP TRIGGER history_keyhole_delete;
      DROP TABLE history;
      ALTER TABLE history_next RENAME TO history;
      CREATE INDEX history_at ON history (at);
      CREATE INDEX history_credential ON history (credential_id, at);
      CREATE INDEX history_fingerprint ON history (fingerprint, at);
      CREATE INDEX history_path ON history (path, at);
      CREATE INDEX history_status_class ON history (status / 100, at);
      CREATE INDEX history_provider ON history (provider_id, at);
      CREATE INDEX history_environment ON history (environment_id, at);
      CREATE INDEX history_source ON history (source, at);
      CREATE INDEX history_unsealed ON history (id) WHERE sealed IS NULL;
      CREATE TRIGGER history_finding_delete AFTER DELETE ON history BEGIN
        DELETE FROM history_finding WHERE history_id = old.id;
      END;
      CREATE TRIGGER history_keyhole_delete AFTER DELETE ON history BEGIN
        DELETE FROM history_keyhole WHERE history_id = old.id;
      END;
    `);
  },
};
