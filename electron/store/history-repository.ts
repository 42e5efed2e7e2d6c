import { prepared } from './prepared';
import type { Database } from 'better-sqlite3';
import type { Finding } from '../../shared/diagnosis/finding';
import type { BodyCut, HistoryEntry, HistoryRecord, Timings, TrafficFilter, TrafficRow } from '../../shared/exchange/exchange';
import type { KeyTraffic } from '../../shared/rotation/rotation';
import type { Sealer } from './history-seal';

export type { HistoryEntry, HistoryRecord };

/** What the list screens filter by; `credentialId` is resolved by the caller from a name or id. */
export type HistoryQuery = Omit<TrafficFilter, 'credential'> & { credentialId?: string };

interface Row {
  id: number;
  at: string;
  source: HistoryEntry['source'];
  by_keyhole: number;
  credential_id: string | null;
  fingerprint: string | null;
  provider_id: string | null;
  environment_id: string | null;
  method: string;
  url: string;
  path: string;
  status: number | null;
  request_headers: string;
  request_body: string | null;
  response_headers: string | null;
  response_body: string | null;
  timings: string | null;
  findings: string;
  error: string | null;
  sealed: Uint8Array | null;
  trimmed: number;
  request_cut: number | null;
  response_cut: number | null;
}

/** What a row seals: every byte the exchange carried and every text an upstream supplied. */
interface SealedText {
  url: string;
  requestHeaders: Record<string, string>;
  requestBody: string | null;
  responseHeaders: Record<string, string> | null;
  responseBody: string | null;
  findings: Finding[];
  error: string | null;
}

/** Said in place of an exchange's text when this session cannot open it. */
export const UNREADABLE =
  'This exchange is sealed with a key this session does not have (the OS keychain is unavailable, or its Keyhole entry was removed), so its text cannot be read.';

const BY_KEYHOLE = 'EXISTS (SELECT 1 FROM history_keyhole WHERE history_keyhole.history_id = history.id) AS by_keyhole';
const WHOLE_ROW = `history.*, ${BY_KEYHOLE}`;

type ListRow = Pick<Row, 'id' | 'at' | 'source' | 'by_keyhole' | 'method' | 'path' | 'status' | 'provider_id' | 'environment_id' | 'fingerprint'> & {
  credential_name: string | null;
  finding_codes: string | null;
};

/** A row's text: opened from its seal, or (a row written before sealing) read from the old columns. */
function textOf(row: Row, sealer: Sealer): SealedText | null {
  if (row.sealed === null) {
    return {
      url: row.url,
      requestHeaders: JSON.parse(row.request_headers) as Record<string, string>,
      requestBody: row.request_body,
      responseHeaders: row.response_headers === null ? null : (JSON.parse(row.response_headers) as Record<string, string>),
      responseBody: row.response_body,
      findings: JSON.parse(row.findings) as Finding[],
      error: row.error,
    };
  }
  const opened = sealer.open(row.sealed);
  return opened === null ? null : (JSON.parse(opened) as SealedText);
}

const toEntry = (row: Row, sealer: Sealer): HistoryEntry => {
  const text = textOf(row, sealer);
  return {
    id: row.id,
    at: row.at,
    path: row.path,
    source: row.source,
    byKeyhole: row.by_keyhole === 1,
    credentialId: row.credential_id,
    fingerprint: row.fingerprint,
    providerId: row.provider_id,
    environmentId: row.environment_id,
    request: { method: row.method, url: text?.url ?? row.path, headers: text?.requestHeaders ?? {}, body: text?.requestBody ?? null },
    response:
      row.status === null
        ? null
        : { status: row.status, headers: text?.responseHeaders ?? {}, body: text?.responseBody ?? '', truncated: row.response_cut !== null },
    timings: row.timings ? (JSON.parse(row.timings) as Timings) : null,
    findings: text?.findings ?? [],
    error: text ? text.error : UNREADABLE,
    trimmed: row.trimmed === 1,
    cut: { request: row.request_cut, response: row.response_cut },
  };
};

