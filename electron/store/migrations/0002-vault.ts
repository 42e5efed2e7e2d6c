import type { Migration } from '../migration';

export const migration0002: Migration = {
  version: 2,
  name: 'vault',
  up: (db) => {
    db.exec(`
      CREATE TABLE custom_providers (
        id          TEXT PRIMARY KEY,
        profile     TEXT NOT NULL CHECK (json_valid(profile)),
        imported_at TEXT NOT NULL
      ) STRICT;

      -- User-added environments, and base URL overrides of a profile's own.
      CREATE TABLE environments (
        provider_id    TEXT NOT NULL,
        environment_id TEXT NOT NULL,
        label          TEXT NOT NULL,
        base_url       TEXT,
        live           INTEGER NOT NULL CHECK (live IN (0, 1)),
        PRIMARY KEY (provider_id, environment_id)
      ) STRICT;

      -- Metadata only: the secret is in the OS keychain under account = id.
      CREATE TABLE credentials (
        id             TEXT PRIMARY KEY,
        name           TEXT NOT NULL UNIQUE COLLATE NOCASE,
        provider_id    TEXT NOT NULL,
        environment_id TEXT NOT NULL,
        kind           TEXT NOT NULL,
        scopes         TEXT NOT NULL CHECK (json_valid(scopes)),
        bound_id       TEXT,
        notes          TEXT NOT NULL DEFAULT '',
        expires_at     TEXT,
        fingerprint    TEXT NOT NULL CHECK (length(fingerprint) = 12),
        last4          TEXT NOT NULL,
        status         TEXT NOT NULL CHECK (status IN ('active', 'secret_missing', 'revoked')),
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL,
        last_used_at   TEXT
      ) STRICT;
      CREATE INDEX credentials_fingerprint ON credentials (fingerprint);
      CREATE INDEX credentials_provider_environment ON credentials (provider_id, environment_id);

      CREATE TABLE audit_log (
        id              INTEGER PRIMARY KEY,
        at              TEXT NOT NULL,
        actor           TEXT NOT NULL,
        action          TEXT NOT NULL,
        credential_id   TEXT,
        credential_name TEXT,
        fingerprint     TEXT,
        detail          TEXT NOT NULL DEFAULT ''
      ) STRICT;
      CREATE INDEX audit_log_at ON audit_log (at);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    `);
  },
};
