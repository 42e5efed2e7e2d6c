import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { secretsReadable, type SecretsMode } from '../../shared/vault/keychain-status';
import { KeychainSecretStore, probeKeychain } from '../keychain/keychain-secret-store';
import { MemorySecretStore } from '../keychain/memory-secret-store';
import type { SecretStore } from '../keychain/secret-store';
import { createApplication, type KeyholeApplication } from '../application/keyhole-application';
import type { KeyholeServices } from '../application/services';
import { DATABASE_FILE, openDatabase, schemaVersion } from '../store/open-database';
import { scheduleCheckpoints } from '../store/wal-checkpoints';
import { environmentBaseUrl } from '../send/base-url';
import { ProxyHost } from '../proxy/proxy-host';
import { HistoryRecorder } from '../proxy/history-recorder';
import { InterceptHost } from '../intercept/intercept-host';
import { KeyManagement } from '../rotation/key-management';
import { RotationService } from '../rotation/rotation-service';
import { RotationRepository } from '../store/rotation-repository';
import { inProcessSandbox, TryIt } from '../try-it/try-it';
import { SendService } from '../send/send-service';
import { SessionService } from '../send/session-service';
import { CredentialRepository } from '../store/credential-repository';
import { HistoryRepository } from '../store/history-repository';
import { SavedRequestRepository } from '../store/saved-request-repository';
import { AuditRepository } from '../store/audit-repository';
import { SettingsRepository } from '../store/settings-repository';
import { systemClipboard, type Clipboard } from '../vault/clipboard';
import { ProviderCatalog } from '../vault/provider-catalog';
import { VaultService } from '../vault/vault-service';
import { ExchangePipeline } from '../redaction/exchange-pipeline';
import { OriginGuard, type OriginConfirmer } from '../send/origin-guard';
import { OriginRepository } from '../store/origin-repository';
import { ProviderRepository } from '../store/provider-repository';
import { transactor } from '../store/transact';
import { FINGERPRINT_KEY_ACCOUNT, HISTORY_KEY_ACCOUNT, keyedFingerprint, loadInstallKey } from '../vault/fingerprint';
import { aesGcmSealer } from '../store/history-seal';
import { keychainServiceFor } from '../platform/data-dir';
import type { Logger } from '../platform/logger';

export interface ServicesOptions {
  dataDir: string;
  shell: 'electron' | 'web' | 'cli';
  version: string;
  logger: Logger;
  /** The desktop app passes Electron's clipboard; elsewhere an OS command is looked for. */
  clipboard?: () => Promise<Clipboard | null>;
  /** `memory` only when the user asked for it (`--ephemeral-secrets`). */
  secretsMode?: SecretsMode;
  keychainService?: string;
  /** The environment the shell was started with (the CLI's may be a test's own); process.env by default. */
  env?: NodeJS.ProcessEnv;
  nativeBinding?: string;
  /** How a first send to a new origin is confirmed; by default the CLI allows and the web shell prints a code. */
  originConfirmer?: OriginConfirmer;
}

/**
 * Constructs every service, once, and nothing more: the start-up jobs (pruning, sealing old rows,
 * recovery, reconciliation) are `app.startup()`'s, run where the shell decides.
 */
