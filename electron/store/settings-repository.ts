import { prepared } from './prepared';
import type { Database } from 'better-sqlite3';
import { DEFAULT_SETTINGS, Settings } from '../../shared/settings/settings';

export class SettingsRepository {
  constructor(private readonly db: Database) {}

  read(): Settings {
    const rows = prepared(this.db, 'SELECT key, value FROM settings').all() as { key: string; value: string }[];
    const stored = Object.fromEntries(rows.map((row) => [row.key, JSON.parse(row.value) as unknown]));
    // A value written by an older or newer build that no longer validates falls back to its default.
    const merged = { ...DEFAULT_SETTINGS, ...stored };
    const parsed = Settings.safeParse(merged);
    return parsed.success ? parsed.data : DEFAULT_SETTINGS;
  }

  /** The port "Try it" last ran the sandbox on (kept beside the settings, not one the page can change). */
  tryItPort(): number | null {
    const row = prepared(this.db, "SELECT value FROM settings WHERE key = 'internal.tryItPort'").get() as { value: string } | undefined;
    const port = row ? (JSON.parse(row.value) as unknown) : null;
    return typeof port === 'number' && Number.isInteger(port) && port > 0 && port < 65536 ? port : null;
  }

  setTryItPort(port: number): void {
    prepared(this.db, "INSERT INTO settings (key, value) VALUES ('internal.tryItPort', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(
      JSON.stringify(port),
    );
  }

  update(patch: Partial<Settings>): Settings {
    const next = Settings.parse({ ...this.read(), ...patch });
    const upsert = prepared(this.db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(patch)) upsert.run(key, JSON.stringify(value));
    })();
    return next;
  }
}
