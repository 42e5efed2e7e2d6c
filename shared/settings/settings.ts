import { z } from 'zod';

export const Theme = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof Theme>;

/** How much recorded traffic to keep; null means no limit on that axis. */
export const HistoryRetention = z.object({
  maxRows: z.number().int().min(1000).nullable(),
  maxAgeDays: z.number().int().min(1).nullable(),
});
export type HistoryRetention = z.infer<typeof HistoryRetention>;

export const Settings = z.object({ theme: Theme, historyRetention: HistoryRetention });
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = { theme: 'system', historyRetention: { maxRows: 1_000_000, maxAgeDays: 90 } };
