import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import type { Migration } from './migration';
import { migrations as defaultMigrations } from './migrations';

/**
 * Opens (or creates) Keyhole's SQLite file and brings its schema up to date.
 * Threat model: the file may be damaged, or written by a newer Keyhole. In both cases we refuse with
 * a clear error and touch nothing, because overwriting it would lose the user's vault metadata.
 */
export class DatabaseOpenError extends Error {
  constructor(
    readonly reason: 'corrupt' | 'too-new',
    message: string,
  ) {
    super(message);
    this.name = 'DatabaseOpenError';
  }
}

export interface OpenDatabaseOptions {
  /** Path to a better_sqlite3.node built for the current runtime (Electron uses its own build). */
  nativeBinding?: string;
  migrations?: readonly Migration[];
}

/** The database's file name in the data directory. */
export const DATABASE_FILE = 'keyhole.db';

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Database {
  const migrations = options.migrations ?? defaultMigrations;
  assertLooksLikeSqlite(file);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  ownerOnly(file);

  const db = new BetterSqlite3(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    const current = readUserVersion(db, file);
    const latest = migrations.at(-1)?.version ?? 0;
    if (current > latest) {
      throw new DatabaseOpenError(
        'too-new',
        `${file} has schema version ${current}, newer than this Keyhole understands (${latest}). ` +
          'Upgrade Keyhole, or point KEYHOLE_HOME at another directory. The file was not changed.',
      );
    }
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    // Deleted rows (pruned history, removed credentials) are overwritten, not left in free pages.
    db.pragma('secure_delete = ON');
    for (const migration of migrations.filter((m) => m.version > current)) {
      db.transaction(() => {
        migration.up(db);
        db.pragma(`user_version = ${migration.version}`);
      })();
    }
    // Fresh planner statistics, so filtered history queries pick the right index at a million rows.
    // Skipped when tables have not changed much; analysis_limit bounds the work when they have.
    db.pragma('analysis_limit = 1000');
    db.pragma('optimize=0x10002');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * The database and its WAL and SHM files are the user's alone (0600). SQLite gives the WAL and SHM
 * the database file's mode when it creates them, so the file is created (or narrowed) first.
 */
function ownerOnly(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  for (const part of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      if ((fs.statSync(part).mode & 0o077) !== 0) fs.chmodSync(part, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

export type DatabaseFileReport =
  | { state: 'missing'; file: string }
  | { state: 'ok'; file: string; schemaVersion: number; latestVersion: number }
  | { state: 'error'; file: string; error: string };

/** Reads a database's schema version without creating, migrating or writing anything. */
export function inspectDatabaseFile(file: string, migrations: readonly Migration[] = defaultMigrations): DatabaseFileReport {
  if (!fs.existsSync(file)) return { state: 'missing', file };
  const latestVersion = migrations.at(-1)?.version ?? 0;
  try {
    assertLooksLikeSqlite(file);
    const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    try {
      const version = readUserVersion(db, file);
      if (version > latestVersion) {
        return { state: 'error', file, error: `schema version ${version} is newer than this Keyhole (${latestVersion})` };
      }
      return { state: 'ok', file, schemaVersion: version, latestVersion };
    } finally {
      db.close();
    }
  } catch (error) {
    return { state: 'error', file, error: (error as Error).message };
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function assertLooksLikeSqlite(file: string): void {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    const header = Buffer.alloc(SQLITE_HEADER.length);
    const read = fs.readSync(fd, header, 0, header.length, 0);
    // An empty file is what SQLite itself creates before the first write; anything else must match.
    if (read > 0 && !header.subarray(0, read).equals(SQLITE_HEADER.subarray(0, read))) {
      throw corrupt(file, 'it does not start with the SQLite header');
    }
    if (read > 0 && read < SQLITE_HEADER.length) throw corrupt(file, 'it is truncated');
  } finally {
    fs.closeSync(fd);
  }
}

function readUserVersion(db: Database, file: string): number {
  try {
    const version = schemaVersion(db);
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    return version;
  } catch (error) {
    throw corrupt(file, (error as Error).message);
  }
}

function corrupt(file: string, why: string): DatabaseOpenError {
  return new DatabaseOpenError(
    'corrupt',
    `${file} is not a readable Keyhole database (${why}). It was left untouched; ` + 'move it aside to start fresh, or restore it from a backup.',
  );
}
