import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { KeychainStatus, SecretsMode } from '../../shared/domain/keychain-status';
import { KeychainSecretStore, probeKeychain } from '../keychain/keychain-secret-store';
import { MemorySecretStore } from '../keychain/memory-secret-store';
import { KEYCHAIN_SERVICE, type SecretStore } from '../keychain/secret-store';
import { openDatabase, schemaVersion } from '../store/open-database';
import { SettingsRepository } from '../store/settings-repository';
import type { Logger } from './logger';

export interface ServicesOptions {
  dataDir: string;
  shell: 'electron' | 'web';
  version: string;
  logger: Logger;
  /** `memory` only when the user asked for it (`--ephemeral-secrets`). */
  secretsMode?: SecretsMode;
  keychainService?: string;
  nativeBinding?: string;
}

/** Every service, constructed once, in one place; handlers receive this and nothing global. */
export interface KeyholeServices {
  readonly dataDir: string;
  readonly databaseFile: string;
  readonly shell: 'electron' | 'web';
  readonly version: string;
  readonly db: Database;
  readonly settings: SettingsRepository;
  readonly keychain: KeychainStatus;
  secretsMode(): SecretsMode;
  secrets(): SecretStore;
  useMemorySecrets(): void;
  close(): void;
}

export const DATABASE_FILE = 'keyhole.db';

export async function createServices(options: ServicesOptions): Promise<KeyholeServices> {
  const databaseFile = path.join(options.dataDir, DATABASE_FILE);
  const db = openDatabase(databaseFile, { nativeBinding: options.nativeBinding });
  const service = options.keychainService ?? KEYCHAIN_SERVICE;
  const keychain = await probeKeychain(service);
  let mode: SecretsMode = options.secretsMode ?? 'keychain';
  let store: SecretStore = mode === 'memory' ? new MemorySecretStore() : new KeychainSecretStore(service);

  const { logger } = options;
  logger.info(`data directory: ${options.dataDir}`);
  logger.info(`database schema version ${schemaVersion(db)}`);
  logger.info(
    keychain.state === 'available'
      ? `keychain: available (${keychain.backend})`
      : `keychain: unavailable (${keychain.reason})`,
  );
  logger.info(`secrets backend: ${store.backend}`);

  return {
    dataDir: options.dataDir,
    databaseFile,
    shell: options.shell,
    version: options.version,
    db,
    settings: new SettingsRepository(db),
    keychain,
    secretsMode: () => mode,
    secrets: () => store,
    useMemorySecrets() {
      if (mode === 'memory') return;
      mode = 'memory';
      store = new MemorySecretStore();
      logger.warn('secrets backend switched to memory on user request: secrets will not survive a restart');
    },
    close: () => db.close(),
  };
}
