import type { Migration } from '../migration';

export const migration0015: Migration = {
  version: 15,
  name: 'memory-held-secrets',
  up: (db) => {
    db.exec(`
      -- The session (one run of Keyhole) whose in-memory store held this credential's secret, when the
      -- keychain was unavailable; NULL: the OS keychain holds it. In any later session the secret is gone.
      ALTER TABLE credentials ADD COLUMN memory_session TEXT;
    `);
  },
};
