import { z } from 'zod';

export const JwtFinding = z.object({
  code: z.enum(['ALG_NONE', 'WEAK_HMAC_SECRET', 'NO_EXPIRY', 'NOT_YET_VALID', 'EXPIRED']),
  severity: z.enum(['warning', 'error', 'info']),
  message: z.string(),
});
export type JwtFinding = z.infer<typeof JwtFinding>;

const Moment = z.object({ at: z.string(), relative: z.string() }).nullable();

/** A decoded JWT, its times in words and, given a key, whether its signature verifies. */
export const JwtInspection = z.object({
  header: z.record(z.string(), z.unknown()),
  payload: z.record(z.string(), z.unknown()),
  /** Absolute and relative times for exp, nbf and iat. */
  times: z.object({ exp: Moment, nbf: Moment, iat: Moment }),
  signature: z.object({ verified: z.boolean().nullable(), reason: z.string().nullable() }),
  expired: z.boolean().nullable(),
  findings: z.array(JwtFinding),
});
export type JwtInspection = z.infer<typeof JwtInspection>;

/** What a pasted token is checked against. */
export const JwtKeyInput = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  z.object({ type: z.literal('secret'), value: z.string().min(1) }),
  z.object({ type: z.literal('pem-or-jwk'), value: z.string().min(1) }),
  z.object({ type: z.literal('jwks-url'), value: z.url() }),
]);
export type JwtKeyInput = z.infer<typeof JwtKeyInput>;
