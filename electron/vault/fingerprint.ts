import { createHash } from 'node:crypto';

/** First 12 hex characters of SHA-256: enough to tell keys apart, useless for recovering one. */
export function fingerprint(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 12);
}

export function lastFour(secret: string): string {
  return secret.length > 12 ? secret.slice(-4) : '';
}
