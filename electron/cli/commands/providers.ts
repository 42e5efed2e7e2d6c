import fs from 'node:fs';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { table } from '../format';
import { withServices } from '../open-services';

export function registerProviders(program: Command, context: CliContext): void {
  const providers = program
    .command('providers')
    .description('provider profiles: auth model, environments, credential kinds, scopes')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withServices(context, (services) => {
        const list = services.catalog.list();
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
      const text = fs.readFileSync(file, 'utf8');
      await withServices(context, (services) => {
        const profile = services.catalog.importProfile(text, file);
        context.print(options.json ? JSON.stringify(profile, null, 2) : `Imported provider ${profile.id} (${profile.name}).`);
      });
    });
}
