import { z } from 'zod';

/** Machine-readable failure codes every channel may return; the renderer branches on these. */
export const ErrorCode = z.enum(['INVALID_INPUT', 'UNKNOWN_CHANNEL', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'KEYCHAIN_UNAVAILABLE', 'INTERNAL']);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const AppErrorShape = z.object({ code: ErrorCode, message: z.string() });
export type AppErrorShape = z.infer<typeof AppErrorShape>;

/** Thrown by services for failures the user can act on; anything else becomes INTERNAL. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** Turns a zod failure into one line naming each offending field. */
export function describeZodError(error: z.ZodError, subject: string): string {
  const parts = error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    // A bad record key ("Invalid key in record") carries the real reason one level down.
    const inner = issue.code === 'invalid_key' ? issue.issues.map((i) => i.message).join(', ') : '';
    return `${where}: ${inner || issue.message}`;
  });
  return `${subject}: ${parts.join('; ')}`;
}
