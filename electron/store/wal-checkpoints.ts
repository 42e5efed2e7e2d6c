import type { Database } from 'better-sqlite3';

/**
 * SQLite checkpoints the WAL inside whichever commit crosses 1,000 pages, and that commit waits for
 * it: measured on Send, that was the whole p99 (13 ms of 14). The app's connection turns the automatic
 * checkpoint off and checkpoints on a timer instead (PASSIVE: never waits for readers or writers),
 * so no request pays for it; every second, so each one is small. Only after this connection itself
 * wrote: the history worker's connection keeps SQLite's automatic checkpoint, on its own background
 * thread, and copying the pages it wrote here cost the main thread under a recording burst (about
 * 55 MB a second with 16 KB bodies).
 */
export function scheduleCheckpoints(db: Database, everyMs = 1_000): () => void {
  db.pragma('wal_autocheckpoint = 0');
  const changes = db.prepare('SELECT total_changes() AS n');
  let checkpointedAt = 0;
  const checkpoint = () => {
    if (!db.open) return;
    const written = (changes.get() as { n: number }).n;
    if (written === checkpointedAt) return;
    db.pragma('wal_checkpoint(PASSIVE)');
    checkpointedAt = written;
  };
  const timer = setInterval(checkpoint, everyMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    checkpoint();
  };
}
