/**
 * The only way a secret is stored or read. Implementations: the OS keychain, and an in-memory map
 * used only on the user's explicit choice. There is deliberately no file-backed implementation.
 */
export interface SecretStore {
  readonly backend: 'os-keychain' | 'memory';
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
  /** Accounts that currently hold a secret, for start-up reconciliation. */
  accounts(): Promise<string[]>;
}

export const KEYCHAIN_SERVICE = 'keyhole';
