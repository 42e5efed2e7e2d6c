import { isSecretName } from './secret-names';
import { redactGraphql, redactMultipart, redactXml, type Redact } from './structured-bodies';
import type { SecretRun, SecretShapes } from './secret-shapes';

/**
 * Redaction by structure, then by value. Threat model: anything an exchange carries may be a secret
 * (headers, query, JSON and form fields at any depth, cookies, Basic auth, an echo of the request in
 * the response), in any encoding. Pass one walks the structure: values under secret names
 * (`isSecretName`) and secret-shaped values anywhere (`SecretShapes`) become placeholders, and every
 * value replaced is remembered. Pass two removes every remembered and caller-named secret from all
 * the text that is left, raw, URL-encoded, JSON-escaped and base64. A placeholder keeps the
 * fingerprint so people can still correlate: `<name · fp>` for a named key, `<redacted · fp>` else.
 */
export interface KnownSecret {
  value: string;
  /** The placeholder's text, `name · fingerprint`; `redacted · fingerprint` when left out. */
  label?: string;
}

export interface RedactionRules {
  shapes: SecretShapes;
  /** A keyed fingerprint (never a plain hash) of a secret, 12 hex characters. */
  fingerprint: (secret: string) => string;
}

export const PLACEHOLDER = /<[^<>]+ · [0-9a-f]{12}>/;
const PLACEHOLDERS = /(<[^<>]+ · [0-9a-f]{12}>)/g;
const ONLY_PLACEHOLDER = /^(?:\w+\s+)?<[^<>]+ · [0-9a-f]{12}>$/;
const AUTH_SCHEME = /^(Bearer|Basic|Token|Digest|Negotiate|ApiKey|Key|Hawk|AWS4-HMAC-SHA256|OAuth)(\s+)([\s\S]+)$/i;
/** Discovered values shorter than this are replaced where they stand but not searched for elsewhere. */
const MIN_ECHO_SEARCH = 8;
const MAX_JSON_DEPTH = 200;
/** `a=1&b=2`: a form body or a query string, by its look alone. */
const FORM = /^[\w.%[\]-]+=[^&\s]*(?:&[\w.%[\]-]+=[^&\s]*)*$/;
/** How many layers of encoding inside a value are taken apart (JSON in a string in base64...). */
const MAX_DECODE_DEPTH = 4;
/** Values longer than this are searched as text only, not decoded. */
const MAX_DECODED = 64 * 1024;

export class Redactor {
  private readonly placeholders = new Map<string, string>();
  /** Secrets searched for in all text, longest first; rebuilt when a secret is added. */
  private searched: { placeholder: string; forms: string[] }[] | null = null;
  private readonly named = new Set<string>();
  /** How many values pass one has replaced so far: tells a walk whether it changed anything. */
  private replaced = 0;

  constructor(
    private readonly rules: RedactionRules,
    known: readonly KnownSecret[] = [],
  ) {
    for (const secret of known) this.remember(secret.value, secret.label, true);
  }

  /** Everything this redactor has replaced or been told about. */
  secrets(): KnownSecret[] {
    return [...this.placeholders].map(([value, placeholder]) => ({ value, label: placeholder.slice(1, -1) }));
  }

  /** Adds secrets learnt later (a key minted in the response being redacted). */
  learn(known: readonly KnownSecret[]): void {
    for (const secret of known) this.remember(secret.value, secret.label, true);
  }

