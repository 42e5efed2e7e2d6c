import type { Worker } from 'node:worker_threads';
import type { EnvironmentProfile, ProviderProfile } from '../../shared/providers/provider-profile';
import type { Logger } from '../platform/logger';
import type { CapturedExchange } from './captured-exchange';
import type { FromWorker, ToWorker, WorkerOptions } from './history-worker-protocol';
import { spawnHistoryWorker } from './history-worker-spawn';

/**
 * When recording falls behind, in bytes of captured exchanges queued: the user's app must never be
 * slowed by Keyhole's bookkeeping, and the auth facts of every exchange must never be lost.
 */
export const RECORDING_LIMITS = {
  /**
   * Above this many bytes of bodies queued, new exchanges keep their auth facts but not their bodies (a
   * refusal keeps its answer). Bodies, not exchanges: a backlog of small ones costs per row, not per
   * byte, and trimming them would save nothing but lose their answers.
   */
  trimAboveBytes: 4 * 1024 * 1024,
  /** Above this, proxies hold new requests until the queue is down to half: the last resort. */
  holdAboveBytes: 192 * 1024 * 1024,
  /** Beyond this, exchanges already in flight are dropped and counted (the target is zero). */
  maxQueueBytes: 256 * 1024 * 1024,
} as const;

export interface RecorderStats {
  queued: number;
  written: number;
  dropped: number;
  /** Exchanges whose bodies were not kept because recording was behind. */
  trimmed: number;
  /** Recording is behind: new exchanges keep their auth facts only. */
  trimming: boolean;
  /** Recording is far behind: proxies are holding new requests until it catches up. */
  holding: boolean;
}

export interface RecorderOptions extends WorkerOptions {
  logger: Logger;
  /** RECORDING_LIMITS, changed (tests provoke them with small ones). */
  maxQueueBytes?: number;
  holdAboveBytes?: number;
  trimAboveBytes?: number;
  batchSize?: number;
  flushDelayMs?: number;
}

/**
 * Takes recording off the proxy's thread: `record` only appends to a buffer; every few milliseconds
 * the buffer goes to the history worker, one thread that identifies, diagnoses, redacts and writes
 * each batch in one transaction with its own SQLite connection. (Send writes its own row, on the
 * app's connection: send-service.ts.)
 * The worker is background work (idle class on Linux), so under a CPU squeeze forwarding goes first
 * and the queue absorbs the burst; it catches up when the load eases. Past 64 MB queued (about
 * 25,000 small exchanges, or 2,000 with 16 KB bodies each way) proxies hold new requests until it is
 * down to half (`room`): a sustained load faster than recording slows down rather than losing
 * records. The queue is also capped at 256 MB, so a stalled disk cannot eat memory; what does not fit
 * (only requests already in flight when the hold began) is counted as dropped (shown in the UI; the
 * target is zero). The worker starts with the first proxy or send and is restarted if it dies (its
 * batch in flight counts as dropped; a send's `write` then rejects).
 */
export class HistoryRecorder {
  private worker: Worker | null = null;
  private buffer: CapturedExchange[] = [];
  /** The batches the worker has not answered yet, by id. */
  private readonly inFlight = new Map<number, { count: number; bytes: number; bodyBytes: number }>();
  private nextBatch = 1;
  private bufferBytes = 0;
  private pending = 0;
  private pendingBytes = 0;
  /** Of those, the bytes of bodies: what trimming saves. */
  private pendingBodyBytes = 0;
  private bufferBodyBytes = 0;
  private written = 0;
  private dropped = 0;
  private trimmed = 0;
  private trimmingNow = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly proxies = new Map<string, ToWorker & { type: 'proxy' }>();
  private readonly idle: (() => void)[] = [];
  private held: { promise: Promise<void>; release: () => void } | null = null;
  private readonly writtenListeners = new Set<() => void>();

  constructor(private readonly options: RecorderOptions) {}

  /** Tells the worker which profile a proxy's exchanges are diagnosed against. */
  register(key: string, profile: ProviderProfile, environment: EnvironmentProfile): void {
    const message = { type: 'proxy' as const, key, profile, environment };
    this.proxies.set(key, message);
    this.worker?.postMessage(message);
  }

  record(captured: CapturedExchange): boolean {
    const bytes = queuedBytes(captured);
    if (this.pendingBytes + bytes > (this.options.maxQueueBytes ?? RECORDING_LIMITS.maxQueueBytes)) {
      this.dropped++;
      return false;
    }
    if (captured.trimmed) this.trimmed++;
    const bodyBytes = (captured.requestBody?.length ?? 0) + (captured.responseBody?.length ?? 0);
    this.bufferBodyBytes += bodyBytes;
    this.pendingBodyBytes += bodyBytes;
    this.buffer.push(captured);
    this.queue(bytes);
    return true;
  }

