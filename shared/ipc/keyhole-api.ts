import { channels, type Channel, type ChannelInput, type ChannelOutput } from './contract';
import type { AppEvent } from './events';
import type { Result } from './result';

type Area<C extends string> = C extends `${infer A}:${string}` ? A : never;
type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

type Call<C extends Channel> =
  // Channels without input can be called with no argument.
  Record<string, never> extends ChannelInput<C>
    ? (input?: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>
    : (input: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>;

/** Starts listening to the trusted side's events; returns the function that stops. */
export type Subscribe = (listener: (event: AppEvent) => void) => () => void;

/** `window.keyhole`: `api.settings.update({theme})` calls channel `settings:update`; `api.events.subscribe` listens. */
export type KeyholeApi = {
  [A in Area<Channel>]: {
    [C in Channel as C extends `${A}:${infer Verb}` ? CamelCase<Verb> : never]: Call<C>;
  };
} & { events: { subscribe: Subscribe } };

/** How a call reaches the trusted side: ipcRenderer.invoke, HTTP to the web host, or a direct dispatch. */
export type Transport = (channel: Channel, input: unknown) => Promise<Result<unknown>>;

export function methodName(verb: string): string {
  return verb.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** Builds the named-function API from the contract; the only way clients are made. */
export function createKeyholeApi(transport: Transport, subscribe: Subscribe = () => () => undefined): KeyholeApi {
  const api: Record<string, Record<string, unknown>> = { events: { subscribe } };
  for (const channel of channels) {
    const [area, verb] = channel.split(':') as [string, string];
    api[area] ??= {};
    api[area][methodName(verb)] = (input?: unknown) => transport(channel, input ?? {});
  }
  return api as unknown as KeyholeApi;
}
