import type { Migration } from '../migration';

export const migration0011: Migration = {
  version: 11,
  name: 'sealed-history',
  up: (db) => {
    db.exec(`
      -- Every byte an exchange carried, sealed (AES-256-GCM, key in the OS keychain; history-seal.ts).
      -- Rows written before this hold their (redacted) text in the old columns until the start-up
      -- job seals them; a sealed row keeps only the indexed facts in clear: time, source, credential,
      -- fingerprint, provider, environment, method, status and its redacted path.
      ALTER TABLE history ADD COLUMN sealed BLOB;
      -- The start-up job finds what is left to seal through this, not by scanning every row: once
      -- everything is sealed the index is empty and each start costs one lookup.
      CREATE INDEX history_unsealed ON history (id) WHERE sealed IS NULL;
    `);
  },
};
