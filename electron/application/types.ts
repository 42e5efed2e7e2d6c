import type { Channel, ChannelOutput, ParsedInput } from '../../shared/ipc/contract';

/** A channel's input after the adapter validated it, and what the application answers. */
export type In<C extends Channel> = ParsedInput<C>;
export type Out<C extends Channel> = ChannelOutput<C>;
