import { createHmac, randomBytes } from 'node:crypto';
import type { SecretStore } from '../keychain/secret-store';

/** A keyed fingerprint of a secret: 12 hex characters, the same for the same secret in one install. */
export type Fingerprint = (secret: string) => string;

/**
 * HMAC-SHA-256 with a per-install key kept in the keychain, first 12 hex characters. A plain hash
 * would let anyone holding the database or an export confirm a guessed secret offline; without the
 * key the fingerprint says nothing about the secret, and it still tells keys apart and correlates
 * traffic with the vault.
 */
export function keyedFingerprint(key: Buffer): Fingerprint {
  return (secret) => createHmac('sha256', key).update(secret, 'utf8').digest('hex').slice(0, 12);
}

/**
 * The same fingerprint, remembered for the last few hundred secrets: a proxy sees the same handful
 * of keys on every request, and an HMAC per request was 6% of the history worker's time. The secrets
 * are held in this thread's memory only, as the exchanges carrying them already are.
 */
export function rememberingFingerprint(fingerprint: Fingerprint, size = 256): Fingerprint {
  const known = new Map<string, string>();
  return (secret) => {
    let print = known.get(secret);
    if (print === undefined) {
      if (known.size >= size) known.clear();
      print = fingerprint(secret);
      known.set(secret, print);
    }
    return print;
  };
}

/** The last four characters, shown to tell keys apart; none for secrets too short to spare them. */
export function lastFour(secret: string): string {
  return secret.length >= 16 ? secret.slice(-4) : '';
}

export const FINGERPRINT_KEY_ACCOUNT = 'fingerprint-key';
/** The key history is sealed with (electron/store/history-seal.ts). */
export const HISTORY_KEY_ACCOUNT = 'history-key';

/** One of the install's 32-byte keys from the secret store, created on first use. */
export async function loadInstallKey(store: SecretStore, account: string): Promise<Buffer> {
  const stored = await store.get(account);
  if (stored && /^[A-Za-z0-9+/]{43}=$/.test(stored)) return Buffer.from(stored, 'base64');
  const key = randomBytes(32);
  await store.set(account, key.toString('base64'));
  return key;
}
