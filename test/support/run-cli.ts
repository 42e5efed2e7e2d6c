import { spawn } from 'node:child_process';
import path from 'node:path';
import { Readable } from 'node:stream';
import { runCli as runKeyhole } from '../../electron/cli/keyhole-cli';

export const KEYHOLE_BIN = path.resolve(import.meta.dirname, '../../bin/keyhole.mjs');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a `keyhole` command in this process, as bin/keyhole does (the same runCli, with `env` and
 * stdin passed in): the application opens and closes per command, as in a terminal. What depends on
 * the process itself (signals, argv as other users see it, a missing D-Bus the keychain library reads
 * from the real environment, the built binary) is tested with `spawnCli`.
 */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = process.env, stdin?: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runKeyhole(args, {
    env,
    print: (text) => (stdout += `${text}\n`),
    printError: (text) => (stderr += `${text}\n`),
    stdin: Readable.from(stdin === undefined ? [] : [Buffer.from(stdin)]),
  });
  return { code, stdout, stderr };
}

/** Runs the real `keyhole` executable (the built bin) in a child process. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv = process.env, stdin?: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [KEYHOLE_BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

export function envWithout(...names: string[]): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of names) delete env[name];
  return env;
}
