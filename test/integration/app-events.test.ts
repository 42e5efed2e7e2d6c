import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppEvent } from '../../shared/ipc/events';
import { createApplication } from '../../electron/application/keyhole-application';
import { createServices } from '../../electron/composition/keyhole-services';
import { silentLogger } from '../../electron/platform/logger';
import { HistoryRepository } from '../../electron/store/history-repository';
import { openDatabase } from '../../electron/store/open-database';
import { historyRecord, testSealer } from '../support/history-record';
import { tempDir } from '../support/temp-dir';

const record = (at: string) => historyRecord({ at, source: 'proxy' });

function collect(app: ReturnType<typeof createApplication>) {
  const events: AppEvent[] = [];
  const stop = app.events.subscribe((event) => events.push(event));
  const next = (type: AppEvent['type'], timeoutMs: number) =>
    new Promise<AppEvent>((resolve, reject) => {
      const started = Date.now();
      const check = setInterval(() => {
        const found = events.find((e) => e.type === type);
        if (found) {
          clearInterval(check);
          resolve(found);
        } else if (Date.now() - started > timeoutMs) {
          clearInterval(check);
          reject(new Error(`no ${type} event within ${timeoutMs} ms (got ${JSON.stringify(events)})`));
        }
      }, 20);
    });
  return { events, stop, next };
}

describe('application events', () => {
  it('announces vault changes, and traffic written here or by another process, coalesced, with the newest id', async () => {
    const dataDir = tempDir();
    const services = await createServices({ dataDir, shell: 'cli', version: 'test', logger: silentLogger, secretsMode: 'memory' });
    const app = createApplication(services);
    try {
      const { events, stop, next } = collect(app);
      await app.vault.add({
        name: 'k',
        providerId: 'call2me',
        environmentId: 'sandbox',
        kind: 'api_key',
        scopes: ['read'],
        boundId: 'acme',
        notes: '',
        expiresAt: null,
        secret: 'sk_call2me_test_eventsevents1',
      });
      expect(await next('vault:changed', 100)).toEqual({ type: 'vault:changed' });

      // Ten rows in a burst through this process's repository: one event, carrying the newest id.
      for (let i = 0; i < 10; i++) services.history.insert(record(new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString()));
      const first = await next('traffic:added', 1000);
      expect(first).toEqual({ type: 'traffic:added', latestId: 10 });
      expect(events.filter((e) => e.type === 'traffic:added')).toHaveLength(1);

      // Another process (here: another connection to the same file) writes a row: noticed within a second or so.
      events.length = 0;
      const other = openDatabase(path.join(dataDir, 'keyhole.db'));
      new HistoryRepository(other, testSealer()).insert(record('2026-01-01T00:01:00.000Z'));
      other.close();
      expect(await next('traffic:added', 2500)).toEqual({ type: 'traffic:added', latestId: 11 });

      // The read the page makes on that event: only the row it does not have yet.
      expect((await app.traffic.list({ limit: 5000, afterId: 10 })).map((r) => r.id)).toEqual([11]);
      stop();
    } finally {
      await app.close();
    }
  });
});
