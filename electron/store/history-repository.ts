import type { Database } from 'better-sqlite3';
import type { Finding } from '../../shared/diagnosis/finding';
import type { ExchangeResponseShape, RedactedRequest, Timings, TrafficFilter } from '../../shared/exchange/exchange';

export interface HistoryRecord {
  at: string;
  /** The API path relative to the environment's base URL, without the query (what path filters match). */
  path: string;
  source: 'send' | 'proxy' | 'import' | 'login';
  credentialId: string | null;
  fingerprint: string | null;
  providerId: string | null;
  environmentId: string | null;
  request: RedactedRequest;
  response: ExchangeResponseShape | null;
  timings: Timings | null;
  findings: Finding[];
  error: string | null;
}

export interface HistoryEntry extends HistoryRecord {
  id: number;
}

interface Row {
  id: number;
  at: string;
  source: HistoryRecord['source'];
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
}

const toEntry = (row: Row): HistoryEntry => ({
  id: row.id,
  at: row.at,
  path: row.path,
  source: row.source,
  credentialId: row.credential_id,
  fingerprint: row.fingerprint,
  providerId: row.provider_id,
  environmentId: row.environment_id,
  request: { method: row.method, url: row.url, headers: JSON.parse(row.request_headers) as Record<string, string>, body: row.request_body },
  response:
    row.status === null
      ? null
      : { status: row.status, headers: JSON.parse(row.response_headers ?? '{}') as Record<string, string>, body: row.response_body ?? '', truncated: false },
  timings: row.timings ? (JSON.parse(row.timings) as Timings) : null,
  findings: JSON.parse(row.findings) as Finding[],
  error: row.error,
});

const STORED_BODY = 64 * 1024;
const PATH_PLAN_CAP = 2000;
const clip = (body: string | null) => (body === null ? null : body.length > STORED_BODY ? `${body.slice(0, STORED_BODY)}…[truncated]` : body);

/** Exchanges, redacted by the caller before they get here (this layer cannot know the secrets). */
export class HistoryRepository {
  private readonly insertStatement;
  private readonly insertFinding;
  private readonly countPrefix;

  constructor(private readonly db: Database) {
    this.insertStatement = db.prepare(
      `INSERT INTO history (at, source, credential_id, fingerprint, provider_id, environment_id, method, url, path, status,
           request_headers, request_body, response_headers, response_body, timings, findings, error)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.countPrefix = db.prepare('SELECT count(*) AS n FROM (SELECT 1 FROM history WHERE path >= ? AND path < ? LIMIT ?)');
    this.insertFinding = db.prepare('INSERT OR IGNORE INTO history_finding (history_id, code, at) VALUES (?, ?, ?)');
  }

  /** Many records in one transaction: how the proxy's recorder writes its batches. */
  insertMany(records: readonly HistoryRecord[]): void {
    this.db.transaction(() => {
      for (const record of records) this.write(record);
    })();
  }

  insert(record: HistoryRecord): number {
    return this.db.transaction(() => this.write(record))();
  }

  private write(record: HistoryRecord): number {
    const result = this.insertStatement.run(
        record.at,
        record.source,
        record.credentialId,
        record.fingerprint,
        record.providerId,
        record.environmentId,
        record.request.method,
        record.request.url,
        record.path,
        record.response?.status ?? null,
        JSON.stringify(record.request.headers),
        clip(record.request.body),
        record.response ? JSON.stringify(record.response.headers) : null,
        record.response ? clip(record.response.body) : null,
        record.timings ? JSON.stringify(record.timings) : null,
        JSON.stringify(record.findings),
        record.error,
      );
    const id = Number(result.lastInsertRowid);
    for (const finding of record.findings) this.insertFinding.run(id, finding.code, record.at);
    return id;
  }

  get(id: number): HistoryEntry | undefined {
    const row = this.db.prepare('SELECT * FROM history WHERE id = ?').get(id) as Row | undefined;
    return row && toEntry(row);
  }

  /** Newest first, filtered; `credentialId` is resolved by the caller from a name or id. */
  query(filter: Omit<TrafficFilter, 'credential'> & { credentialId?: string }): HistoryEntry[] {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, ...values: unknown[]) => {
      where.push(clause);
      params.push(...values);
    };
    if (filter.credentialId) add('credential_id = ?', filter.credentialId);
    if (filter.fingerprint) add('fingerprint = ?', filter.fingerprint);
    if (filter.providerId) add('provider_id = ?', filter.providerId);
    if (filter.environmentId) add('environment_id = ?', filter.environmentId);
    if (filter.source) add('source = ?', filter.source);
    if (filter.since) add('at >= ?', new Date(filter.since).toISOString());
    if (filter.until) add('at < ?', new Date(filter.until).toISOString());
    // The class expression matches the index on (status / 100, at), an exact code narrows it further.
    if (filter.status) add('status / 100 = ?', Number(filter.status[0]));
    if (filter.status && !filter.status.endsWith('xx')) add('status = ?', Number(filter.status));
    // A range, not LIKE: SQLite's LIKE cannot use the index.
    if (filter.pathPrefix) add('path >= ? AND path < ?', filter.pathPrefix, `${filter.pathPrefix}\uffff`);
    // A finding filter drives the query from history_finding's (code, at) index, in the same order.
    const sql = filter.findingCode
      ? `SELECT history.* FROM history_finding JOIN history ON history.id = history_finding.history_id
           WHERE ${['history_finding.code = ?', ...where].join(' AND ')} ORDER BY history_finding.at DESC, history_id DESC LIMIT ?`
      : `SELECT * FROM ${this.pathPlan(filter.pathPrefix)} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT ?`;
    const values = filter.findingCode ? [filter.findingCode, ...params] : params;
    return (this.db.prepare(sql).all(...values, filter.limit) as Row[]).map(toEntry);
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
      const statement = this.db.prepare(`DELETE FROM history WHERE id IN (SELECT id FROM history WHERE ${sql} ORDER BY id LIMIT 10000)`);
      for (let changes = Infinity; changes > 0; ) {
        changes = statement.run(...params).changes;
        removed += changes;
      }
    };
    if (retention.maxAgeDays !== null) batch('at < ?', new Date(now.getTime() - retention.maxAgeDays * 86_400_000).toISOString());
    if (retention.maxRows !== null) {
      const cutoff = this.db.prepare('SELECT id FROM history ORDER BY id DESC LIMIT 1 OFFSET ?').get(retention.maxRows) as { id: number } | undefined;
      if (cutoff) batch('id <= ?', cutoff.id);
    }
    if (removed > 0) this.db.pragma('wal_checkpoint(TRUNCATE)');
    return removed;
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM history').get() as { n: number }).n;
  }
}
