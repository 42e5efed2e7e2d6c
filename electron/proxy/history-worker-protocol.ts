import type { EnvironmentProfile, ProviderProfile } from '../../shared/providers/provider-profile';
import type { HistoryRecord } from '../store/history-repository';
import type { CapturedExchange } from './captured-exchange';

export interface WorkerOptions {
  databaseFile: string;
  nativeBinding?: string;
  /** The install's fingerprint key (base64), so recorded traffic matches vault fingerprints. */
  fingerprintKey: string;
  /** The key history is sealed with (base64); it reaches the thread in memory only. */
  historyKey: string;
}

/** The history worker prepares records (the recorder's thread); its one child thread writes them. */
export type WorkerRole = { role: 'prepare' } | { role: 'write' };

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

/**
 * From the preparing thread to the writing one, one message per batch in order: its records (built
 * ones first) and the credentials' last use, or a batch that could not be prepared (answered in turn).
 */
export type ToWriter =
  | { type: 'records'; records: HistoryRecord[]; used: { credentialId: string; at: string }[]; built: number }
  | { type: 'failed'; count: number; message: string }
  | { type: 'close' };
