import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Sealed at rest: every byte an exchange carried (URL, headers, bodies, findings' text, errors) is
 * stored as AES-256-GCM ciphertext under a per-install key that lives in the OS keychain. Redaction
 * still runs first; sealing is what makes a redaction miss not a leak. A database file, its WAL or a
 * backup without the keychain yields no exchange text; a tampered blob fails its tag and is refused.
 *
 * Layout: version byte (1), 12-byte IV, ciphertext, 16-byte tag.
 */
export interface Sealer {
  seal(plain: string): Buffer;
  /** null when the blob was sealed under another key (the keychain was reset or is unavailable) or altered. */
  open(sealed: Uint8Array): string | null;
}

const VERSION = 1;
// The row's purpose is bound in as additional data, so a blob cannot pass for another kind of text.
const AAD = Buffer.from('keyhole history v1');

export function aesGcmSealer(key: Buffer): Sealer {
  if (key.length !== 32) throw new Error('the history key must be 32 bytes');
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(AAD);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.of(VERSION), iv, body, cipher.getAuthTag()]);
    },
    open(sealed) {
      const blob = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
      if (blob.length < 29 || blob[0] !== VERSION) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(1, 13)).setAAD(AAD);
        decipher.setAuthTag(blob.subarray(blob.length - 16));
        return Buffer.concat([decipher.update(blob.subarray(13, blob.length - 16)), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
  };
}
