import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HistoryRepository, UNREADABLE } from '../../electron/store/history-repository';
import { aesGcmSealer } from '../../electron/store/history-seal';
import { openDatabase } from '../../electron/store/open-database';
import { encodings } from '../../shared/redaction/redactor';
import { historyRecord } from '../support/history-record';
import { tempDir } from '../support/temp-dir';

/**
 * Redaction is a best effort over formats; sealing is what makes a miss not a leak. These canaries
 * sit where no redaction rule looks (a field with an innocent name, a header nobody flags), so they
 * reach the repository in the clear, as a redaction miss would.
 */
const canaries = Array.from({ length: 40 }, (_, i) => `canary${i}-${randomBytes(12).toString('hex')}`);

/** Every encoding a canary could be found in on disk: raw, URL-encoded, JSON-escaped, base64, hex, UTF-16. */
function forms(secret: string): Buffer[] {
  const texts = [...encodings(secret), Buffer.from(secret).toString('hex')];
  return [...texts.map((t) => Buffer.from(t)), Buffer.from(secret, 'utf16le'), Buffer.from(secret, 'ucs2').swap16()];
}

function scan(dir: string): string[] {
  const files = fs.readdirSync(dir).map((name) => path.join(dir, name));
  const hits: string[] = [];
  for (const file of files) {
    const bytes = fs.readFileSync(file);
    for (const canary of canaries) if (forms(canary).some((form) => bytes.includes(form))) hits.push(`${path.basename(file)}: ${canary.split('-')[0]}`);
  }
  return hits;
}

const missedByRedaction = (i: number) =>
  historyRecord({
    at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
    path: `/v1/agents/${i}`,
    request: {
      method: 'POST',
      url: `https://api.call2me.app/v1/agents?note=${canaries[i * 4]}`,
      headers: { 'X-Trace': canaries[i * 4 + 1]! },
      body: `{"memo":"${canaries[i * 4 + 2]}"}`,
    },
    response: { status: 200, headers: {}, body: `<note>${canaries[i * 4 + 3]}</note>`, truncated: false },
  });

describe('history at rest', () => {
  it('holds no exchange text in the database file or its WAL, in any encoding, even where redaction missed it', () => {
    const dir = tempDir();
    const db = openDatabase(path.join(dir, 'keyhole.db'));
    const history = new HistoryRepository(db, aesGcmSealer(randomBytes(32)));
    history.insertMany(Array.from({ length: 10 }, (_, i) => missedByRedaction(i)));
    // Read back through the key: the text is all there.
    const [newest] = history.query({ limit: 1 });
    expect(newest!.request.body).toContain(canaries[38]);
    expect(scan(dir)).toEqual([]);
    db.close();
    expect(scan(dir)).toEqual([]);
  });

  it('without the key, the database yields no exchange text and says why', () => {
    const dir = tempDir();
    const file = path.join(dir, 'keyhole.db');
    const db = openDatabase(file);
    new HistoryRepository(db, aesGcmSealer(randomBytes(32))).insert(missedByRedaction(0));
    db.close();
    const reopened = openDatabase(file);
    const [entry] = new HistoryRepository(reopened, aesGcmSealer(randomBytes(32))).query({ limit: 10 });
    expect(entry).toMatchObject({ path: '/v1/agents/0', error: UNREADABLE, findings: [], request: { headers: {}, body: null } });
    expect(JSON.stringify(entry)).not.toMatch(/canary/);
    // The clear columns hold only indexed facts.
    const row = reopened.prepare('SELECT url, request_headers, request_body, response_body, findings, error FROM history').get();
    expect(row).toEqual({ url: '', request_headers: '{}', request_body: null, response_body: null, findings: '[]', error: null });
    reopened.close();
  });

  /** Rows as an older Keyhole wrote them: the text in the old columns. */
  function legacyDatabase(dir: string) {
    const db = openDatabase(path.join(dir, 'keyhole.db'));
    const insert = db.prepare(
      `INSERT INTO history (at, source, method, url, path, status, request_headers, request_body, response_headers, response_body, findings)
       VALUES (?, 'proxy', 'POST', ?, ?, 200, ?, ?, '{}', ?, '[]')`,
    );
    for (let i = 0; i < 10; i++) {
      const r = missedByRedaction(i);
      insert.run(r.at, r.request.url, r.path, JSON.stringify(r.request.headers), r.request.body, r.response!.body);
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(scan(dir).length).toBeGreaterThan(0);
    return db;
  }

  it('seals rows written before sealing once, leaving no clear text in the file, the WAL or free pages', () => {
    const dir = tempDir();
    const file = path.join(dir, 'keyhole.db');
    const db = legacyDatabase(dir);
    const key = randomBytes(32);
    const history = new HistoryRepository(db, aesGcmSealer(key));
    expect(history.sealLegacyRows((p) => p.replace(/\/\d+$/, '/<id>'), 3)).toBe(10);
    expect(history.sealLegacyRows((p) => p)).toBe(0);
    // The clear path is redacted on the way (older versions stored it as sent).
    expect((db.prepare('SELECT DISTINCT path FROM history').all() as { path: string }[]).map((r) => r.path)).toEqual(['/v1/agents/<id>']);
    expect(scan(dir)).toEqual([]);
    db.close();
    expect(scan(dir)).toEqual([]);
    const reread = new HistoryRepository(openDatabase(file), aesGcmSealer(key)).query({ limit: 10 });
    expect(reread.map((e) => e.request.headers['X-Trace'])).toEqual(Array.from({ length: 10 }, (_, i) => canaries[(9 - i) * 4 + 1]));
  });

  it('pruning clear rows leaves nothing behind either (secure_delete, then the WAL truncated)', () => {
    const dir = tempDir();
    const db = legacyDatabase(dir);
    expect(new HistoryRepository(db, aesGcmSealer(randomBytes(32))).prune({ maxRows: 0, maxAgeDays: null }, new Date())).toBe(10);
    expect(scan(dir)).toEqual([]);
    db.close();
    expect(scan(dir)).toEqual([]);
  });

  it('refuses a blob that was altered', () => {
    const sealer = aesGcmSealer(randomBytes(32));
    const blob = sealer.seal('{"url":"x"}');
    blob[20] = blob[20]! ^ 1;
    expect(sealer.open(blob)).toBeNull();
  });
});
