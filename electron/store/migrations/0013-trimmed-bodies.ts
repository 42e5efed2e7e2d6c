import type { Migration } from '../migration';

export const migration0013: Migration = {
  version: 13,
  name: 'trimmed-bodies',
  up: (db) => {
    db.exec(`
      -- 1: the proxy kept this exchange's auth facts but not its bodies, because recording was behind
      -- (a refusal's response body is kept all the same). The original sizes are in timings.
      ALTER TABLE history ADD COLUMN trimmed INTEGER NOT NULL DEFAULT 0 CHECK (trimmed IN (0, 1));
    `);
  },
};
