import { diagnoseExchange, type KnownCredential } from '../diagnosis/diagnose-exchange';
import type { Finding } from '../diagnosis/finding';
import type { ExchangeResponseShape, RedactedRequest } from '../exchange/exchange';
import type { EnvironmentProfile, ProviderProfile } from '../providers/provider-profile';
import { Redactor, type KnownSecret, type RedactionRules } from './redactor';

/** An exchange as it happened: secrets included. It exists only in memory, on the Node side. */
export interface RawExchange {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  response: ExchangeResponseShape | null;
  error: string | null;
}

export interface ProcessedExchange {
  request: RedactedRequest;
  response: ExchangeResponseShape | null;
  error: string | null;
  findings: Finding[];
}

export interface ExchangeContext {
  /** Null when no provider could be placed (a pasted request to an unknown host): nothing to diagnose. */
  profile: ProviderProfile | null;
  environment?: EnvironmentProfile;
  credential?: KnownCredential;
  /** The path relative to the API's base URL. */
  path?: string;
  now: Date;
  /** Secrets the caller knows are involved (the signing key, a login password), with their labels. */
  known?: readonly KnownSecret[];
  /** Findings decided by the caller instead of the diagnosis (an unreachable upstream). */
  findings?: Finding[];
}

/**
 * The one pipeline every exchange takes before it is stored, shown or exported: diagnose the raw
 * exchange (the diagnosis needs the credential's shape), then redact it (request first, so secrets
 * found there are removed from the response's echo) and the findings' text. Nothing else makes the
 * redacted form of an exchange.
 */
export function processExchange(raw: RawExchange, context: ExchangeContext, rules: RedactionRules): ProcessedExchange {
  const findings =
    context.findings ??
    (context.profile
      ? diagnoseExchange({
          profile: context.profile,
          request: { method: raw.method, url: raw.url, headers: raw.headers },
          response: raw.response ?? undefined,
          credential: context.credential,
          environment: context.environment,
          path: context.path,
          now: context.now,
        })
      : []);
  const redactor = new Redactor(rules, context.known);
  const redacted = redactExchange(raw, redactor);
  return { ...redacted, findings: findings.map((finding) => cleanStrings(finding, (text) => redactor.clean(text))) };
}

/** Both passes over one exchange with a given redactor (which may already know some secrets). */
export function redactExchange(raw: RawExchange, redactor: Redactor): Omit<ProcessedExchange, 'findings'> {
  const contentType = (headers: Record<string, string>) => Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
  const url = redactor.url(raw.url);
  const headers = redactor.headers(raw.headers);
  const body = raw.body === null ? null : redactor.body(raw.body, contentType(raw.headers));
  const responseHeaders = raw.response && redactor.headers(raw.response.headers);
  const responseBody = raw.response && redactor.body(raw.response.body, contentType(raw.response.headers));
  const error = raw.error === null ? null : redactor.text(raw.error);
  const scrub = (text: string) => redactor.scrub(text);
  const scrubAll = (record: Record<string, string>) => Object.fromEntries(Object.entries(record).map(([name, value]) => [name, scrub(value)]));
  return {
    request: { method: raw.method, url: scrub(url), headers: scrubAll(headers), body: body === null ? null : scrub(body) },
    response: raw.response && {
      status: raw.response.status,
      headers: scrubAll(responseHeaders!),
      body: scrub(responseBody!),
      truncated: raw.response.truncated,
    },
    error: error === null ? null : scrub(error),
  };
}

/** Every string inside a JSON-like value passed through `clean` (a finding's detail, facts and fix). */
function cleanStrings<T>(value: T, clean: (text: string) => string): T {
  if (typeof value === 'string') return clean(value) as T;
  if (Array.isArray(value)) return value.map((item) => cleanStrings(item, clean)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, cleanStrings(item, clean)])) as T;
  }
  return value;
}
