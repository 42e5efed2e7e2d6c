import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { table } from '../format';
import { withApp } from '../open-services';
import { collect } from '../parse-options';

interface RunOptions {
  manifest?: string;
  envFile?: string;
  env?: string;
  record?: boolean;
  intercept?: boolean;
  connectTo: string[];
  upstreamCa?: string;
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
    .option('--intercept', "decrypt and record the command's HTTPS calls to the vendors' hosts through an intercepting proxy (no base URL changes)")
    .option(
      '--connect-to <HOST1:PORT1:HOST2:PORT2>',
      "with --intercept: send connections for HOST1:PORT1 to HOST2:PORT2 (curl's meaning); repeatable",
      collect,
      [],
    )
    .option('--upstream-ca <file>', 'with --intercept: also trust these PEM CAs for upstream certificates (a private gateway)')
    .option('--dry-run', 'print the variables, their references and fingerprints (never values), and run nothing')
    .passThroughOptions()
    .action(async (argv: string[], options: RunOptions) => {
      const [command, ...args] = argv;
      if (!command && !options.dryRun) throw new Error('give the command to run after --, e.g. keyhole run -- npm start');
      if (!options.intercept && (options.connectTo.length > 0 || options.upstreamCa)) throw new Error('--connect-to and --upstream-ca go with --intercept');

      const code = await withApp(context, async (app) => {
        const { references, source } = app.run.references({
          manifest: options.manifest,
          envFile: options.envFile,
          cwd: process.cwd(),
          optional: options.intercept,
        });
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
        const intercept = options.intercept ? { connectTo: options.connectTo, upstreamCa: options.upstreamCa } : undefined;
        const { code: exit, summary } = await app.run.run(variables, command, args, { record: Boolean(options.record), intercept, source });
        if (summary) context.printError(`keyhole run: ${summary.line}`);
        return exit;
      });
      // The command's exit code is keyhole run's.
      context.exitCode = code;
    });
}
