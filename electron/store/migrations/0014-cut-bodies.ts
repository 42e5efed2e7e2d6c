import type { Migration } from '../migration';

export const migration0014: Migration = {
  version: 14,
  name: 'cut-bodies',
  up: (db) => {
    db.exec(`
      -- A body stored only in part: its size in bytes as sent, of which the stored text is the start
      -- (NULL: stored whole). Before this, the cut was a marker at the end of the body's text.
      ALTER TABLE history ADD COLUMN request_cut INTEGER CHECK (request_cut IS NULL OR request_cut >= 0);
      ALTER TABLE history ADD COLUMN response_cut INTEGER CHECK (response_cut IS NULL OR response_cut >= 0);
      -- The rows that may still end a body with that marker. Their text is sealed, so they are read
      -- and moved into the columns at start-up, under the keychain's key (HistoryRepository.moveCutMarkers).
      CREATE TABLE history_cut_markers (next_id INTEGER NOT NULL, last_id INTEGER NOT NULL);
      INSERT INTO history_cut_markers SELECT min(id), max(id) FROM history HAVING count(*) > 0;
    `);
  },
};
