import { contract, isChannel } from '../../shared/ipc/contract';
import { AppError, describeZodError } from '../../shared/errors/app-error';
import type { Result } from '../../shared/ipc/result';
import type { Logger } from '../platform/logger';
import type { Handlers } from './handlers';

export type Dispatch = (channel: string, rawInput: unknown) => Promise<Result<unknown>>;

/**
 * The trusted side's single entry point for both shells. Order: known channel, then input schema,
 * then the handler; the output is parsed too, which strips any field the contract does not name.
 */
export function createDispatch(handlers: Handlers, logger: Logger): Dispatch {
  return async (channel, rawInput) => {
    if (!isChannel(channel)) {
      return failure('UNKNOWN_CHANNEL', `Unknown channel "${channel}".`);
    }
    const { input, output } = contract[channel];
    const parsed = input.safeParse(rawInput);
    if (!parsed.success) {
      return failure('INVALID_INPUT', describeZodError(parsed.error, 'That was not accepted'));
    }
    try {
      const handler = handlers[channel] as (input: unknown) => unknown;
      const value = output.parse(await handler(parsed.data));
      return { ok: true, value };
    } catch (error) {
      if (error instanceof AppError) return failure(error.code, error.message);
      // Services never put secrets in error messages (the keychain store wraps the binding's errors).
      logger.error(`${channel} failed: ${(error as Error).stack ?? String(error)}`);
      return failure('INTERNAL', `Keyhole could not complete ${channel}; see the log for details.`);
    }
  };
}

function failure(code: AppError['code'], message: string): Result<never> {
  return { ok: false, error: { code, message } };
}
