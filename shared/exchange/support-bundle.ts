import type { Finding } from '../diagnosis/finding';
import type { BodyCut, ExchangeResponseShape, RedactedRequest, Timings } from './exchange';

export interface BundleEntry {
  at: string;
  request: RedactedRequest;
  response: ExchangeResponseShape | null;
  timings: Timings | null;
  findings: Finding[];
  error: string | null;
  /** Bodies recorded only in part, with their sizes as sent (a recorded exchange; a fresh one is whole). */
  cut?: BodyCut;
}

const pairs = (headers: Record<string, string>) => Object.entries(headers).map(([name, value]) => ({ name, value }));
const header = (headers: Record<string, string>, name: string) => Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];

/**
 * A support bundle: HAR 1.2 of already-redacted exchanges, each with Keyhole's findings in the
 * `_keyhole` extension field (HAR allows custom fields starting with "_"). Secrets appear only as
 * `<credential name · fingerprint>`, so the reader still knows which key was used.
 */
export function supportBundle(entries: readonly BundleEntry[], version: string): string {
  const har = {
    log: {
      version: '1.2',
      creator: { name: 'Keyhole', version },
      entries: entries.map((e) => {
        // Redaction placeholders (`<name · fingerprint>`) are not URI characters: the URL parser
        // percent-encodes them, so `url` is a valid URI (HAR schema) and queryString keeps them readable.
        const url = new URL(e.request.url);
        const total = e.timings?.totalMs ?? 0;
        const firstByte = e.timings?.firstByteMs ?? total;
        const connected = e.timings?.tlsMs ?? e.timings?.connectMs ?? 0;
        return {
          startedDateTime: e.at,
          time: total,
          request: {
            method: e.request.method,
            url: url.href,
            httpVersion: 'HTTP/1.1',
            cookies: [],
            headers: pairs(e.request.headers),
            queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
            headersSize: -1,
            bodySize: e.cut?.request ?? e.request.body?.length ?? 0,
            ...(e.request.body !== null
              ? { postData: { mimeType: header(e.request.headers, 'content-type') ?? 'application/octet-stream', text: e.request.body } }
              : {}),
          },
          response: {
            status: e.response?.status ?? 0,
            statusText: '',
            httpVersion: 'HTTP/1.1',
            cookies: [],
            headers: pairs(e.response?.headers ?? {}),
            content: {
              size: e.cut?.response ?? e.response?.body.length ?? 0,
              mimeType: header(e.response?.headers ?? {}, 'content-type') ?? 'application/octet-stream',
              text: e.response?.body ?? '',
            },
            redirectURL: header(e.response?.headers ?? {}, 'location') ?? '',
            headersSize: -1,
            bodySize: e.cut?.response ?? e.response?.body.length ?? -1,
          },
          cache: {},
          timings: { send: 0, wait: Math.max(0, firstByte - connected), receive: Math.max(0, total - firstByte), connect: e.timings?.connectMs ?? -1, ssl: -1 },
          // The provider's request ids, for its support desk.
          // `cut`: the sizes of bodies whose text here is only their start (HAR's sizes are the whole's).
          _keyhole: {
            findings: e.findings,
            error: e.error,
            cut: e.cut ?? null,
            requestIds: [...new Set(e.findings.flatMap((f) => (f.requestId ? [f.requestId] : [])))],
          },
        };
      }),
    },
  };
  return `${JSON.stringify(har, null, 2)}\n`;
}
