import { z } from 'zod';

/** Outcome of the start-up keychain probe (write, read back, delete a probe entry). */
export const KeychainStatus = z.discriminatedUnion('state', [
  z.object({ state: z.literal('available'), backend: z.string() }),
  z.object({ state: z.literal('unavailable'), reason: z.string() }),
]);
export type KeychainStatus = z.infer<typeof KeychainStatus>;

/**
 * Where secrets go. `memory` exists only on an explicit user choice and is shown by a permanent
 * banner: secrets vanish when the app quits, and nothing is ever written to disk instead.
 */
export const SecretsMode = z.enum(['keychain', 'memory']);
export type SecretsMode = z.infer<typeof SecretsMode>;

/** The session can read secrets: its own in-memory store, or a keychain that answered the probe. */
export const secretsReadable = (mode: SecretsMode, keychain: KeychainStatus): boolean => mode === 'memory' || keychain.state === 'available';
