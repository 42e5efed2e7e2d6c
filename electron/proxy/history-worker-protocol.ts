import type { EnvironmentProfile, ProviderProfile } from '../../shared/providers/provider-profile';
import type { HistoryRecord } from '../store/history-repository';
import type { CapturedExchange } from './captured-exchange';

export interface WorkerOptions {
  databaseFile: string;
  nativeBinding?: string;
  /** The install's fingerprint key (base64), so recorded traffic matches vault fingerprints. */
  fingerprintKey: string;
}

export type ToWorker =
  | { type: 'proxy'; key: string; profile: ProviderProfile; environment: EnvironmentProfile }
  | { type: 'batch'; exchanges: CapturedExchange[]; built: BuiltExchange[] }
  | { type: 'close' };

/**
 * An exchange Keyhole made itself (Send): already diagnosed and redacted, so it is only written,
 * with the credential's last use in the same transaction.
 */
export interface BuiltExchange {
  record: HistoryRecord;
  used: { credentialId: string; at: string } | null;
}

/** One reply per batch, in order; `ids` are the rows of the batch's built exchanges, in order. */
export type FromWorker = { type: 'written'; count: number; ids: number[] } | { type: 'failed'; count: number; message: string };
