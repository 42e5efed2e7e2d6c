import type { Channel, ChannelOutput, ParsedInput } from '../../shared/ipc/contract';

/** A channel's input after the adapter validated it, and what the application answers. */
export type In<C extends Channel> = ParsedInput<C>;
export type Out<C extends Channel> = ChannelOutput<C>;

/**
 * Who is asking, passed by the adapter: the page (desktop or web shell: its input is untrusted, a
 * first send to a new origin is confirmed) or the terminal (the user at their own shell), and the
 * file the input came from, named in errors and the audit log.
 */
export interface Caller {
  via: 'page' | 'terminal';
  source?: string;
}
export const PAGE: Caller = { via: 'page' };
