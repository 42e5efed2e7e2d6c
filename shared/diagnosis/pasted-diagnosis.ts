import { z } from 'zod';
import { ExchangeResponse, RedactedRequest } from '../exchange/exchange';
import { Finding } from './finding';

/** One pasted exchange (curl, raw HTTP, a HAR entry) placed against a provider and diagnosed; redacted. */
export const PastedDiagnosis = z.object({
  provider: z.string().nullable(),
  environment: z.string().nullable(),
  /** What decided the provider: the host, the path, or the credential's shape. */
  placedBy: z.enum(['host', 'path', 'credential']).nullable(),
  request: RedactedRequest,
  /** The pasted answer, redacted like the request (a HAR entry's response, a raw HTTP response). */
  response: ExchangeResponse.nullable(),
  status: z.number().nullable(),
  findings: z.array(Finding),
});
export type PastedDiagnosis = z.infer<typeof PastedDiagnosis>;