  private queue(bytes: number): void {
    this.bufferBytes += bytes;
    this.pending++;
    this.pendingBytes += bytes;
    if (this.buffer.length >= (this.options.batchSize ?? 500)) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.options.flushDelayMs ?? 20);
  }

  /**
   * Null while there is room in the queue; otherwise a promise that resolves when the worker has
   * caught up to half the hold mark. Proxies wait on it before forwarding a new request, so a
   * sustained load faster than recording slows down instead of losing records.
   */
  room(): Promise<void> | null {
    if (this.held) return this.held.promise;
    if (this.pendingBytes <= this.holdAbove()) return null;
    let release!: () => void;
    const promise = new Promise<void>((resolve) => (release = resolve));
    this.held = { promise, release };
    this.options.logger.warn(
      `history: recording is ${Math.round(this.pendingBytes / 1024 / 1024)} MB behind (${this.pending} exchanges); proxies hold new requests until it catches up`,
    );
    return promise;
  }

  /**
   * Whether a new exchange should keep only its auth facts: the queue is past the trim mark. Said in
   * the log when it starts and when it ends, and counted in `stats()`.
   */
  trimming(): boolean {
    const behind = this.pendingBodyBytes > (this.options.trimAboveBytes ?? RECORDING_LIMITS.trimAboveBytes);
    if (behind !== this.trimmingNow) {
      this.trimmingNow = behind;
      if (behind) {
        this.options.logger.warn(
          `history: recording is ${Math.round(this.pendingBodyBytes / 1024 / 1024)} MB of bodies behind; new exchanges keep their auth facts but not their bodies (refusals keep theirs)`,
        );
      } else this.options.logger.info(`history: recording caught up; bodies are kept again (${this.trimmed} not kept so far)`);
    }
    return behind;
  }

  /** Called after each batch the worker has committed. */
  onWritten(listener: () => void): () => void {
    this.writtenListeners.add(listener);
    return () => this.writtenListeners.delete(listener);
  }

  stats(): RecorderStats {
    return {
      queued: this.pending,
      written: this.written,
      dropped: this.dropped,
      trimmed: this.trimmed,
      trimming: this.trimming(),
      holding: this.held !== null,
    };
  }

  /** Resolves once everything recorded so far is written (or counted as dropped). */
  drained(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  async close(): Promise<void> {
    await this.drained();
    const worker = this.worker;
    this.worker = null;
    if (!worker) return;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.ref(); // an idle worker is unref'd: without this the process could end before it has closed the database
    worker.postMessage({ type: 'close' } satisfies ToWorker);
    await exited;
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.buffer.length === 0) return;
    const exchanges = this.buffer;
    this.buffer = [];
    const worker = this.ensureWorker();
    const batch = this.nextBatch++;
    this.inFlight.set(batch, { count: exchanges.length, bytes: this.bufferBytes, bodyBytes: this.bufferBodyBytes });
    this.bufferBytes = 0;
    this.bufferBodyBytes = 0;
    worker.ref();
    worker.postMessage({ type: 'batch', batch, exchanges } satisfies ToWorker);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = spawnHistoryWorker({
      databaseFile: this.options.databaseFile,
      nativeBinding: this.options.nativeBinding,
      fingerprintKey: this.options.fingerprintKey,
      historyKey: this.options.historyKey,
    });
    for (const message of this.proxies.values()) worker.postMessage(message);
    worker.on('message', (reply: FromWorker) => {
      const batch = this.inFlight.get(reply.batch);
      if (!batch) return;
      this.inFlight.delete(reply.batch);
      if (reply.type === 'written') {
        this.written += batch.count;
        for (const listener of this.writtenListeners) listener();
      } else {
        this.dropped += batch.count;
        this.options.logger.error(`history: a batch of ${batch.count} exchanges was not recorded: ${reply.message}`);
      }
      this.settle(batch);
    });
    worker.on('error', (error) => {
      this.options.logger.error(`history worker failed: ${error.message}`);
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = null;
      const lost = [...this.inFlight.values()];
      this.inFlight.clear();
      for (const batch of lost) {
        this.dropped += batch.count;
        this.settle(batch);
      }
    });
    this.worker = worker;
    return worker;
  }

  private holdAbove(): number {
    return this.options.holdAboveBytes ?? RECORDING_LIMITS.holdAboveBytes;
  }

  private settle({ count, bytes, bodyBytes }: { count: number; bytes: number; bodyBytes: number }): void {
    this.pending -= count;
    this.pendingBytes -= bytes;
    this.pendingBodyBytes -= bodyBytes;
    if (this.held && this.pendingBytes <= this.holdAbove() / 2) {
      this.held.release();
      this.held = null;
      this.options.logger.info('history: recording caught up; proxies forward new requests at once again');
    }
    if (this.inFlight.size === 0) this.worker?.unref();
    if (this.trimmingNow) this.trimming(); // says "caught up" once the queue is below the mark
    if (this.pending === 0) for (const resolve of this.idle.splice(0)) resolve();
  }
}

/** Roughly what a captured exchange holds in memory: its kept bodies, plus headers and the rest. */
function queuedBytes(captured: CapturedExchange): number {
  return (captured.requestBody?.length ?? 0) + (captured.responseBody?.length ?? 0) + 1024;
}
