import fs from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { KeyholeServices } from '../../electron/application/services';
import { runStartupJobs } from '../../electron/application/startup';
import { createServices, type ServicesOptions } from '../../electron/composition/keyhole-services';
import type { Reconciliation } from '../../electron/vault/vault-service';
import { createLogger } from '../../electron/platform/logger';
import { KeychainSecretStore } from '../../electron/keychain/keychain-secret-store';
import { keychainServiceFor } from '../../electron/platform/data-dir';
import { tempDir } from './temp-dir';

/** Services after their start-up jobs, as a shell runs them, with what the reconciliation found. */
export type StartedServices = KeyholeServices & { startup: Reconciliation };

export interface VaultHarness {
  services: StartedServices;
  dataDir: string;
  keychainService: string;
  keychain: KeychainSecretStore;
  /** Everything the services logged. */
  logs: string[];
  reopen(): Promise<StartedServices>;
}

/** Real services over a temp data directory and a keychain service of their own; all cleaned up. */
export async function openVault(overrides: Partial<ServicesOptions> = {}): Promise<VaultHarness> {
  const dataDir = overrides.dataDir ?? tempDir();
  // The service the CLI derives from the same data directory, so a `keyhole` run in a test reads the
  // same install keys (history is sealed with one of them).
  const keychainService = overrides.keychainService ?? keychainServiceFor(dataDir);
  const logs: string[] = [];
  const open = async (): Promise<StartedServices> => {
    const services = await createServices({
      dataDir,
      shell: 'cli',
      version: '0.0.0-test',
      logger: createLogger('test', (line) => logs.push(line)),
      keychainService,
      ...overrides,
    });
    return Object.assign(services, { startup: await runStartupJobs(services) });
  };
  const opened: StartedServices[] = [await open()];
  const keychain = new KeychainSecretStore(keychainService);
  afterEach(async () => {
    for (const s of opened) await s.close();
    for (const account of await keychain.accounts().catch(() => [])) await keychain.delete(account);
  });
  return {
    services: opened[0]!,
    dataDir,
    keychainService,
    keychain,
    logs,
    reopen: async () => {
      await opened.at(-1)!.close();
      const next = await open();
      opened.push(next);
      return next;
    },
  };
}

/** Every file under a directory that contains any of the secrets, as `file: secret`. */
export function filesContaining(dir: string, secrets: readonly string[]): string[] {
  const hits: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const bytes = fs.readFileSync(file);
    for (const secret of secrets) if (bytes.includes(Buffer.from(secret))) hits.push(`${file}: ${secret}`);
  }
  return hits;
}

export const sandboxKey = (label: string) => `sk_call2me_test_${label}${'x'.repeat(Math.max(0, 12 - label.length))}`;
