import type { Migration } from '../migration';

export const migration0008: Migration = {
  version: 8,
  name: 'keyed-fingerprints',
  up: (db) => {
    db.exec(`
      -- Fingerprints become an HMAC with a per-install key (electron/vault/fingerprint.ts). Existing
      -- credentials are re-keyed at the next start that can read their secrets; until then they wait
      -- here. History rows of keys outside the vault can never be re-keyed (their secret is unknown),
      -- so their plain-hash fingerprints are dropped now.
      CREATE TABLE fingerprint_rekey (credential_id TEXT PRIMARY KEY) STRICT;
      INSERT INTO fingerprint_rekey (credential_id) SELECT id FROM credentials;
      UPDATE history SET fingerprint = NULL
        WHERE fingerprint IS NOT NULL AND fingerprint NOT IN (SELECT fingerprint FROM credentials);
    `);
  },
};
