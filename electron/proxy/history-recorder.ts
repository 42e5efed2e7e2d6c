import type { HistoryRecord, HistoryRepository } from '../store/history-repository';

export interface RecorderStats {
  queued: number;
  written: number;
  dropped: number;
}

/**
 * Takes records off the request path: `record` only enqueues; batches are written in one transaction
 * each, shortly after. The queue is bounded so a stalled disk cannot eat memory; anything that does
 * not fit is counted as dropped (shown in the UI; the target is zero).
 */
export class HistoryRecorder {
  private queue: HistoryRecord[] = [];
  private written = 0;
  private dropped = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly idle: (() => void)[] = [];

  constructor(
    private readonly history: HistoryRepository,
    private readonly options: { maxQueue?: number; batchSize?: number; flushDelayMs?: number } = {},
  ) {}

  record(record: HistoryRecord): boolean {
    if (this.queue.length >= (this.options.maxQueue ?? 100_000)) {
      this.dropped++;
      return false;
    }
    this.queue.push(record);
    this.timer ??= setTimeout(() => this.flush(), this.options.flushDelayMs ?? 25);
    return true;
  }

  stats(): RecorderStats {
    return { queued: this.queue.length, written: this.written, dropped: this.dropped };
  }

  /** Resolves once everything queued so far is written. */
  drained(): Promise<void> {
    if (this.queue.length === 0 && this.timer === null) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private flush(): void {
    const batch = this.queue.splice(0, this.options.batchSize ?? 1000);
    this.history.insertMany(batch);
    this.written += batch.length;
    if (this.queue.length > 0) {
      this.timer = setTimeout(() => this.flush(), 0);
      return;
    }
    this.timer = null;
    for (const resolve of this.idle.splice(0)) resolve();
  }
}
