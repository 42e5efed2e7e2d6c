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

/**
 * curlconverter's shell grammar (tree-sitter) refuses a single word over 32 KB, which a real
 * `-d '{...}'` can be: long quoted arguments go to the parser as short placeholders and come back
 * after it. Single quotes hold text as is; double quotes only when nothing in them expands.
 */
const LONG_ARGUMENT = 4096;
/** How much of a long argument the parser still sees. */
const KEPT = 256;

/** The quoted spans of a shell command line, found as bash reads quotes (a backslash outside quotes escapes the next character). */
function quotedSpans(command: string): { start: number; end: number; double: boolean; expands: boolean }[] {
  const spans: { start: number; end: number; double: boolean; expands: boolean }[] = [];
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (c === '\\') i++;
    else if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) break;
      // $'...' (ANSI-C quoting) has escapes of its own: left to the parser.
      spans.push({ start: i, end: end + 1, double: false, expands: command[i - 1] === '$' });
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      let expands = false;
      for (; j < command.length && command[j] !== '"'; j++) {
        if (command[j] === '\\') j++;
        else if (command[j] === '$' || command[j] === '`') expands = true;
      }
      if (j >= command.length) break;
      spans.push({ start: i, end: j + 1, double: true, expands });
      i = j;
    }
  }
  return spans;
}

function shortenLongArguments(command: string): { command: string; restore: (text: string) => string } {
  const originals: string[] = [];
  let shortened = '';
  let from = 0;
  for (const span of quotedSpans(command)) {
    if (span.end - span.start <= LONG_ARGUMENT || span.expands) continue;
    // The start stays for the parser (a header's "Name:" must be seen), the rest waits outside.
    let cut = span.start + 1 + KEPT;
    while (span.double && command.slice(span.start + 1, cut).match(/\\*$/)![0].length % 2 === 1) cut--;
    const rest = command.slice(cut, span.end - 1);
    // Inside double quotes bash removes the backslash before \ " $ ` and drops an escaped newline.
    originals.push(span.double ? rest.replace(/\\\n/g, '').replace(/\\([\\"$`])/g, '$1') : rest);
    shortened += `${command.slice(from, cut)}KEYHOLE_LONG_ARGUMENT_${originals.length - 1}_${command[span.end - 1]}`;
    from = span.end;
  }
  shortened += command.slice(from);
  const restore = (text: string) =>
    originals.length === 0 ? text : text.replace(/KEYHOLE_LONG_ARGUMENT_(\d+)_/g, (token, i: string) => originals[Number(i)] ?? token);
  return { command: shortened, restore };
}

/** Every string inside a parsed value with the long arguments put back. */
function restoreAll<T>(value: T, restore: (text: string) => string): T {
  if (typeof value === 'string') return restore(value) as T;
  if (Array.isArray(value)) return value.map((item) => restoreAll(item, restore)) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [restore(k), restoreAll(v, restore)])) as T;
  return value;
}

/** A curl command line, parsed by curlconverter (a maintained shell-aware parser, not a regex). */
export function exchangeFromCurl(command: string): PastedExchange {
  if (!/^curl\s/.test(command.trim())) {
    throw new AppError('INVALID_INPUT', 'This is not a curl command: paste a command that starts with "curl" (or use the raw HTTP or HAR tab).');
  }
  const short = shortenLongArguments(command.trim());
  let parsed: ReturnType<typeof toJsonObject>;
  try {
    parsed = restoreAll(toJsonObject(short.command), short.restore);
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
