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
      await withApp(
        context,
        (app) => {
          const list = app.workspace.providers();
          context.print(
            options.json
              ? JSON.stringify(list, null, 2)
              : table(
                  ['ID', 'NAME', 'ENVIRONMENTS', 'KINDS'],
                  list.map((p) => [p.id, p.name, p.environments.map((e) => e.id).join(','), p.credentialKinds.map((k) => k.id).join(',')]),
                ),
          );
        },
        'read-only',
      );
    });

  providers
    .command('import <file>')
    .description('import a provider profile (JSON), or an OpenAPI 3.0/3.1 document (JSON or YAML) read into one; nothing is stored if it has errors')
    .option('--openapi', 'read FILE as an OpenAPI document (detected by its "openapi" field without this)')
    .option('--id <id>', "the imported profile's id (default: the profile's, or the OpenAPI title)")
    .option('--json', 'print JSON')
    .action(async (file: string, options: { openapi?: boolean; id?: string; json?: boolean }) => {
      const input = parseInput('providers:import', {
        text: readFile(file),
        source: file,
        ...(options.openapi ? { format: 'openapi' } : {}),
        ...(options.id ? { id: options.id } : {}),
      });
      await withApp(context, async (app) => {
        const profile = await app.workspace.importProvider(input);
        if (options.json) return context.print(JSON.stringify(profile, null, 2));
        const routes = profile.operations.length ? `, ${profile.operations.length} operations` : '';
        context.print(`Imported provider ${profile.id} (${profile.name}${routes}).`);
      });
    });
}
