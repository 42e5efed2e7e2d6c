import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { parsePort } from '../parse-options';

export function registerSandbox(program: Command, context: CliContext): void {
  program
    .command('sandbox')
    .description('run the local Callaro and Call2Me sandbox API on 127.0.0.1 (state in memory)')
    .option('--port <n>', 'port to listen on (default: a free port)', parsePort)
    .option('--json', 'print {"callaro": {"baseUrl"}, "call2me": {"baseUrl"}} as one line')
    .action(async (options: { port?: number; json?: boolean }) => {
      const { startStandaloneSandbox } = await import('../../application/machine');
      const sandbox = await startStandaloneSandbox({ port: options.port });
      const { callaro, call2me } = sandbox.baseUrls;
      context.print(
        options.json
          ? JSON.stringify({ callaro: { baseUrl: callaro }, call2me: { baseUrl: call2me }, control: `${sandbox.url}/_sandbox` })
          : `Sandbox running (Ctrl+C to stop)\n  Callaro:  ${callaro}\n  Call2Me:  ${call2me}\n  control:  ${sandbox.url}/_sandbox/`,
      );
      const stop = async () => {
        await sandbox.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
