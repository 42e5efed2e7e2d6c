import { Command, CommanderError } from 'commander';
import { KEYHOLE_VERSION } from '../app/version';
import type { CliContext } from './cli-context';
import { registerDoctor } from './commands/doctor';
import { registerWeb } from './commands/web';

/** One module per command, all over the same services; this file only assembles them. */
export function createProgram(context: CliContext): Command {
  const program = new Command('keyhole')
    .description('Keyhole: a key vault and auth-traffic inspector for voice-platform APIs')
    .version(KEYHOLE_VERSION, '-v, --version')
    .showHelpAfterError()
    .exitOverride();
  registerDoctor(program, context);
  registerWeb(program, context);
  return program;
}

/** Runs the CLI; returns the exit code. Errors are one line on stderr, never a stack trace. */
export async function runCli(argv: string[], context: CliContext): Promise<number> {
  try {
    await createProgram(context).parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    process.stderr.write(`keyhole: ${(error as Error).message}\n`);
    return 1;
  }
}
