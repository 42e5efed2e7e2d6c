import type { IncomingHttpHeaders } from 'node:http';
import type { SandboxRefusal } from './refusal';

/** A request as a vendor's API sees it: the path under the vendor's prefix, exactly as sent. */
export interface VendorRequest {
  method: string;
  /** The path without the query, percent-encoding kept. */
  path: string;
  /** `?...` as sent, or ''. */
  search: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Where this vendor is mounted on the sandbox (`/call2me`): redirects and Location headers need it. */
  prefix: string;
  /** The caller's address: unauthenticated callers are rate-limited by it. */
  remote: string;
  json(): ParsedJson;
}

export type ParsedJson = { kind: 'empty' } | { kind: 'invalid'; position: number; error: string } | { kind: 'value'; value: unknown };

/** An answer, or a refusal the server puts in the vendor's error envelope. */
export interface VendorResponse {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Callaro's list `meta` (`count`, `page`, `per_page`, `pages`), put beside `data`. */
  meta?: Record<string, number>;
  refusal?: SandboxRefusal;
}

/** JSON nested deeper than this is refused before anything walks it (a deep body must not exhaust the stack). */
export const MAX_JSON_DEPTH = 64;

/** Parses a body once: empty, invalid (where, and why), or a value. */
export function parseJson(text: string): ParsedJson {
  if (text.trim() === '') return { kind: 'empty' };
  const tooDeep = depthExceeded(text);
  if (tooDeep !== null) return { kind: 'invalid', position: tooDeep, error: `Nested deeper than ${MAX_JSON_DEPTH} levels` };
  try {
    return { kind: 'value', value: JSON.parse(text) };
  } catch (error) {
    const position = Number(/position (\d+)/.exec((error as Error).message)?.[1] ?? 0);
    return { kind: 'invalid', position, error: 'Expecting value' };
  }
}

/** The offset where nesting passes MAX_JSON_DEPTH, or null; one pass, strings skipped. */
function depthExceeded(text: string): number | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > MAX_JSON_DEPTH) return i;
    } else if (c === 93 || c === 125) depth--;
  }
  return null;
}
