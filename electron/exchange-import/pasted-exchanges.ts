import { toJsonObject } from 'curlconverter';
import { HarFile, type HarEntry } from '../../shared/exchange/har';
import { decodeBody } from '../redaction/body-decoding';
import type { DiagnosedRequest, DiagnosedResponse } from '../../shared/diagnosis/diagnose-exchange';
import { AppError, describeZodError } from '../../shared/errors/app-error';
import { jsonSyntaxError } from '../../shared/security/json-syntax';

export interface PastedExchange {
  request: DiagnosedRequest & { body: string | null };
  response?: DiagnosedResponse;
  /** When it happened, if the paste says (a HAR entry's startedDateTime), as ISO 8601 UTC. */
  startedAt?: string;
}

/** A HAR time as ISO 8601 UTC; undefined when it is missing or not a time. */
function harTime(value: string | undefined): string | undefined {
  const ms = value === undefined ? NaN : Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

const toRecord = (pairs: { name: string; value: string }[]) => Object.fromEntries(pairs.map((h) => [h.name, h.value]));

/** A curl command line, parsed by curlconverter (a maintained shell-aware parser, not a regex). */
export function exchangeFromCurl(command: string): PastedExchange {
  if (!/^curl\s/.test(command.trim())) {
    throw new AppError('INVALID_INPUT', 'This is not a curl command: paste a command that starts with "curl" (or use the raw HTTP or HAR tab).');
  }
  let parsed: ReturnType<typeof toJsonObject>;
  try {
    parsed = toJsonObject(command.trim());
  } catch {
    // Fixed words: the parser's message quotes the command, credentials included.
    throw new AppError('INVALID_INPUT', 'The curl command could not be read: check its quotes and that it starts with curl and a URL.');
  }
  if (!parsed.url) throw new AppError('INVALID_INPUT', 'The curl command has no URL.');
  // raw_url is the URL as typed, query and trailing slash included (`url` drops both).
  const url = typeof parsed.raw_url === 'string' && parsed.raw_url !== '' ? parsed.raw_url : parsed.url;
  const headers = Object.fromEntries(Object.entries(parsed.headers ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  const data = typeof parsed.data === 'string' ? parsed.data : parsed.data ? JSON.stringify(parsed.data) : null;
  return { request: { method: (parsed.method ?? 'GET').toUpperCase(), url, headers, body: data } };
}

/** A HAR response body as text: base64 content is decoded (then its charset and content-encoding). */
function harContent(response: HarEntry['response']): string | undefined {
  const content = response.content;
  if (content?.text === undefined || content.encoding?.toLowerCase() !== 'base64') return content?.text;
  const headers = toRecord(response.headers);
  // The HAR's text is the body as the browser saw it: already decompressed, so only the charset applies.
  const { ['content-encoding']: _coding, ...rest } = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return decodeBody(Buffer.from(content.text, 'base64'), rest);
}

/** Every entry of a HAR file; a malformed file is refused whole with the path of the first problems. */
export function exchangesFromHar(text: string, source: string): PastedExchange[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new AppError('INVALID_INPUT', `${source} is ${jsonSyntaxError(error)}.`);
  }
  const parsed = HarFile.safeParse(raw);
  if (!parsed.success) throw new AppError('INVALID_INPUT', describeZodError(parsed.error, `${source} is not a valid HAR file`));
  if (parsed.data.log.entries.length === 0) throw new AppError('INVALID_INPUT', `${source} has no entries.`);
  return parsed.data.log.entries.map((entry) => ({
    request: {
      method: entry.request.method.toUpperCase(),
      url: entry.request.url,
      headers: toRecord(entry.request.headers),
      body: entry.request.postData?.text ?? null,
    },
    response: { status: entry.response.status, headers: toRecord(entry.response.headers), body: harContent(entry.response) },
    startedAt: harTime(entry.startedDateTime),
  }));
}
