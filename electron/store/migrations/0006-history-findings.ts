import type { Migration } from '../migration';

export const migration0006: Migration = {
  version: 6,
  name: 'history-at-scale',
  up: (db) => {
    db.exec(`
      -- Newest first means ORDER BY at: every filter gets an index that ends in "at", so a filtered
      -- "latest 100" reads 100 index entries instead of sorting every match (measured at 1,000,000
      -- rows by bench/history-scale.ts).
      DROP INDEX history_credential;
      DROP INDEX history_path;
      DROP INDEX history_status;
      DROP INDEX history_fingerprint;
      CREATE INDEX history_credential ON history (credential_id, at);
      CREATE INDEX history_fingerprint ON history (fingerprint, at);
      CREATE INDEX history_path ON history (path, at);
      CREATE INDEX history_status_class ON history (status / 100, at);
      CREATE INDEX history_provider ON history (provider_id, at);
      CREATE INDEX history_environment ON history (environment_id, at);
      CREATE INDEX history_source ON history (source, at);

      -- One row per finding code of an exchange, so "exchanges with finding X" is an index range
      -- instead of a scan of every findings JSON. Written by HistoryRepository, deleted by trigger.
      CREATE TABLE history_finding (
        history_id INTEGER NOT NULL,
        code       TEXT NOT NULL,
        at         TEXT NOT NULL,
        PRIMARY KEY (history_id, code)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX history_finding_code ON history_finding (code, at);
      INSERT OR IGNORE INTO history_finding (history_id, code, at)
        SELECT history.id, finding.value ->> '$.code', history.at FROM history, json_each(history.findings) AS finding;
      CREATE TRIGGER history_finding_delete AFTER DELETE ON history BEGIN
        DELETE FROM history_finding WHERE history_id = old.id;
      END;
    `);
  },
};
