import { contextBridge, ipcRenderer } from 'electron';
import type { Channel } from '../../shared/ipc/contract';
import { createKeyholeApi } from '../../shared/ipc/keyhole-api';
import type { Result } from '../../shared/ipc/result';
import { AppEvent, EVENT_CHANNEL } from '../../shared/ipc/events';

// Named functions only, derived from the contract: the page never gets ipcRenderer or a generic invoke.
// Events reach the page's listener as parsed values only, never the IPC event object (it holds the sender).
contextBridge.exposeInMainWorld(
  'keyhole',
  createKeyholeApi(
    (channel: Channel, input: unknown) => ipcRenderer.invoke(channel, input) as Promise<Result<unknown>>,
    (listener) => {
      const forward = (_event: unknown, payload: unknown) => {
        const parsed = AppEvent.safeParse(payload);
        if (parsed.success) listener(parsed.data);
      };
      ipcRenderer.on(EVENT_CHANNEL, forward);
      return () => void ipcRenderer.off(EVENT_CHANNEL, forward);
    },
  ),
);
