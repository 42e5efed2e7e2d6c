import type { Migration } from '../migration';

export const migration0012: Migration = {
  version: 12,
  name: 'append-only-replace',
  up: (db) => {
    db.exec(`
      -- INSERT OR REPLACE (and REPLACE INTO) removes the conflicting row without firing DELETE
      -- triggers, so "append-only" needs a guard on the insert itself: a row whose key exists is refused.
      CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
        WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER rotation_events_no_replace BEFORE INSERT ON rotation_events
        WHEN EXISTS (SELECT 1 FROM rotation_events WHERE rotation_id = NEW.rotation_id AND seq = NEW.seq)
        BEGIN SELECT RAISE(ABORT, 'rotation events are append-only'); END;
    `);
  },
};
