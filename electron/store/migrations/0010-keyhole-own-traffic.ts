import type { Migration } from '../migration';

export const migration0010: Migration = {
  version: 10,
  name: 'keyhole-own-traffic',
  up: (db) => {
    db.exec(`
      -- Requests Keyhole makes for itself (minting, listing, revoking and auditing keys during a
      -- rotation) are recorded, but marked: they are not the user's traffic and never evidence that
      -- a key carries workload traffic. Adding a column with a constant default rewrites nothing.
      ALTER TABLE history ADD COLUMN by_keyhole INTEGER NOT NULL DEFAULT 0 CHECK (by_keyhole IN (0, 1));
    `);
  },
};
