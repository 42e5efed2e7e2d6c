import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { table } from '../format';
import { withApp } from '../open-services';

interface RunOptions {
  manifest?: string;
  envFile?: string;
  env?: string;
  record?: boolean;
  dryRun?: boolean;
}

export function registerRun(program: Command, context: CliContext): void {
  program
    .command('run')
    .description('run a command with keys from the vault in its environment (from keyhole.json references), never in a file or argv')
    .argument('[command...]', 'the command and its arguments, after --')
    .option('--manifest <file>', 'the manifest (default: keyhole.json here or in the nearest parent)')
    .option('--env-file <file>', 'a .env file whose keyhole://vault/P/E/NAME and keyhole://baseurl/P/E values are resolved in memory')
    .option('--env <id>', 'the environment for references that name none')
    .option('--record', 'put a recording proxy in front of each base URL for the run, and print a summary of its findings')
    .option('--dry-run', 'print the variables, their references and fingerprints (never values), and run nothing')
    .passThroughOptions()
    .action(async (argv: string[], options: RunOptions) => {
      const [command, ...args] = argv;
      if (!command && !options.dryRun) throw new Error('give the command to run after --, e.g. keyhole run -- npm start');

      const code = await withApp(context, async (app) => {
        const { references, source } = app.run.references({ manifest: options.manifest, envFile: options.envFile, cwd: process.cwd() });
        const variables = await app.run.resolve(references, options.env);
        // Which file chose the keys, said every time (to stderr: stdout may be the command's).
        context.printError(`keyhole run: references from ${source}`);
        if (options.dryRun || !command) {
          context.print(
            table(
              ['VARIABLE', 'REFERENCE', 'RESOLVES TO'],
              variables.map((v) => [v.name, v.reference, v.shown]),
            ),
          );
          return 0;
        }
        const { code: exit, summary } = await app.run.run(variables, command, args, { record: Boolean(options.record), source });
        if (summary) context.printError(`keyhole run: ${summary.line}`);
        return exit;
      });
      // The command's exit code is keyhole run's.
      context.exitCode = code;
    });
}
