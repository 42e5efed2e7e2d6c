import { randomBytes } from 'node:crypto';
import * as keytar from '@napi-rs/keyring/keytar.js';
import type { KeychainStatus } from '../../shared/vault/keychain-status';
import { KEYCHAIN_SERVICE, type SecretStore } from './secret-store';

/**
 * The OS keychain (macOS Keychain, Windows Credential Manager, Secret Service on Linux) through
 * keytar's API. Threat model: other local users and anything that reads our data directory must not
 * see secrets; a process running as this user with keychain access can, and that is the OS's call.
 * Errors from the binding are rethrown with the service named, never with a secret in them.
 */
export class KeychainSecretStore implements SecretStore {
  readonly backend = 'os-keychain';

  constructor(private readonly service: string = KEYCHAIN_SERVICE) {}

  async get(account: string): Promise<string | null> {
    return this.call('read', () => keytar.getPassword(this.service, account));
  }

  async set(account: string, secret: string): Promise<void> {
    await this.call('write', () => keytar.setPassword(this.service, account, secret));
  }

  async delete(account: string): Promise<boolean> {
    return this.call('delete', () => keytar.deletePassword(this.service, account));
  }

  async accounts(): Promise<string[]> {
    const found = await this.call('list', () => keytar.findCredentials(this.service));
    return found.map((entry) => entry.account);
  }

  private async call<T>(what: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw new Error(`OS keychain ${what} failed for service "${this.service}": ${(error as Error).message}`);
    }
  }
}

/**
 * Writes, reads back and deletes a probe entry. A plain read is not enough: without a D-Bus session
 * some backends report success on write and silently return null on read.
 */
export async function probeKeychain(
  service: string = KEYCHAIN_SERVICE,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Promise<KeychainStatus> {
  if (platform === 'linux' && !env.DBUS_SESSION_BUS_ADDRESS) {
    return {
      state: 'unavailable',
      reason:
        'no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is unset), so the Secret Service cannot be reached; ' +
        'log in to a desktop session, or run inside `dbus-run-session` with gnome-keyring-daemon unlocked',
    };
  }
  const store = new KeychainSecretStore(service);
  const account = `probe-${randomBytes(8).toString('hex')}`;
  const value = randomBytes(16).toString('hex');
  try {
    await store.set(account, value);
    const readBack = await store.get(account);
    await store.delete(account);
    if (readBack !== value) {
      return {
        state: 'unavailable',
        reason: 'the keychain accepted a probe entry but did not return it (is the keyring locked?)',
      };
    }
    return { state: 'available', backend: backendName(platform) };
  } catch (error) {
    return { state: 'unavailable', reason: (error as Error).message };
  }
}

function backendName(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service (D-Bus)';
}
