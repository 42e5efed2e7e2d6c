import type { Migration } from '../migration';

export const migration0005: Migration = {
  version: 5,
  name: 'traffic',
  up: (db) => {
    db.exec(`
      -- The request path on its own, so "path starts with" is an index range, not a LIKE scan.
      ALTER TABLE history ADD COLUMN path TEXT NOT NULL DEFAULT '';
      UPDATE history SET path = url;
      CREATE INDEX history_path ON history (path, id);
      CREATE INDEX history_status ON history (status, id);
      CREATE INDEX history_fingerprint ON history (fingerprint, id);
    `);
  },
};
