import type { SecretStore } from './secret-store';

/** Secrets held in this process only; gone when it exits. Chosen explicitly, shown by a banner. */
export class MemorySecretStore implements SecretStore {
  readonly backend = 'memory';
  private readonly secrets = new Map<string, string>();

  async get(account: string): Promise<string | null> {
    return this.secrets.get(account) ?? null;
  }

  async set(account: string, secret: string): Promise<void> {
    this.secrets.set(account, secret);
  }

  async delete(account: string): Promise<boolean> {
    return this.secrets.delete(account);
  }

  async accounts(): Promise<string[]> {
    return [...this.secrets.keys()];
  }
}