export async function createServices(options: ServicesOptions): Promise<KeyholeServices> {
  const databaseFile = path.join(options.dataDir, DATABASE_FILE);
  const db = openDatabase(databaseFile, { nativeBinding: options.nativeBinding });
  const stopCheckpoints = scheduleCheckpoints(db);
  const service = options.keychainService ?? keychainServiceFor(options.dataDir, options.env);
  const keychain = await probeKeychain(service, options.env);
  let mode: SecretsMode = options.secretsMode ?? 'keychain';
  let store: SecretStore = mode === 'memory' ? new MemorySecretStore() : new KeychainSecretStore(service);

  const { logger } = options;
  logger.info(`data directory: ${options.dataDir}`);
  logger.info(`database schema version ${schemaVersion(db)}`);
  logger.info(keychain.state === 'available' ? `keychain: available (${keychain.backend})` : `keychain: unavailable (${keychain.reason})`);
  logger.info(`secrets backend: ${store.backend}${store.backend === 'os-keychain' ? ` (service ${service})` : ''}`);

  warnIfShared(options.dataDir, logger);
  const readable = secretsReadable(mode, keychain);
  // Fingerprints are keyed per install; without a readable keychain this session's key is its own.
  const fingerprintKey = readable
    ? await loadInstallKey(store, FINGERPRINT_KEY_ACCOUNT).catch((error: unknown) => {
        logger.warn(`fingerprint key unavailable (${(error as Error).message}); fingerprints this session will not match the vault`);
        return randomBytes(32);
      })
    : randomBytes(32);
  // History is sealed under a key in the keychain. Without one, this session seals under a key of its
  // own: what it records stays unreadable later, and nothing is ever written in the clear.
  const historyKey = readable
    ? await loadInstallKey(store, HISTORY_KEY_ACCOUNT).catch((error: unknown) => {
        logger.warn(`history key unavailable (${(error as Error).message}); this session's history will not be readable later`);
        return null;
      })
    : null;
  const sessionHistoryKey = randomBytes(32);
  if (!historyKey)
    logger.warn("history is sealed with a key for this session only: earlier history cannot be read, and this session's will not be readable later");
  const fingerprint = keyedFingerprint(fingerprintKey);

  const transact = transactor(db);
  const audit = new AuditRepository(db, `${os.userInfo().username} via ${options.shell}`);
  const catalog = new ProviderCatalog(new ProviderRepository(db), transact, audit);
  let clipboard: Promise<Clipboard | null> | undefined;
  // This run of Keyhole: secrets it holds in memory (no keychain) are gone in any later one.
  const credentials = new CredentialRepository(db, randomUUID());
  const originPins = new OriginRepository(db);
  const vault = new VaultService({
    credentials,
    origins: originPins,
    transact,
    catalog,
    audit,
    secrets: () => store,
    keychain: () => ({ status: keychain, mode }),
    clipboard: options.clipboard ?? (() => (clipboard ??= systemClipboard())),
    fingerprint,
  });
  const pipeline = new ExchangePipeline(() => catalog.list(), fingerprint);
  const confirmer: OriginConfirmer =
    options.originConfirmer ??
    (options.shell === 'cli'
      ? { kind: 'allow' }
      : {
          kind: 'code',
          announce: ({ credential, origin, insecure }, code) =>
            logger.warn(
              `CONFIRM: the page asks to send ${credential.name} to ${origin}${insecure ? ' over plain http' : ''} for the first time. If that was you, enter ${code} in the page; otherwise ignore this.`,
            ),
        });
  const settings = new SettingsRepository(db);
  const tryIt = new TryIt({
    vault,
    catalog,
    settings,
    logger,
    start: inProcessSandbox,
  });
  // The one origin trusted without a pin: the loopback sandbox this process started itself (its port
  // may change between starts, and it holds only keys it minted).
  const origins = new OriginGuard({ origins: originPins, audit, confirmer: () => confirmer, trusted: (origin) => origin === tryIt.origin() });
  const baseUrl = environmentBaseUrl;
  const history = new HistoryRepository(db, aesGcmSealer(historyKey ?? sessionHistoryKey));
  const sessions = new SessionService({ catalog, vault, baseUrl, history, pipeline, guard: origins });
  // One recorder for the proxies and Send: its worker threads hold the one SQLite writer beside the app's.
  const recorder = new HistoryRecorder({
    databaseFile,
    nativeBinding: options.nativeBinding,
    fingerprintKey: fingerprintKey.toString('base64'),
    historyKey: (historyKey ?? sessionHistoryKey).toString('base64'),
    logger,
  });
  const send = new SendService({
    catalog,
    vault,
    baseUrl,
    // The row and the key's last use in one transaction, before the answer returns.
    record: (record, used) => history.insertMany([record], () => credentials.markUsed(used.credentialId, used.at))[0]!,
    sessions,
    pipeline,
    guard: origins,
  });
  const proxies = new ProxyHost({ catalog, baseUrl, recorder });
  // The CA's key goes where secrets go, and nowhere when they cannot be kept (no file fallback).
  const intercept = new InterceptHost({ catalog, recorder, secrets: () => (secretsReadable(mode, keychain) ? store : null) });
  const savedRequests = new SavedRequestRepository(db);
  const keys = new KeyManagement({ vault, send, catalog });
  const rotations = new RotationService({
    transact,
    rotations: new RotationRepository(db),
    audit,
    history,
    vault,
    keys,
    savedRequests,
  });

  return {
    dataDir: options.dataDir,
    databaseFile,
    shell: options.shell,
    version: options.version,
    logger,
    schemaVersion: () => schemaVersion(db),
    baseUrl,
    history,
    historySealedBy: historyKey ? 'install' : 'session',
    settings,
    audit,
    catalog,
    vault,
    tryIt,
    pipeline,
    origins,
    send,
    sessions,
    savedRequests,
    rotations,
    proxies,
    intercept,
    recorder,
    keychain,
    secretsMode: () => mode,
    secrets: () => store,
    useMemorySecrets() {
      if (mode === 'memory') return;
      mode = 'memory';
      store = new MemorySecretStore();
      logger.warn('secrets backend switched to memory on user request: secrets will not survive a restart');
    },
    close: async () => {
      await proxies.close();
      await intercept.stop();
      // Drains first: every exchange sent or recorded so far is written before the database closes.
      await recorder.close();
      await tryIt.close();
      stopCheckpoints();
      db.close();
    },
  };
}

/** The data directory holds metadata and redacted traffic: others on the machine should not read it. */
function warnIfShared(dataDir: string, logger: Logger): void {
  try {
    const mode = fs.statSync(dataDir).mode;
    if ((mode & 0o077) !== 0) {
      logger.warn(`the data directory ${dataDir} is readable by other users (mode ${(mode & 0o777).toString(8)}); run: chmod 700 ${JSON.stringify(dataDir)}`);
    }
  } catch {
    // Created by openDatabase with 0700 just before; nothing to say if it is gone.
  }
}

/** The services and the application over them, as every shell opens them. */
export async function openApplication(options: ServicesOptions): Promise<KeyholeApplication> {
  return createApplication(await createServices(options));
}