  /** Pass one for a header set: names, schemes, cookies and shapes. */
  headers(headers: Record<string, string>): Record<string, string> {
    // A header name can itself be a secret (a key sent as the name of a custom header).
    return Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [this.rules.shapes.matches(name) ? this.replace(name) : name, this.header(name, value)]),
    );
  }

  /** Pass one for a URL: userinfo, query parameters by name and shape, shapes in the path. */
  url(url: string): string {
    const fragmentAt = url.indexOf('#');
    const fragment = fragmentAt >= 0 ? url.slice(fragmentAt) : '';
    const withoutFragment = fragmentAt >= 0 ? url.slice(0, fragmentAt) : url;
    const queryAt = withoutFragment.indexOf('?');
    const base = queryAt >= 0 ? withoutFragment.slice(0, queryAt) : withoutFragment;
    const query = queryAt >= 0 ? withoutFragment.slice(queryAt + 1) : null;
    const userinfo = /^([a-z][a-z0-9+.-]*:\/\/)([^/@?#]*?):([^/@?#]*)@/i.exec(base);
    const safeBase = userinfo
      ? `${userinfo[1]}${userinfo[2]}:${this.replace(decode(userinfo[3]!))}@${this.text(base.slice(userinfo[0].length))}`
      : this.text(base);
    return `${safeBase}${query === null ? '' : `?${this.pairs(query)}`}${this.text(fragment)}`;
  }

  /** Pass one for a body: JSON and forms are walked field by field; anything else is searched as text. */
  body(body: string, contentType = ''): string {
    if (body === '') return body;
    const type = contentType.toLowerCase();
    const trimmed = body.trimStart();
    const redact: Redact = { replace: (secret) => this.replace(secret), judge: (value) => this.value(value, false) };
    if (type.startsWith('multipart/')) {
      const multipart = redactMultipart(body, contentType, redact);
      if (multipart !== null) return multipart;
    }
    if (type.includes('json') || trimmed.startsWith('{') || trimmed.startsWith('[')) {
      const json = this.json(body);
      if (json !== null) return json;
    }
    if (type.includes('graphql')) {
      const graphql = redactGraphql(body, redact);
      if (graphql !== null) return graphql;
    }
    if (type.includes('xml') || trimmed.startsWith('<')) {
      const xml = redactXml(body, redact);
      if (xml !== null) return xml;
    }
    if (type.includes('x-www-form-urlencoded') || (!type && FORM.test(body))) return this.pairs(body);
    return this.text(this.looseJson(body));
  }

  /**
   * JSON that does not parse (cut at the recording limit, or not quite JSON): `"name": "value"` pairs
   * under secret names are still found. The pattern has no nested quantifiers: linear on any input.
   */
  private looseJson(text: string): string {
    if (!text.includes('"')) return text;
    return text.replace(/"((?:[^"\\\n]|\\.){1,200})"(\s*:\s*)"((?:[^"\\\n]|\\.)*)"/g, (whole, name: string, colon: string, value: string) => {
      if (value === '' || !isSecretName(name) || ONLY_PLACEHOLDER.test(value)) return whole;
      let decoded = value;
      try {
        decoded = JSON.parse(`"${value}"`) as string;
      } catch {
        // Keep the escaped text as the secret's value.
      }
      return `"${name}"${colon}"${this.replace(decoded)}"`;
    });
  }

  /** Pass one for free text: secret-shaped runs (JWTs, prefixed keys). */
  text(text: string, runs: SecretRun[] = this.rules.shapes.find(text)): string {
    if (runs.length === 0) return text;
    runs.sort((a, b) => a.start - b.start || b.end - a.end);
    let out = '';
    let at = 0;
    for (const run of runs) {
      if (run.start < at) continue;
      out += text.slice(at, run.start) + this.replace(run.value);
      at = run.end;
    }
    return out + text.slice(at);
  }

  /** Pass two: every secret known so far, in every encoding it may travel in, out of the text. */
  scrub(text: string): string {
    const searched = this.searchList();
    if (searched.length === 0 || text === '') return text;
    const swap = (part: string) => {
      let out = part;
      for (const { placeholder, forms } of searched) for (const form of forms) if (out.includes(form)) out = out.split(form).join(placeholder);
      return out;
    };
    if (!text.includes('<')) return swap(text);
    // Placeholders are left whole, so a short secret cannot cut into one.
    return text
      .split(PLACEHOLDERS)
      .map((part, i) => (i % 2 === 1 ? part : swap(part)))
      .join('');
  }

  /** Both passes, for text that stands alone (an error message, a finding's detail). */
  clean(text: string): string {
    return this.scrub(this.text(text));
  }

  private header(name: string, value: string): string {
    if (ONLY_PLACEHOLDER.test(value)) return value;
    const lower = name.toLowerCase();
    if (lower === 'cookie')
      return value
        .split(/;\s*/)
        .map((pair) => this.cookie(pair))
        .join('; ');
    if (lower === 'set-cookie') {
      return value
        .split(/,\s*(?=[!#$%&'*+.^_`|~0-9A-Za-z-]+=)/)
        .map((cookie) => {
          const [first, ...attributes] = cookie.split(';');
          return [this.cookie(first!), ...attributes].join(';');
        })
        .join(', ');
    }
    if (isSecretName(name)) return this.credential(value);
    const scheme = AUTH_SCHEME.exec(value);
    if (this.rules.shapes.matches(value.trim()) || (scheme && this.rules.shapes.matches(scheme[3]!.trim()))) return this.credential(value);
    return this.text(value);
  }

  /** `Bearer abc` -> `Bearer <redacted · fp>`; Basic also gives up its password for pass two. */
  private credential(value: string): string {
    const scheme = AUTH_SCHEME.exec(value.trim());
    if (!scheme) return this.replace(value.trim());
    const [, name, space, rest] = scheme as unknown as [string, string, string, string];
    if (name.toLowerCase() === 'basic') {
      const decoded = decodeBase64(rest.trim());
      const colon = decoded?.indexOf(':') ?? -1;
      if (decoded && colon >= 0) this.remember(decoded.slice(colon + 1), undefined, false);
    }
    return `${name}${space}${this.replace(rest.trim())}`;
  }

  private cookie(pair: string): string {
    const eq = pair.indexOf('=');
    if (eq < 0) return pair;
    const value = pair.slice(eq + 1);
    return value === '' || ONLY_PLACEHOLDER.test(value) ? pair : `${pair.slice(0, eq)}=${this.replace(value)}`;
  }

  /** `a=1&api_key=sk_...` (a query or a form body): by name, then by shape, raw text kept otherwise. */
  private pairs(text: string): string {
    return text
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        if (eq < 0) return this.text(pair);
        const rawName = pair.slice(0, eq);
        const value = decodeFully(pair.slice(eq + 1));
        if (PLACEHOLDER.test(value) && ONLY_PLACEHOLDER.test(value)) return pair;
        if (value !== '' && (isSecretName(decodeFully(rawName)) || this.rules.shapes.matches(value))) return `${rawName}=${this.replace(value)}`;
        // Decoded, the value may be a URL with its own secrets, JSON, or a blob: when anything in it
        // is a secret, the whole value goes.
        if (value !== '' && this.value(value, false, 0) !== value) return `${rawName}=${this.replace(value)}`;
        return `${rawName}=${this.text(pair.slice(eq + 1))}`;
      })
      .join('&');
  }

  private json(body: string): string | null {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return null;
    }
    try {
      const before = this.replaced;
      const walked = this.walk(parsed, false, 0);
      if (this.replaced !== before) return JSON.stringify(walked);
      // Nothing replaced in the parsed value: the body stays byte for byte (big numbers, spacing),
      // but a duplicate key's earlier value, which JSON.parse drops, is still looked at as text.
      return this.text(this.looseJson(body));
    } catch (error) {
      if (error instanceof TooDeep || error instanceof RangeError) return this.text(body);
      throw error;
    }
  }

  /**
   * A parsed JSON value, redacted in place. Under a secret name everything is secret, whatever its
   * type (an object of passwords, a numeric PIN); an object key shaped like a secret is replaced too.
   */
  private walk(value: unknown, secretName: boolean, depth: number): unknown {
    if (depth > MAX_JSON_DEPTH) throw new TooDeep();
    if (typeof value === 'string') return this.value(value, secretName, depth);
    if (typeof value === 'number' || typeof value === 'boolean') return secretName ? this.replace(String(value)) : value;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = this.walk(value[i], secretName, depth + 1);
      return value;
    }
    if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(record)) {
        const name = this.rules.shapes.matches(key) ? this.replace(key) : key;
        out[name] = this.walk(record[key], secretName || isSecretName(key), depth + 1);
      }
      return out;
    }
    return value;
  }

  /**
   * One string value: all of it under a secret name or when secret-shaped. Otherwise it is decoded
   * before it is judged, within a depth budget: JSON inside the string, a URL (its userinfo and query),
   * a base64 or hex blob of text; if a secret is inside, the decoded form is redacted (JSON, URLs) or
   * the whole blob replaced. Else the shaped runs inside it.
   */
  private value(value: string, secretName: boolean, depth = 0): string {
    if (value === '' || (value.charCodeAt(0) === 60 && ONLY_PLACEHOLDER.test(value))) return value;
    if (secretName) return this.replace(value);
    const runs = this.rules.shapes.find(value);
    if (this.rules.shapes.matches(value, runs)) return this.replace(value);
    if (depth < MAX_DECODE_DEPTH && value.length <= MAX_DECODED) {
      const trimmed = value.trim();
      if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && trimmed.length > 1) {
        try {
          const before = this.replaced;
          const walked = this.walk(JSON.parse(trimmed), false, depth + 1);
          if (this.replaced !== before) return JSON.stringify(walked);
        } catch (error) {
          if (!(error instanceof SyntaxError)) throw error;
        }
      }
      if (/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(trimmed)) return this.url(trimmed);
      // A GraphQL document in a JSON string (`{"query": "mutation { login(password: ...) }"}`).
      if (/^\s*(?:query|mutation|subscription|\{)/.test(trimmed)) {
        const graphql = redactGraphql(value, { replace: (secret) => this.replace(secret), judge: (inner) => this.value(inner, false, depth + 1) });
        if (graphql !== null && graphql !== value) return graphql;
      }
      const blob = decodeBlob(trimmed);
      if (blob !== null && (this.value(blob, false, depth + 1) !== blob || (FORM.test(blob) && this.pairs(blob) !== blob))) return this.replace(value);
    }
    return this.text(value, runs);
  }

  /** The placeholder for a value, remembering it for pass two. */
  private replace(value: string): string {
    if (value === '' || ONLY_PLACEHOLDER.test(value)) return value;
    this.replaced++;
    return this.remember(value, undefined, false);
  }

  private remember(value: string, label: string | undefined, named: boolean): string {
    let placeholder = this.placeholders.get(value);
    if (placeholder === undefined || (label && named)) {
      placeholder = `<${label ?? `redacted · ${this.rules.fingerprint(value)}`}>`;
      this.placeholders.set(value, placeholder);
      this.searched = null;
    }
    if (named) this.named.add(value);
    return placeholder;
  }

  private searchList(): { placeholder: string; forms: string[] }[] {
    if (!this.searched) {
      this.searched = [...this.placeholders]
        // Caller-named secrets have no minimum length; ones found by structure need a few characters
        // before their echo is searched for everywhere (a cookie "1" must not eat every digit).
        .filter(([value]) => value.length > 0 && (this.named.has(value) || value.length >= MIN_ECHO_SEARCH))
        .sort(([a], [b]) => b.length - a.length)
        .map(([value, placeholder]) => ({ placeholder, forms: cachedEncodings(value) }));
    }
    return this.searched;
  }
}

