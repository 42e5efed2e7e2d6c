import type { Migration } from '../migration';

export const migration0010: Migration = {
  version: 10,
  name: 'keyhole-own-traffic',
  up: (db) => {
    db.exec(`
      -- Requests Keyhole makes for itself (minting, listing, revoking and auditing keys during a
      -- rotation) are recorded, but marked: they are not the user's traffic and never evidence that
      -- a key carries workload traffic. A side table, not a column: a column added last sits behind
      -- the bodies, and reading it would walk their overflow pages for every list row.
      CREATE TABLE history_keyhole (history_id INTEGER PRIMARY KEY) STRICT;
      CREATE TRIGGER history_keyhole_delete AFTER DELETE ON history BEGIN
        DELETE FROM history_keyhole WHERE history_id = old.id;
      END;
    `);
  },
};
