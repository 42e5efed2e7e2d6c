import { z } from 'zod';
import { Finding, FindingCode } from '../diagnosis/finding';

export const Timings = z.object({
  /** Milliseconds from start: DNS done, TCP connected, TLS done, first response byte, end. */
  dnsMs: z.number().nullable(),
  connectMs: z.number().nullable(),
  tlsMs: z.number().nullable(),
  firstByteMs: z.number().nullable(),
  totalMs: z.number(),
  requestBytes: z.number(),
  responseBytes: z.number(),
});
export type Timings = z.infer<typeof Timings>;

const Headers = z.record(z.string(), z.string());

/** A request as stored and shown: every secret already replaced by `<name · fingerprint>`. */
export const RedactedRequest = z.object({ method: z.string(), url: z.string(), headers: Headers, body: z.string().nullable() });
export type RedactedRequest = z.infer<typeof RedactedRequest>;

export const ExchangeResponse = z.object({ status: z.number(), headers: Headers, body: z.string(), truncated: z.boolean() });
export type ExchangeResponseShape = z.infer<typeof ExchangeResponse>;

export const SentExchange = z.object({
  historyId: z.number(),
  request: RedactedRequest,
  response: ExchangeResponse.nullable(),
  error: z.string().nullable(),
  timings: Timings.nullable(),
  findings: z.array(Finding),
  /** The session's access token had expired and was refreshed once before this answer. */
  refreshedSession: z.boolean().optional(),
});
export type SentExchange = z.infer<typeof SentExchange>;

export const SendRequest = z.object({
  credential: z.string().min(1),
  /** Defaults to the credential's own environment. */
  environmentId: z.string().optional(),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']),
  path: z.string().startsWith('/', 'the path starts with /'),
  headers: z.record(z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'not a valid header name'), z.string()).default({}),
  body: z.string().max(5_000_000).nullable().default(null),
});
export type SendRequest = z.infer<typeof SendRequest>;

/** Filters for recorded traffic; every one is an index range in SQLite. */
export const TrafficFilter = z.object({
  credential: z.string().optional(),
  fingerprint: z.string().regex(/^[0-9a-f]{12}$/, 'a fingerprint is 12 hex characters').optional(),
  providerId: z.string().optional(),
  environmentId: z.string().optional(),
  status: z.string().regex(/^([1-5]xx|[1-5]\d\d)$/, 'use a status like 403 or a class like 4xx').optional(),
  pathPrefix: z.string().startsWith('/').optional(),
  source: z.enum(['send', 'proxy', 'import', 'login']).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  findingCode: FindingCode.optional(),
  limit: z.number().int().min(1).max(10_000).default(100),
});
export type TrafficFilter = z.infer<typeof TrafficFilter>;
