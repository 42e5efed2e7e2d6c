import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Migration } from '../../electron/store/migration';
import { migrations } from '../../electron/store/migrations';
import { DatabaseOpenError, inspectDatabaseFile, openDatabase, schemaVersion } from '../../electron/store/open-database';
import { tempDir } from '../support/temp-dir';

const digest = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function expectOpenError(file: string, reason: DatabaseOpenError['reason'], mentions: RegExp): void {
  try {
    openDatabase(file);
    expect.unreachable('openDatabase should have refused the file');
  } catch (error) {
    expect(error).toBeInstanceOf(DatabaseOpenError);
    expect((error as DatabaseOpenError).reason).toBe(reason);
    expect((error as Error).message).toMatch(mentions);
    expect((error as Error).message).toContain(file);
  }
}

describe('openDatabase', () => {
  it('creates a WAL database with foreign keys and every migration applied', () => {
    const file = path.join(tempDir(), 'nested', 'keyhole.db');
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(migrations.at(-1)!.version);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
  });

  it('is idempotent: reopening keeps data and version', () => {
    const file = path.join(tempDir(), 'keyhole.db');
    const first = openDatabase(file);
    first.prepare("INSERT INTO settings (key, value) VALUES ('theme', '\"dark\"')").run();
    first.close();
    const second = openDatabase(file);
    expect(second.prepare("SELECT value FROM settings WHERE key = 'theme'").get()).toEqual({ value: '"dark"' });
    second.close();
  });

  it('refuses a file that is not SQLite and leaves it byte for byte', () => {
    const file = path.join(tempDir(), 'keyhole.db');
    fs.writeFileSync(file, 'this is a note, not a database\n'.repeat(200));
    const before = digest(file);
    expectOpenError(file, 'corrupt', /not a readable Keyhole database/);
    expect(digest(file)).toBe(before);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses a SQLite file whose pages are damaged, unchanged', () => {
    const file = path.join(tempDir(), 'keyhole.db');
    openDatabase(file).close();
    const bytes = fs.readFileSync(file);
    bytes.fill(0xff, 100, bytes.length);
    fs.writeFileSync(file, bytes);
    const before = digest(file);
    expectOpenError(file, 'corrupt', /not a readable Keyhole database/);
    expect(digest(file)).toBe(before);
  });

  it('refuses a database from a newer Keyhole without touching it', () => {
    const file = path.join(tempDir(), 'keyhole.db');
    const raw = new BetterSqlite3(file);
    raw.pragma('user_version = 99');
    raw.close();
    const before = digest(file);
    expectOpenError(file, 'too-new', /schema version 99, newer than this Keyhole/);
    expect(digest(file)).toBe(before);
    expect(inspectDatabaseFile(file)).toMatchObject({ state: 'error' });
  });

  it('rolls a failing migration back completely', () => {
    const file = path.join(tempDir(), 'keyhole.db');
    const broken: Migration = {
      version: migrations.length + 1,
      name: 'broken',
      up: (db) => {
        db.exec('CREATE TABLE half_done (id INTEGER)');
        throw new Error('migration exploded');
      },
    };
    expect(() => openDatabase(file, { migrations: [...migrations, broken] })).toThrow('migration exploded');
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'half_done'").get()).toBeUndefined();
    db.close();
  });

  it('inspects without creating anything', () => {
    const dir = tempDir();
    const file = path.join(dir, 'keyhole.db');
    expect(inspectDatabaseFile(file)).toEqual({ state: 'missing', file });
    expect(fs.readdirSync(dir)).toEqual([]);
    openDatabase(file).close();
    expect(inspectDatabaseFile(file)).toMatchObject({ state: 'ok', schemaVersion: migrations.length });
  });
});