/** Characters of a body kept in a row; what is longer is stored cut (its size in the cut columns). */
export const STORED_BODY = 64 * 1024;
const PATH_PLAN_CAP = 2000;

/** A body as stored: cut at STORED_BODY, with the size it had as sent (the caller's, if it was cut before). */
function storedBody(body: string | null, cut: number | null, sentBytes: number | undefined): { body: string | null; cut: number | null } {
  if (body === null || body.length <= STORED_BODY) return { body, cut };
  return { body: body.slice(0, STORED_BODY), cut: cut ?? sentBytes ?? Buffer.byteLength(body) };
}

/** What a row stores of a record: its sealed text and the cut columns. */
function stored(record: HistoryRecord): { text: SealedText; cut: BodyCut } {
  const request = storedBody(record.request.body, record.cut?.request ?? null, record.timings?.requestBytes);
  const response = storedBody(record.response?.body ?? null, record.cut?.response ?? null, record.timings?.responseBytes);
  return {
    text: {
      url: record.request.url,
      requestHeaders: record.request.headers,
      requestBody: request.body,
      responseHeaders: record.response ? record.response.headers : null,
      responseBody: record.response ? response.body : null,
      findings: record.findings,
      error: record.error,
    },
    cut: { request: request.cut, response: response.cut },
  };
}

/**
 * Rows written before the cut columns ended a cut body with a marker: the proxy's "…[N more bytes
 * not recorded]" (N beyond the kept bytes) or the store's "…[truncated]" (size unknown: the kept
 * text's, or the timings' when they have it).
 */
const CUT_MARKER = /…\[(?:(\d+) more bytes not recorded|truncated)\]$/;
function withoutMarker(body: string | null, sentBytes: number | undefined): { body: string | null; cut: number | null } {
  const marker = body === null ? null : CUT_MARKER.exec(body);
  if (!marker) return { body, cut: null };
  const kept = body!.slice(0, marker.index);
  const keptBytes = Buffer.byteLength(kept);
  return { body: kept, cut: marker[1] !== undefined ? keptBytes + Number(marker[1]) : Math.max(sentBytes ?? 0, keptBytes) };
}

/**
 * Exchanges, redacted by the caller before they get here (this layer cannot know the secrets), and
 * sealed here before they are written: the clear columns hold only indexed facts.
 */
