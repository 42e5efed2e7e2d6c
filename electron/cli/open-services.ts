import fs from 'node:fs';
import { resolveDataDir } from '../platform/data-dir';
import type { KeyholeApplication } from '../application/keyhole-application';
import { contract, type Channel, type ParsedInput } from '../../shared/ipc/contract';
import { describeZodError } from '../../shared/errors/app-error';
import { createLogger, silentLogger } from '../platform/logger';
import { KEYHOLE_VERSION } from '../platform/version';
import type { CliContext } from './cli-context';

/**
 * Opens the same application the desktop app uses, runs one command over it, and closes it. The
 * start-up jobs (pruning, recovery, reconciliation, "Try it") run first unless the command only
 * reads (`'read-only'`): `keyhole vault list` should not pay for them.
 */
export async function withApp<T>(context: CliContext, run: (app: KeyholeApplication) => Promise<T> | T, jobs: 'startup' | 'read-only' = 'startup'): Promise<T> {
  // Loaded when a command runs, not at start: `keyhole --version` and `--help` need none of it.
  const { openApplication } = await import('../composition/keyhole-services');
  const app = await openApplication({
    dataDir: resolveDataDir(context.env),
    env: context.env,
    shell: 'cli',
    version: KEYHOLE_VERSION,
    logger: context.env.KEYHOLE_VERBOSE ? createLogger('keyhole') : silentLogger,
  });
  try {
    if (jobs === 'startup') await app.startup();
    return await run(app);
  } finally {
    await app.close();
  }
}

/**
 * Flags to a channel's input, validated by the contract's own schema (the one validation, as for the
 * page): `flags` names the options in the error, e.g. "--status: use a status like 403".
 */
export function parseInput<C extends Channel>(channel: C, raw: unknown, flags: Record<string, string> = {}): ParsedInput<C> {
  const parsed = contract[channel].input.safeParse(raw);
  if (!parsed.success) {
    const message = describeZodError(parsed.error, 'Invalid options');
    throw new Error(Object.entries(flags).reduce((text, [field, flag]) => text.replaceAll(`${field}:`, `${flag}:`), message));
  }
  return parsed.data as ParsedInput<C>;
}

/** Reads all of standard input (where secrets come from: never argv, which other users can see). */
export async function readStdin(stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A value that may be a secret, from where the user put it: `-` is standard input, `@FILE` a file's
 * contents, anything else the argument itself (visible in `ps` to other users: the help says so).
 */
export async function readValue(arg: string, what: string, stdin?: NodeJS.ReadableStream): Promise<string> {
  if (arg === '-') return (await readStdin(stdin)).replace(/\r?\n$/, '');
  if (arg.startsWith('@')) {
    try {
      return fs.readFileSync(arg.slice(1), 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      throw new Error(`${what}: cannot read ${arg.slice(1)} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
    }
  }
  return arg;
}

export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A file the user named, or an error that says which and why (never its contents). */
export function readFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
