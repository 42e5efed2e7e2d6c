import type { EnvironmentProfile, ProviderProfile } from '../../shared/providers/provider-profile';
import type { CapturedExchange } from './captured-exchange';

export interface WorkerOptions {
  databaseFile: string;
  nativeBinding?: string;
  /** The install's fingerprint key (base64), so recorded traffic matches vault fingerprints. */
  fingerprintKey: string;
  /** The key history is sealed with (base64); it reaches the thread in memory only. */
  historyKey: string;
}

export type ToWorker =
  | { type: 'proxy'; key: string; profile: ProviderProfile; environment: EnvironmentProfile }
  | { type: 'batch'; batch: number; exchanges: CapturedExchange[] }
  | { type: 'close' };

/** One reply per batch, naming it. */
export type FromWorker = { type: 'written'; batch: number } | { type: 'failed'; batch: number; message: string };