class TooDeep extends Error {}

/**
 * The signing key recurs in every exchange a proxy records: its forms are kept for the few most
 * recent secrets (bounded; the same process holds the secret for the exchange anyway).
 */
const ENCODINGS_KEPT = 64;
const encodingCache = new Map<string, string[]>();
function cachedEncodings(secret: string): string[] {
  let forms = encodingCache.get(secret);
  if (!forms) {
    forms = encodings(secret);
    if (encodingCache.size >= ENCODINGS_KEPT) encodingCache.delete(encodingCache.keys().next().value!);
    encodingCache.set(secret, forms);
  }
  return forms;
}

/** The forms a secret takes in transit: raw, URL-encoded (with %20 or +), JSON-escaped three ways, base64. */
export function encodings(secret: string): string[] {
  const uri = encodeURIComponent(secret);
  const json = JSON.stringify(secret).slice(1, -1);
  const jsonSlash = json.replaceAll('/', '\\/');
  const escape = (upper: boolean) =>
    jsonSlash.replace(/[<>&'=\u007f-\uffff]/g, (c) => {
      const hex = c.charCodeAt(0).toString(16).padStart(4, '0');
      return `\\u${upper ? hex.toUpperCase() : hex}`;
    });
  const base64 = encodeBase64(secret);
  const unpadded = base64.replace(/=+$/, '');
  const url = unpadded.replaceAll('+', '-').replaceAll('/', '_');
  const forms = [secret, uri, uri.replaceAll('%20', '+'), json, jsonSlash, escape(false), escape(true), base64, unpadded, url];
  return [...new Set(forms)].filter((form) => form.length > 0);
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return text;
  }
}

