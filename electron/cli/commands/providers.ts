import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { table } from '../format';
import { parseInput, readFile, withApp } from '../open-services';

export function registerProviders(program: Command, context: CliContext): void {
  const providers = program
    .command('providers')
    .description('provider profiles: auth model, environments, credential kinds, scopes')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withApp(context, (app) => {
        const list = app.workspace.providers();
        context.print(
          options.json
            ? JSON.stringify(list, null, 2)
            : table(
                ['ID', 'NAME', 'ENVIRONMENTS', 'KINDS'],
                list.map((p) => [p.id, p.name, p.environments.map((e) => e.id).join(','), p.credentialKinds.map((k) => k.id).join(',')]),
              ),
        );
      });
    });

  providers
    .command('import <file>')
    .description('import a custom provider profile (JSON); nothing is stored if it has errors')
    .option('--json', 'print JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const input = parseInput('providers:import', { text: readFile(file), source: file });
      await withApp(context, (app) => {
        const profile = app.workspace.importProvider(input);
        context.print(options.json ? JSON.stringify(profile, null, 2) : `Imported provider ${profile.id} (${profile.name}).`);
      });
    });
}
