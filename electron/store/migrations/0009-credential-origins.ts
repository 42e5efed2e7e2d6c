import type { Migration } from '../migration';

export const migration0009: Migration = {
  version: 9,
  name: 'credential-origins',
  up: (db) => {
    db.exec(`
      -- The origins each credential may be sent to (electron/send/origin-guard.ts). A credential is
      -- pinned to its environment's origin when added; any other origin needs the user's confirmation.
      -- Credentials from before this version are pinned to their environment's origin at the next start.
      CREATE TABLE credential_origins (
        credential_id TEXT NOT NULL REFERENCES credentials (id) ON DELETE CASCADE,
        origin        TEXT NOT NULL,
        pinned_at     TEXT NOT NULL,
        PRIMARY KEY (credential_id, origin)
      ) STRICT;
    `);
  },
};
