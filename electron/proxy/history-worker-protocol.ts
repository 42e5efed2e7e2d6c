import type { EnvironmentProfile, ProviderProfile } from '../../shared/providers/provider-profile';
import type { CapturedExchange } from './captured-exchange';

export interface WorkerOptions {
  databaseFile: string;
  nativeBinding?: string;
  /** The install's fingerprint key (base64), so recorded traffic matches vault fingerprints. */
  fingerprintKey: string;
}

export type ToWorker =
  | { type: 'proxy'; key: string; profile: ProviderProfile; environment: EnvironmentProfile }
  | { type: 'batch'; exchanges: CapturedExchange[] }
  | { type: 'close' };

/** One reply per batch, in order. */
export type FromWorker = { type: 'written'; count: number } | { type: 'failed'; count: number; message: string };
