import fs from 'node:fs';
import { resolveDataDir } from '../platform/data-dir';
import { createServices, type KeyholeServices } from '../composition/keyhole-services';
import { createLogger, silentLogger } from '../platform/logger';
import { KEYHOLE_VERSION } from '../platform/version';
import type { CliContext } from './cli-context';

/** Opens the same services the app uses, runs one command over them, and closes them. */
export async function withServices<T>(context: CliContext, run: (services: KeyholeServices) => Promise<T> | T): Promise<T> {
  const services = await createServices({
    dataDir: resolveDataDir(context.env),
    shell: 'cli',
    version: KEYHOLE_VERSION,
    logger: context.env.KEYHOLE_VERBOSE ? createLogger('keyhole') : silentLogger,
  });
  try {
    return await run(services);
  } finally {
    await services.close();
  }
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
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}
