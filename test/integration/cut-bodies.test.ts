import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayRequest } from '../../electron/send/replay';
import { HistoryRepository, STORED_BODY } from '../../electron/store/history-repository';
import { migrations } from '../../electron/store/migrations';
import { openDatabase } from '../../electron/store/open-database';
import { supportBundle } from '../../shared/exchange/support-bundle';
import { builtinProviders } from '../../shared/providers/builtin-providers';
import { historyRecord, testSealer } from '../support/history-record';
import { tempDir } from '../support/temp-dir';

const call2meProfile = builtinProviders.find((p) => p.id === 'call2me')!;

/** A body cut short is said by the row's cut columns (a flag and the size as sent), never by text inside the body. */
describe('cut bodies', () => {
  it('a body over the stored cap is kept to its start, with its size as sent in the cut column; a short one is whole', () => {
    const history = new HistoryRepository(openDatabase(path.join(tempDir(), 'keyhole.db')), testSealer());
    const long = `{"pad":"${'é'.repeat(STORED_BODY)}"}`;
    const id = history.insert(
      historyRecord({
        request: { method: 'POST', url: 'http://127.0.0.1/v1/agents', headers: {}, body: long },
        response: { status: 201, headers: {}, body: '{"agent_id":"agent_1"}', truncated: false },
      }),
    );
    const entry = history.get(id)!;
    expect(entry.request.body).toBe(long.slice(0, STORED_BODY));
    expect(entry.cut).toEqual({ request: Buffer.byteLength(long), response: null });
    expect(entry.response).toMatchObject({ body: '{"agent_id":"agent_1"}', truncated: false });
    // A support bundle gives HAR the size as sent and says which text is only a start.
    const [har] = (JSON.parse(supportBundle([entry], 'test')) as { log: { entries: { request: { bodySize: number }; _keyhole: { cut: unknown } }[] } }).log
      .entries;
    expect(har!.request.bodySize).toBe(Buffer.byteLength(long));
    expect(har!._keyhole.cut).toEqual(entry.cut);

    // Cut before it got here (the proxy's capture limit): the size it was sent at is kept, not the stored text's.
    const proxied = history.get(
      history.insert(historyRecord({ response: { status: 200, headers: {}, body: '{"a":', truncated: true }, cut: { request: null, response: 90_000 } })),
    )!;
    expect(proxied.cut).toEqual({ request: null, response: 90_000 });
    expect(proxied.response).toMatchObject({ body: '{"a":', truncated: true });
  });

  it('replay refuses a request whose body was cut, naming its size, and replays a whole one', () => {
    const history = new HistoryRepository(openDatabase(path.join(tempDir(), 'keyhole.db')), testSealer());
    const post = (body: string) =>
      history.get(history.insert(historyRecord({ request: { method: 'POST', url: 'http://127.0.0.1/v1/agents', headers: {}, body } })))!;
    const cut = post('x'.repeat(STORED_BODY + 10));
    expect(() => replayRequest(cut, call2meProfile, 'other')).toThrow(`only the first part of its ${STORED_BODY + 10}-byte body was recorded`);
    expect(replayRequest(post('{"agent_name":"a"}'), call2meProfile, 'other')).toMatchObject({ method: 'POST', body: '{"agent_name":"a"}' });
  });

  it('rows written with the old in-body markers have them moved into the columns once, at start-up', () => {
    const file = path.join(tempDir(), 'keyhole.db');
    // As version 13 wrote them: the proxy's marker with the bytes beyond the kept ones, and the store's "…[truncated]".
    const old = openDatabase(file, { migrations: migrations.slice(0, 13) });
    const plain = old.prepare(
      `INSERT INTO history (at, source, method, url, path, status, request_headers, response_headers, findings, timings, sealed)
       VALUES ('2026-01-01T00:00:00.000Z', 'proxy', 'POST', '', '/v1/agents', 200, '{}', '{}', '[]', ?, ?)`,
    );
    const sealed = (requestBody: string | null, responseBody: string | null) =>
      testSealer().seal(
        JSON.stringify({ url: 'http://x/v1/agents', requestHeaders: {}, requestBody, responseHeaders: {}, responseBody, findings: [], error: null }),
      );
    const timings = JSON.stringify({ dnsMs: null, connectMs: null, tlsMs: null, firstByteMs: 1, totalMs: 2, requestBytes: 20_000, responseBytes: 70_000 });
    plain.run(timings, sealed('{"pad":"xxxx…[19990 more bytes not recorded]', `${'y'.repeat(10)}…[truncated]`));
    plain.run(timings, sealed('{"ok":true}', 'text that mentions …[truncated] in the middle'));
    old.close();

    const db = openDatabase(file);
    const history = new HistoryRepository(db, testSealer());
    expect(history.moveCutMarkers(1)).toBe(1);
    const [second, first] = history.query({ limit: 10 }).sort((a, b) => b.id - a.id);
    expect(first!.request.body).toBe('{"pad":"xxxx');
    expect(first!.response!.body).toBe('y'.repeat(10));
    expect(first!.cut).toEqual({ request: 12 + 19_990, response: 70_000 });
    expect(first!.response!.truncated).toBe(true);
    expect(second!.cut).toEqual({ request: null, response: null });
    expect(second!.response!.body).toBe('text that mentions …[truncated] in the middle');
    // Once: nothing is left to move, and a new body that happens to end like a marker stays as it is.
    expect(db.prepare('SELECT count(*) AS n FROM history_cut_markers').get()).toEqual({ n: 0 });
    const id = history.insert(historyRecord({ response: { status: 200, headers: {}, body: 'ends with …[truncated]', truncated: false } }));
    expect(history.moveCutMarkers()).toBe(0);
    expect(history.get(id)!.response!.body).toBe('ends with …[truncated]');
  });
});
