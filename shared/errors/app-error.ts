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

/** Turns a zod failure into one line naming each offending field, in the user's words. */
export function describeZodError(error: z.ZodError, subject: string): string {
  const parts = error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    // A bad record key ("Invalid key in record") carries the real reason one level down.
    const inner = issue.code === 'invalid_key' ? issue.issues.map((i) => inWords(i)).join(', ') : '';
    return `${where}: ${inner || inWords(issue)}`;
  });
  return `${subject}: ${parts.join('; ')}`;
}

const count = (n: number | bigint, one: string, many = `${one}s`) => `${Number(n).toLocaleString('en')} ${Number(n) === 1 ? one : many}`;
const UNIT: Record<string, [string, string?]> = { string: ['character'], array: ['item'], set: ['item'], file: ['byte'] };

/**
 * An issue as a person would say it. A schema's own message (a field's rule in words) is kept; zod's
 * defaults ("Too big: expected string to have <=80 characters") are said again plainly.
 */
function inWords(issue: z.core.$ZodIssue): string {
  if (!/^(Too big|Too small|Invalid input|Invalid option|Unrecognized key|Invalid (?:string|URL|email|UUID|ISO))/.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'too_big': {
      const unit = UNIT[issue.origin];
      return unit ? `at most ${count(issue.maximum, ...unit)}` : `at most ${issue.maximum.toLocaleString('en')}`;
    }
    case 'too_small': {
      const unit = UNIT[issue.origin];
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'must not be empty';
      return unit ? `at least ${count(issue.minimum, ...unit)}` : `at least ${issue.minimum.toLocaleString('en')}`;
    }
    case 'invalid_type':
      return /received undefined$/.test(issue.message) ? 'is missing' : `should be ${issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`}`;
    case 'invalid_value':
      return `should be one of ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.join(', ')}`;
    case 'invalid_format':
      return `is not a valid ${issue.format === 'url' ? 'URL' : issue.format.replace(/_/g, ' ')}`;
    default:
      return issue.message;
  }
}
