import { contextBridge, ipcRenderer } from 'electron';
import type { Channel } from '../../shared/ipc/contract';
import { createKeyholeApi } from '../../shared/ipc/keyhole-api';
import type { Result } from '../../shared/ipc/result';

// Named functions only, derived from the contract: the page never gets ipcRenderer or a generic invoke.
contextBridge.exposeInMainWorld(
  'keyhole',
  createKeyholeApi((channel: Channel, input: unknown) => ipcRenderer.invoke(channel, input) as Promise<Result<unknown>>),
);
