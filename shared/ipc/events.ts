import { z } from 'zod';

/**
 * Events the trusted side pushes to every window (Electron: `webContents.send` behind the preload;
 * web shell: Server-Sent Events on `/events`, with the same token as RPC). They say what changed;
 * the page reads what it needs through the contract's channels.
 */
export const AppEvent = z.discriminatedUnion('type', [
  /** New rows in history: the page asks `traffic:list` for the rows after the last id it has. */
  z.object({ type: z.literal('traffic:added'), latestId: z.number().int() }),
  z.object({ type: z.literal('rotation:changed'), id: z.string() }),
  z.object({ type: z.literal('vault:changed') }),
]);
export type AppEvent = z.infer<typeof AppEvent>;
export type AppEventType = AppEvent['type'];

/** The Electron IPC channel events travel on. */
export const EVENT_CHANNEL = 'keyhole:event';
