import type { Command } from 'commander';
import { findManifest, readEnvFileReferences, readManifest, type Reference } from '../../run/run-manifest';
import { RunService } from '../../run/run-service';
import type { CliContext } from '../cli-context';
import { table } from '../format';
import { withServices } from '../open-services';

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
      const references = new Map<string, Reference>();
      const manifest = options.manifest ?? (options.envFile ? null : findManifest(process.cwd()));
      if (!manifest && !options.envFile) throw new Error('no keyhole.json here or in a parent directory: pass --manifest FILE or --env-file FILE');
      if (manifest) for (const [name, ref] of readManifest(manifest)) references.set(name, ref);
      if (options.envFile) for (const [name, ref] of readEnvFileReferences(options.envFile)) references.set(name, ref);
      const [command, ...args] = argv;
      if (!command && !options.dryRun) throw new Error('give the command to run after --, e.g. keyhole run -- npm start');

      const code = await withServices(context, async (services) => {
        const run = new RunService(services);
        const variables = await run.resolve(references, options.env);
        if (options.dryRun) {
          context.print(table(['VARIABLE', 'REFERENCE', 'RESOLVES TO'], variables.map((v) => [v.name, v.reference, v.shown])));
          return 0;
        }
        const source = [manifest, options.envFile].filter(Boolean).join(' + ');
        const { code: exit, summary } = await run.run(variables, command!, args, { record: Boolean(options.record), source });
        if (summary) process.stderr.write(`keyhole run: ${summary.line}\n`);
        return exit;
      });
      // The command's exit code is keyhole run's.
      process.exitCode = code;
    });
}
