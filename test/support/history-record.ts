import { aesGcmSealer } from '../../electron/store/history-seal';
import type { HistoryRecord } from '../../electron/store/history-repository';

/** A plain, already-redacted history record (a 200 to GET /v1/agents); tests override what they look at. */
export function historyRecord(overrides: Partial<HistoryRecord> = {}): HistoryRecord {
  return {
    at: '2026-01-01T00:00:00.000Z',
    path: '/v1/agents',
    source: 'send',
    byKeyhole: false,
    credentialId: null,
    fingerprint: null,
    providerId: 'call2me',
    environmentId: 'sandbox',
    request: { method: 'GET', url: 'http://127.0.0.1/v1/agents', headers: {}, body: null },
    response: { status: 200, headers: {}, body: '{}', truncated: false },
    timings: null,
    findings: [],
    error: null,
    ...overrides,
  };
}

/** One sealing key for every test repository, so a second connection reads what the first wrote. */
export const TEST_HISTORY_KEY = Buffer.alloc(32, 9);
export const testSealer = () => aesGcmSealer(TEST_HISTORY_KEY);
