import type { Database } from 'better-sqlite3';

/**
 * SQLite checkpoints the WAL inside whichever commit crosses 1,000 pages, and that commit waits for
 * it: measured on Send, that was the whole p99 (13 ms of 14). The app's connection turns the automatic
 * checkpoint off and checkpoints on a timer instead (PASSIVE: never waits for readers or writers),
 * so no request pays for it; every second, so each one is small (a second's pages: a few ms under
 * sustained load, nothing when idle). The history worker's own connection keeps SQLite's default: it
 * is off the main thread. A checkpoint on a worker thread of its own would take even that off the
 * event loop (noted, not done).
 */
export function scheduleCheckpoints(db: Database, everyMs = 1_000): () => void {
  db.pragma('wal_autocheckpoint = 0');
  const timer = setInterval(() => {
    if (db.open) db.pragma('wal_checkpoint(PASSIVE)');
  }, everyMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    if (db.open) db.pragma('wal_checkpoint(PASSIVE)');
  };
}
