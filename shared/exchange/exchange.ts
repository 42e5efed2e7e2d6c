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
  /** The history row the exchange was recorded as. */
  historyId: z.number().int(),
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
/** Before defaults: headers and body may be left out (none). */
export type SendRequestInput = z.input<typeof SendRequest>;

/** What the composer opens: a pasted URL or curl command, or a recorded exchange. */
export const DraftSource = z.union([z.object({ text: z.string().min(1).max(5_000_000) }).strict(), z.object({ historyId: z.number().int() }).strict()]);
export type DraftSource = z.infer<typeof DraftSource>;

/** An editable request for the composer, made from a paste or a recorded exchange; never holds a secret. */
export const RequestDraft = z.object({
  method: SendRequest.shape.method,
  providerId: z.string().nullable(),
  environmentId: z.string().nullable(),
  /** The vault key that sent it (or whose secret the paste carried), if the vault holds it. */
  credentialId: z.string().nullable(),
  path: z.string(),
  headers: z.record(z.string(), z.string()),
  body: z.string().nullable(),
  /** What was left out and why (the credential header, a header that carried a secret). */
  leftOut: z.array(z.string()),
});
export type RequestDraft = z.infer<typeof RequestDraft>;

/** Where a recorded exchange came from. */
export const HistorySource = z.enum(['send', 'proxy', 'intercept', 'import', 'login']);
export type HistorySource = z.infer<typeof HistorySource>;

/** Filters for recorded traffic; every one is an index range in SQLite. */
export const TrafficFilter = z.object({
  credential: z.string().optional(),
  /** A fingerprint, or its first characters. */
  fingerprint: z
    .string()
    .regex(/^[0-9a-f]{1,12}$/, 'a fingerprint, or its start, is up to 12 characters, 0-9 and a-f (copy it from the Vault)')
    .optional(),
  /** Free text: every word must match the method, the path, the status (403, 4xx) or a finding code. */
  text: z.string().trim().max(200, 'at most 200 characters').optional(),
  providerId: z.string().optional(),
  environmentId: z.string().optional(),
  status: z
    .string()
    .regex(/^([1-5]xx|[1-5]\d\d)$/, 'use a status like 403 or a class like 4xx')
    .optional(),
  pathPrefix: z.string().startsWith('/', 'a path starts with /, e.g. /v1/agents').optional(),
  source: HistorySource.optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  findingCode: FindingCode.optional(),
  limit: z.number().int().min(1).max(10_000).default(100),
  /** Only rows newer than this id: how a live list fetches what arrived since its last read. */
  afterId: z.number().int().min(0).optional(),
});
export type TrafficFilter = z.infer<typeof TrafficFilter>;

/** One line of the Traffic list: the list columns only, read without parsing headers or bodies. */
export const TrafficRow = z.object({
  id: z.number(),
  at: z.string(),
  source: HistorySource,
  /** Keyhole's own request (key management during a rotation), not the user's or their workload's. */
  byKeyhole: z.boolean(),
  method: z.string(),
  path: z.string(),
  status: z.number().nullable(),
  providerId: z.string().nullable(),
  environmentId: z.string().nullable(),
  fingerprint: z.string().nullable(),
  credentialName: z.string().nullable(),
  findingCodes: z.array(FindingCode),
});
export type TrafficRow = z.infer<typeof TrafficRow>;

/**
 * Bodies stored only in part (a capture limit, the stored-body cap): each is the body's size in bytes
 * as it crossed the wire, of which the stored text is the start; null when stored whole.
 */
export const BodyCut = z.object({ request: z.number().int().min(0).nullable(), response: z.number().int().min(0).nullable() });
export type BodyCut = z.infer<typeof BodyCut>;
export const WHOLE: BodyCut = { request: null, response: null };

/** One recorded exchange, whole (redacted). */
export const HistoryEntry = z.object({
  id: z.number(),
  at: z.string(),
  source: HistorySource,
  byKeyhole: z.boolean(),
  providerId: z.string().nullable(),
  environmentId: z.string().nullable(),
  credentialId: z.string().nullable(),
  fingerprint: z.string().nullable(),
  /** The API path relative to the environment's base URL, without the query (what path filters match). */
  path: z.string(),
  request: RedactedRequest,
  response: ExchangeResponse.nullable(),
  timings: Timings.nullable(),
  findings: z.array(Finding),
  error: z.string().nullable(),
  /** The proxy kept the auth facts but not the bodies: recording was behind (timings has their sizes). */
  trimmed: z.boolean(),
  cut: BodyCut,
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;
/** What is written: an entry before it has an id (`byKeyhole` and `trimmed` default to false, `cut` to whole). */
export type HistoryRecord = Omit<HistoryEntry, 'id' | 'byKeyhole' | 'trimmed' | 'cut'> & { byKeyhole?: boolean; trimmed?: boolean; cut?: BodyCut };
