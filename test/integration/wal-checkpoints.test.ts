import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { scheduleCheckpoints } from '../../electron/store/wal-checkpoints';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it("checkpoints on its timer only after its own connection wrote, leaving the worker's pages to the worker", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhole-wal-'));
  const file = path.join(dir, 'keyhole.db');
  const app = new BetterSqlite3(file);
  app.pragma('journal_mode = WAL');
  app.exec('CREATE TABLE t (body TEXT)');
  app.pragma('wal_checkpoint(TRUNCATE)');
  const stop = scheduleCheckpoints(app, 20);
  // Another connection, as the history worker's, without its automatic checkpoint (to see who copies).
  const worker = new BetterSqlite3(file);
  worker.pragma('wal_autocheckpoint = 0');
  cleanups.push(() => {
    stop();
    worker.close();
    app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const mainFileBytes = () => fs.statSync(file).size;
  const before = mainFileBytes();

  worker.prepare('INSERT INTO t VALUES (?)').run('w'.repeat(1_000_000));
  await sleep(150);
  expect(mainFileBytes()).toBe(before);

  app.prepare('INSERT INTO t VALUES (?)').run('a');
  await sleep(150);
  expect(mainFileBytes()).toBeGreaterThan(before + 900_000);
});
