/** A HAR 1.2 file as a browser exports it: one GET per entry, with its Authorization header and answer. */
export function harFile(entries: { url: string; authorization: string; status: number; body?: string; at?: string }[]) {
  return {
    log: {
      version: '1.2',
      creator: { name: 'browser', version: '1' },
      entries: entries.map(({ url, authorization, status, body = '', at = '2026-11-30T10:00:00.000Z' }) => ({
        startedDateTime: at,
        time: 5,
        request: {
          method: 'GET',
          url,
          httpVersion: 'HTTP/1.1',
          headers: [{ name: 'Authorization', value: authorization }],
          queryString: [],
          cookies: [],
          headersSize: -1,
          bodySize: 0,
        },
        response: {
          status,
          statusText: '',
          httpVersion: 'HTTP/1.1',
          headers: [],
          cookies: [],
          content: { size: body.length, mimeType: 'application/json', text: body },
          redirectURL: '',
          headersSize: -1,
          bodySize: body.length,
        },
        cache: {},
        timings: { send: 0, wait: 5, receive: 0 },
      })),
    },
  };
}
