import type { Database } from 'better-sqlite3';
import type { Finding } from '../../shared/diagnosis/finding';
import type { ExchangeResponseShape, RedactedRequest, Timings } from '../../shared/exchange/exchange';

export interface HistoryRecord {
  at: string;
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

const STORED_BODY = 64 * 1024;
const clip = (body: string | null) => (body === null ? null : body.length > STORED_BODY ? `${body.slice(0, STORED_BODY)}…[truncated]` : body);

/** Exchanges, redacted by the caller before they get here (this layer cannot know the secrets). */
export class HistoryRepository {
  constructor(private readonly db: Database) {}

  insert(record: HistoryRecord): number {
    const result = this.db
      .prepare(
        `INSERT INTO history (at, source, credential_id, fingerprint, provider_id, environment_id, method, url, status,
           request_headers, request_body, response_headers, response_body, timings, findings, error)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        record.at,
        record.source,
        record.credentialId,
        record.fingerprint,
        record.providerId,
        record.environmentId,
        record.request.method,
        record.request.url,
        record.response?.status ?? null,
        JSON.stringify(record.request.headers),
        clip(record.request.body),
        record.response ? JSON.stringify(record.response.headers) : null,
        record.response ? clip(record.response.body) : null,
        record.timings ? JSON.stringify(record.timings) : null,
        JSON.stringify(record.findings),
        record.error,
      );
    return Number(result.lastInsertRowid);
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM history').get() as { n: number }).n;
  }
}
