import type { KeychainStatus, SecretsMode } from '../../shared/vault/keychain-status';
import type { SecretStore } from '../keychain/secret-store';
import type { Logger } from '../platform/logger';
import type { HistoryRecorder } from '../proxy/history-recorder';
import type { ProxyHost } from '../proxy/proxy-host';
import type { InterceptHost } from '../intercept/intercept-host';
import type { ExchangePipeline } from '../redaction/exchange-pipeline';
import type { RotationService } from '../rotation/rotation-service';
import type { BaseUrlResolver } from '../send/base-url';
import type { OriginGuard } from '../send/origin-guard';
import type { SendService } from '../send/send-service';
import type { SessionService } from '../send/session-service';
import type { AuditRepository } from '../store/audit-repository';
import type { HistoryRepository } from '../store/history-repository';
import type { SavedRequestRepository } from '../store/saved-request-repository';
import type { SettingsRepository } from '../store/settings-repository';
import type { TryIt } from '../try-it/try-it';
import type { ProviderCatalog } from '../vault/provider-catalog';
import type { VaultService } from '../vault/vault-service';

/**
 * Every service, as the composition root constructs them. An application area takes a `Pick` of
 * what it uses (Signal's model), never the whole set and never the database connection, which only
 * repositories hold.
 */
export interface KeyholeServices {
  readonly dataDir: string;
  readonly databaseFile: string;
  readonly shell: 'electron' | 'web' | 'cli';
  readonly version: string;
  readonly logger: Logger;
  schemaVersion(): number;
  /** Where an environment's requests go. */
  readonly baseUrl: BaseUrlResolver;
  readonly history: HistoryRepository;
  /** Whose key seals history: the install's, from the keychain, or this session's own (keychain unreadable). */
  readonly historySealedBy: 'install' | 'session';
  readonly settings: SettingsRepository;
  readonly audit: AuditRepository;
  readonly catalog: ProviderCatalog;
  readonly vault: VaultService;
  /** "Try it": the vendors' sandbox, started in this process when the user asks for it. */
  readonly tryIt: TryIt;
  /** Exchange -> diagnose -> redact: how every stored, shown or exported exchange is made. */
  readonly pipeline: ExchangePipeline;
  /** Which origins a credential may be sent to. */
  readonly origins: OriginGuard;
  readonly send: SendService;
  readonly sessions: SessionService;
  readonly savedRequests: SavedRequestRepository;
  readonly proxies: ProxyHost;
  /** The intercepting forward proxy (`keyhole run --intercept`, Traffic's Intercept). */
  readonly intercept: InterceptHost;
  /** Records the proxies' exchanges on the history worker. */
  readonly recorder: HistoryRecorder;
  readonly rotations: RotationService;
  readonly keychain: KeychainStatus;
  secretsMode(): SecretsMode;
  secrets(): SecretStore;
  useMemorySecrets(): void;
  close(): Promise<void>;
}