/** Percent-decoding until nothing changes (a value encoded twice is still the value), three rounds at most. */
function decodeFully(text: string): string {
  let out = decode(text);
  for (let round = 0; round < 2 && /%[0-9a-f]{2}/i.test(out); round++) out = decode(out);
  return out;
}

/**
 * Text hidden in a blob: base64 (standard or URL-safe) or hex of UTF-8 or UTF-16 text. Null unless the
 * whole value is such a blob and what it decodes to is mostly printable.
 */
function decodeBlob(value: string): string | null {
  if (value.length < 16) return null;
  let bytes: Uint8Array | null = null;
  if (/^(?:[0-9a-f]{2})+$/i.test(value)) bytes = Uint8Array.from(value.match(/../g)!, (h) => parseInt(h, 16));
  else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) {
    try {
      const binary = atob(
        value
          .replaceAll('-', '+')
          .replaceAll('_', '/')
          .padEnd(Math.ceil(value.length / 4) * 4, '='),
      );
      bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    } catch {
      return null;
    }
  }
  if (!bytes || bytes.length < 8) return null;
  for (const encoding of ['utf-8', 'utf-16le'] as const) {
    let text: string;
    try {
      text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
    } catch {
      continue;
    }
    let printable = 0;
    for (const c of text) if (/[\x20-\x7e\t\r\n]/.test(c)) printable++;
    if (printable >= text.length * 0.9) return text;
  }
  return null;
}

function encodeBase64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function decodeBase64(text: string): string | null {
  try {
    const binary = atob(text);
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}
