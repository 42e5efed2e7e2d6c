import { z } from 'zod';
import { KeychainStatus, SecretsMode } from '../domain/keychain-status';
import { Settings } from '../domain/settings';

/**
 * The one list of IPC channels. The preload, the web shell's client and the handler registry are all
 * derived from it, so a channel cannot exist on one side only. Names are `area:verb`.
 */
const NoInput = z.object({}).strict();

export const AppStatus = z.object({
  version: z.string(),
  shell: z.enum(['electron', 'web']),
  dataDir: z.string(),
  databaseFile: z.string(),
  schemaVersion: z.number().int(),
  keychain: KeychainStatus,
  secretsMode: SecretsMode,
});
export type AppStatus = z.infer<typeof AppStatus>;

export const contract = {
  'app:status': { input: NoInput, output: AppStatus },
  'secrets:use-memory': { input: NoInput, output: AppStatus },
  'settings:get': { input: NoInput, output: Settings },
  'settings:update': { input: Settings.partial().strict(), output: Settings },
} as const satisfies Record<`${string}:${string}`, { input: z.ZodType; output: z.ZodType }>;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export const channels = Object.keys(contract) as Channel[];

export function isChannel(name: string): name is Channel {
  return Object.hasOwn(contract, name);
}

/** What a caller passes (before defaults) and what a handler receives (after parsing). */
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<Contract[C]['output']>;