export class HistoryRepository {
  private readonly insertStatement;
  private readonly insertFinding;
  private readonly countPrefix;
  private readonly insertOwn;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly db: Database,
    private readonly sealer: Sealer,
  ) {
    // The old text columns stay for rows written before sealing; new rows leave them empty.
    this.insertStatement = db.prepare(
      `INSERT INTO history (at, source, credential_id, fingerprint, provider_id, environment_id, method, url, path, status,
           request_headers, request_body, response_headers, response_body, timings, findings, error, sealed, trimmed, request_cut, response_cut)
         VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?, '{}', NULL, NULL, NULL, ?, '[]', NULL, ?, ?, ?, ?)`,
    );
    this.countPrefix = db.prepare('SELECT count(*) AS n FROM (SELECT 1 FROM history WHERE path >= ? AND path < ? LIMIT ?)');
    this.insertOwn = db.prepare('INSERT INTO history_keyhole (history_id) VALUES (?)');
    this.insertFinding = db.prepare('INSERT OR IGNORE INTO history_finding (history_id, code, at) VALUES (?, ?, ?)');
  }

  /**
   * Many records in one transaction, how the history worker writes its batches; `alongside` runs in
   * the same transaction (the credentials' last use). Returns the rows' ids, in order.
   */
  insertMany(records: readonly HistoryRecord[], alongside?: () => void): number[] {
    const ids = this.db.transaction(() => {
      alongside?.();
      return records.map((record) => this.write(record));
    })();
    this.changed();
    return ids;
  }

  insert(record: HistoryRecord): number {
    const id = this.db.transaction(() => this.write(record))();
    this.changed();
    return id;
  }

  /** Called after rows are written through this repository (another connection, the proxy's worker, reports its own). */
  onInsert(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(): void {
    for (const listener of this.listeners) listener();
  }

  latestId(): number {
    return (prepared(this.db, 'SELECT coalesce(max(id), 0) AS id FROM history').get() as { id: number }).id;
  }

  private write(record: HistoryRecord): number {
    const { text, cut } = stored(record);
    const result = this.insertStatement.run(
      record.at,
      record.source,
      record.credentialId,
      record.fingerprint,
      record.providerId,
      record.environmentId,
      record.request.method,
      record.path,
      record.response?.status ?? null,
      record.timings ? JSON.stringify(record.timings) : null,
      this.sealer.seal(JSON.stringify(text)),
      record.trimmed ? 1 : 0,
      cut.request,
      cut.response,
    );
    const id = Number(result.lastInsertRowid);
    for (const finding of record.findings) this.insertFinding.run(id, finding.code, record.at);
    if (record.byKeyhole) this.insertOwn.run(id);
    return id;
  }

  get(id: number): HistoryEntry | undefined {
    const row = prepared(this.db, `SELECT ${WHOLE_ROW} FROM history WHERE id = ?`).get(id) as Row | undefined;
    return row && toEntry(row, this.sealer);
  }

  /** Newest first, filtered, whole rows (headers and bodies parsed): for exports and advice. */
  query(filter: HistoryQuery): HistoryEntry[] {
    return (this.select(WHOLE_ROW, filter) as Row[]).map((row) => toEntry(row, this.sealer));
  }

  /**
   * The Traffic list's read model: only the list columns, the credential's name and the finding codes
   * by join, no JSON parsed. With `afterId`, only what arrived since the last read.
   */
  rows(filter: HistoryQuery): TrafficRow[] {
    const columns = `history.id, history.at, history.source, ${BY_KEYHOLE}, history.method, history.path, history.status,
      history.provider_id, history.environment_id, history.fingerprint,
      (SELECT name FROM credentials WHERE credentials.id = history.credential_id) AS credential_name,
      (SELECT group_concat(code) FROM history_finding WHERE history_finding.history_id = history.id) AS finding_codes`;
    return (this.select(columns, filter) as ListRow[]).map((row) => ({
      id: row.id,
      at: row.at,
      source: row.source,
      byKeyhole: row.by_keyhole === 1,
      method: row.method,
      path: row.path,
      status: row.status,
      providerId: row.provider_id,
      environmentId: row.environment_id,
      fingerprint: row.fingerprint,
      credentialName: row.credential_name,
      findingCodes: row.finding_codes ? (row.finding_codes.split(',') as TrafficRow['findingCodes']) : [],
    }));
  }

  /**
   * Traffic a key carried since `since`: served requests only (a 401 proves nothing), never
   * Keyhole's own key-management calls. Rotation evidence is built from this.
   */
  keyTraffic(credentialId: string, since: string): KeyTraffic {
    const where =
      'credential_id = ? AND at >= ? AND status IS NOT NULL AND status <> 401 AND NOT EXISTS (SELECT 1 FROM history_keyhole WHERE history_id = history.id)';
    const totals = this.db
      .prepare(`SELECT count(*) AS count, min(at) AS firstSeen, max(at) AS lastSeen FROM history WHERE ${where}`)
      .get(credentialId, since) as {
      count: number;
      firstSeen: string | null;
      lastSeen: string | null;
    };
    const routes = (
      prepared(this.db, `SELECT DISTINCT path FROM history WHERE ${where} ORDER BY path LIMIT 20`).all(credentialId, since) as { path: string }[]
    ).map((r) => r.path);
    return { ...totals, routes, sources: totals.count > 0 ? ['history'] : [] };
  }

  private select(columns: string, filter: HistoryQuery): unknown[] {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, ...values: unknown[]) => {
      where.push(clause);
      params.push(...values);
    };
    if (filter.credentialId) add('credential_id = ?', filter.credentialId);
    // A prefix as a range over the fingerprint index (a whole fingerprint is the narrowest one).
    if (filter.fingerprint) add('fingerprint >= ? AND fingerprint < ?', filter.fingerprint, `${filter.fingerprint}\uffff`);
    for (const word of (filter.text ?? '').split(/\s+/).filter(Boolean).slice(0, 8)) {
      const like = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const either = [
        "history.path LIKE ? ESCAPE '\\'",
        'history.method = ?',
        "EXISTS (SELECT 1 FROM history_finding f WHERE f.history_id = history.id AND f.code LIKE ? ESCAPE '\\')",
        "EXISTS (SELECT 1 FROM credentials c WHERE c.id = history.credential_id AND c.name LIKE ? ESCAPE '\\')",
      ];
      const values: unknown[] = [like, word.toUpperCase(), like, like];
      if (/^[1-5]\d\d$/.test(word)) {
        either.push('history.status = ?');
        values.push(Number(word));
      }
      if (/^[1-5]xx$/i.test(word)) {
        either.push('history.status / 100 = ?');
        values.push(Number(word[0]));
      }
      add(`(${either.join(' OR ')})`, ...values);
    }
    if (filter.providerId) add('provider_id = ?', filter.providerId);
    if (filter.environmentId) add('environment_id = ?', filter.environmentId);
    if (filter.source) add('source = ?', filter.source);
    if (filter.since) add('at >= ?', new Date(filter.since).toISOString());
    if (filter.until) add('at < ?', new Date(filter.until).toISOString());
    // Rows after an id are few: a rowid range (NOT INDEXED below), sorted, beats walking the time index past every older row.
    if (filter.afterId !== undefined) add('history.id > ?', filter.afterId);
    // The class expression matches the index on (status / 100, at), an exact code narrows it further.
    if (filter.status) add('status / 100 = ?', Number(filter.status[0]));
    if (filter.status && !filter.status.endsWith('xx')) add('status = ?', Number(filter.status));
    // A range, not LIKE: SQLite's LIKE cannot use the index.
    if (filter.pathPrefix) add('path >= ? AND path < ?', filter.pathPrefix, `${filter.pathPrefix}\uffff`);
    // A finding filter drives the query from history_finding's (code, at) index, in the same order.
    const sql = filter.findingCode
      ? `SELECT ${columns} FROM history_finding AS matched JOIN history ON history.id = matched.history_id
           WHERE ${['matched.code = ?', ...where].join(' AND ')} ORDER BY matched.at DESC, matched.history_id DESC LIMIT ?`
      : `SELECT ${columns} FROM ${filter.afterId !== undefined ? 'history NOT INDEXED' : this.pathPlan(filter.pathPrefix)} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, history.id DESC LIMIT ?`;
    const values = filter.findingCode ? [filter.findingCode, ...params] : params;
    return prepared(this.db, sql).all(...values, filter.limit);
  }

  /**
   * A path prefix is a range over many distinct paths, which no index returns in time order. A rare
   * prefix is cheapest through the path index (then sorted); a common one by walking the time index
   * and skipping non-matches. Counting up to a cap through the covering index decides, in well
   * under a millisecond, without trusting sampled planner statistics.
   */
  private pathPlan(prefix: string | undefined): string {
    if (!prefix) return 'history';
    const { n } = this.countPrefix.get(prefix, `${prefix}\uffff`, PATH_PLAN_CAP) as { n: number };
    return n < PATH_PLAN_CAP ? 'history INDEXED BY history_path' : 'history INDEXED BY history_at';
  }

  /**
   * Applies retention: rows beyond the newest `maxRows`, and rows older than `maxAgeDays`. Deletes in
   * batches, each its own short transaction, so a large prune never blocks writers for long.
   */
  prune(retention: { maxRows: number | null; maxAgeDays: number | null }, now: Date): number {
    let removed = 0;
    const batch = (sql: string, ...params: unknown[]) => {
      const statement = prepared(this.db, `DELETE FROM history WHERE id IN (SELECT id FROM history WHERE ${sql} ORDER BY id LIMIT 10000)`);
      for (let changes = Infinity; changes > 0;) {
        changes = statement.run(...params).changes;
        removed += changes;
      }
    };
    if (retention.maxAgeDays !== null) batch('at < ?', new Date(now.getTime() - retention.maxAgeDays * 86_400_000).toISOString());
    if (retention.maxRows !== null) {
      const cutoff = prepared(this.db, 'SELECT id FROM history ORDER BY id DESC LIMIT 1 OFFSET ?').get(retention.maxRows) as { id: number } | undefined;
      if (cutoff) batch('id <= ?', cutoff.id);
    }
    if (removed > 0) {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      this.changed();
    }
    return removed;
  }

  /**
   * Seals rows written before sealing existed, a batch per transaction, clears their old columns and
   * redacts their clear path (older versions stored it as sent); then truncates the WAL so no page with their clear text is left behind (secure_delete
   * zeroes the freed space). Returns how many rows it sealed.
   */
  sealLegacyRows(redactPath: (path: string) => string, batchSize = 500): number {
    const pick = prepared(this.db, `SELECT ${WHOLE_ROW} FROM history INDEXED BY history_unsealed WHERE sealed IS NULL ORDER BY id LIMIT ?`);
    const update = prepared(
      this.db,
      `UPDATE history SET sealed = ?, path = ?, url = '', request_headers = '{}', request_body = NULL, response_headers = NULL,
         response_body = NULL, findings = '[]', error = NULL WHERE id = ?`,
    );
    let sealed = 0;
    for (;;) {
      const rows = pick.all(batchSize) as Row[];
      if (rows.length === 0) break;
      this.db.transaction(() => {
        for (const row of rows) update.run(this.sealer.seal(JSON.stringify(textOf(row, this.sealer))), redactPath(row.path), row.id);
      })();
      sealed += rows.length;
    }
    if (sealed > 0) this.db.pragma('wal_checkpoint(TRUNCATE)');
    return sealed;
  }

  /**
   * Moves the cut markers of rows written before the cut columns (migration 14) into the columns,
   * a batch per transaction, resealing only the rows that had one; run once at start-up under the
   * keychain's key, after `sealLegacyRows`. Resumes where it stopped. Returns how many rows changed.
   */
  moveCutMarkers(batchSize = 500): number {
    const pending = () => prepared(this.db, 'SELECT next_id, last_id FROM history_cut_markers').get() as { next_id: number; last_id: number } | undefined;
    const pick = prepared(this.db, `SELECT ${WHOLE_ROW} FROM history WHERE id >= ? AND id <= ? AND sealed IS NOT NULL ORDER BY id LIMIT ?`);
    const update = prepared(this.db, 'UPDATE history SET sealed = ?, request_cut = ?, response_cut = ? WHERE id = ?');
    const advance = prepared(this.db, 'UPDATE history_cut_markers SET next_id = ?');
    let moved = 0;
    for (let range = pending(); range; range = pending()) {
      const rows = pick.all(range.next_id, range.last_id, batchSize) as Row[];
      this.db.transaction(() => {
        for (const row of rows) {
          const text = textOf(row, this.sealer);
          if (text === null) continue;
          const timings = row.timings ? (JSON.parse(row.timings) as Timings) : null;
          const request = withoutMarker(text.requestBody, timings?.requestBytes);
          const response = withoutMarker(text.responseBody, timings?.responseBytes);
          if (request.cut === null && response.cut === null) continue;
          update.run(this.sealer.seal(JSON.stringify({ ...text, requestBody: request.body, responseBody: response.body })), request.cut, response.cut, row.id);
          moved++;
        }
        if (rows.length < batchSize) prepared(this.db, 'DELETE FROM history_cut_markers').run();
        else advance.run(rows.at(-1)!.id + 1);
      })();
    }
    if (moved > 0) this.db.pragma('wal_checkpoint(TRUNCATE)');
    return moved;
  }

  count(): number {
    return (prepared(this.db, 'SELECT count(*) AS n FROM history').get() as { n: number }).n;
  }
}
