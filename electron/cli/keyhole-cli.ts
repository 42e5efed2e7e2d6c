import { Command, CommanderError } from 'commander';
import { z } from 'zod';
import { escapeForDisplay } from '../../shared/security/plain-text';
import { describeZodError } from '../../shared/errors/app-error';
import { KEYHOLE_VERSION } from '../platform/version';
import type { CliContext } from './cli-context';
import { registerAdvise } from './commands/advise';
import { registerAudit } from './commands/audit';
import { registerDiagnose } from './commands/diagnose';
import { registerDoctor } from './commands/doctor';
import { registerEnv } from './commands/env';
import { registerJwt } from './commands/jwt';
import { registerProviders } from './commands/providers';
import { registerProxy } from './commands/proxy';
import { registerIntercept } from './commands/intercept';
import { registerRotate } from './commands/rotate';
import { registerRun } from './commands/run';
import { registerSandbox } from './commands/sandbox';
import { registerSend } from './commands/send';
import { registerTraffic } from './commands/traffic';
import { registerVault } from './commands/vault';
import { registerWeb } from './commands/web';

/** One module per command, all over the same services; this file only assembles them. */
export function createProgram(context: CliContext): Command {
  const program = new Command('keyhole')
    .description('Keyhole: a key vault and auth-traffic inspector for voice-platform APIs')
    .version(KEYHOLE_VERSION, '-v, --version')
    .showHelpAfterError()
    .enablePositionalOptions()
    .exitOverride()
    // Help and commander's own errors go where the caller says (before the commands, which inherit it).
    .configureOutput({ writeOut: (text) => context.print(text.replace(/\n$/, '')), writeErr: (text) => context.printError(text.replace(/\n$/, '')) });
  registerDoctor(program, context);
  registerWeb(program, context);
  registerVault(program, context);
  registerEnv(program, context);
  registerProviders(program, context);
  registerAudit(program, context);
  registerSandbox(program, context);
  registerRotate(program, context);
  registerRun(program, context);
  registerSend(program, context);
  registerDiagnose(program, context);
  registerJwt(program, context);
  registerProxy(program, context);
  registerIntercept(program, context);
  registerTraffic(program, context);
  registerAdvise(program, context);
  return program;
}

/** Runs the CLI; returns the exit code. Errors are one line on stderr, never a stack trace. */
export async function runCli(argv: string[], context: CliContext): Promise<number> {
  // Everything printed comes partly from data (names, profiles, a customer's HAR): controls and bidi
  // characters are shown as \u escapes, never sent to the terminal (which is valid JSON too).
  const safe: CliContext = {
    ...context,
    print: (text) => context.print(escapeForDisplay(text)),
    printError: (text) => context.printError(escapeForDisplay(text)),
  };
  try {
    await createProgram(safe).parseAsync(argv, { from: 'user' });
    return safe.exitCode ?? 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    const message = error instanceof z.ZodError ? describeZodError(error, 'invalid options') : (error as Error).message;
    safe.printError(`keyhole: ${message}`);
    return 1;
  }
}
