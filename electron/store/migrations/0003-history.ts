import type { Migration } from '../migration';

export const migration0003: Migration = {
  version: 3,
  name: 'history',
  up: (db) => {
    db.exec(`
      -- Exchanges, always redacted before they are written: no column ever holds a secret.
      CREATE TABLE history (
        id               INTEGER PRIMARY KEY,
        at               TEXT NOT NULL,
        source           TEXT NOT NULL CHECK (source IN ('send', 'proxy', 'import', 'login')),
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
        error            TEXT
      ) STRICT;
      CREATE INDEX history_at ON history (at);
      CREATE INDEX history_credential ON history (credential_id, at);
    `);
  },
};
