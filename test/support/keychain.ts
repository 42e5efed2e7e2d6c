import { randomBytes } from 'node:crypto';
import { probeKeychain } from '../../electron/keychain/keychain-secret-store';

/** A keychain service name of its own per test file, so tests never touch a user's `keyhole` entries. */
export function testKeychainService(): string {
  return `keyhole-test-${randomBytes(6).toString('hex')}`;
}

export const keychainStatus = await probeKeychain(testKeychainService());

/**
 * Keychain tests run wherever a keychain answers. Under CI=true they always run, so a missing
 * keychain fails the build instead of silently skipping.
 */
export const skipWithoutKeychain = keychainStatus.state !== 'available' && process.env.CI !== 'true';
if (skipWithoutKeychain && keychainStatus.state === 'unavailable') {
  console.warn(`keychain tests skipped: ${keychainStatus.reason}`);
}
