import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/store/open-database';
import { SettingsRepository } from '../../electron/store/settings-repository';
import { DEFAULT_SETTINGS } from '../../shared/settings/settings';
import { tempDir } from '../support/temp-dir';

describe('SettingsRepository', () => {
  it('returns defaults, then persists updates across reopen', () => {
    const file = path.join(tempDir(), 'keyhole.db');
    const db = openDatabase(file);
    expect(new SettingsRepository(db).read()).toEqual(DEFAULT_SETTINGS);
    expect(new SettingsRepository(db).update({ theme: 'dark' })).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark' });
    db.close();
    const reopened = openDatabase(file);
    expect(new SettingsRepository(reopened).read()).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark' });
    reopened.close();
  });

  it('falls back to defaults when a stored value no longer validates', () => {
    const db = openDatabase(path.join(tempDir(), 'keyhole.db'));
    db.prepare("INSERT INTO settings (key, value) VALUES ('theme', '\"sepia\"')").run();
    expect(new SettingsRepository(db).read()).toEqual(DEFAULT_SETTINGS);
    db.close();
  });

  it('refuses an invalid update and writes nothing', () => {
    const db = openDatabase(path.join(tempDir(), 'keyhole.db'));
    const repo = new SettingsRepository(db);
    expect(() => repo.update({ theme: 'sepia' as never })).toThrow();
    expect(db.prepare('SELECT count(*) AS n FROM settings').get()).toEqual({ n: 0 });
    db.close();
  });
});
