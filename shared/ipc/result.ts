import type { AppErrorShape } from '../errors/app-error';

/** Signal-style envelope: a handler never throws across the boundary. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };
