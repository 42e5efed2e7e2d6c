import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { table } from '../format';
import { withServices } from '../open-services';

export function registerEnv(program: Command, context: CliContext): void {
  const env = program.command('env').description("providers' environments and their base URLs");

  env
    .command('list')
    .option('--provider <id>')
    .option('--json', 'print JSON')
    .action(async (options: { provider?: string; json?: boolean }) => {
      await withServices(context, (services) => {
        const rows = services.catalog
          .list()
          .filter((p) => !options.provider || p.id === options.provider)
          .flatMap((p) => p.environments.map((e) => ({ providerId: p.id, ...e })));
        if (options.provider && rows.length === 0) services.catalog.get(options.provider);
        context.print(
          options.json
            ? JSON.stringify(rows, null, 2)
            : table(['PROVIDER', 'ENV', 'LIVE', 'BASE URL'], rows.map((r) => [r.providerId, r.id, r.live ? 'yes' : 'no', r.baseUrl ?? '(not set)'])),
        );
      });
    });

  env
    .command('add')
    .requiredOption('--provider <id>')
    .requiredOption('--name <id>', 'environment id, e.g. eu-staging')
    .requiredOption('--base-url <url>')
    .option('--live', 'this environment carries live traffic')
    .option('--json', 'print JSON')
    .action(async (options: { provider: string; name: string; baseUrl: string; live?: boolean; json?: boolean }) => {
      await withServices(context, (services) => {
        const profile = services.catalog.addEnvironment(options.provider, {
          id: options.name,
          label: options.name,
          baseUrl: options.baseUrl,
          live: Boolean(options.live),
        });
        const added = profile.environments.find((e) => e.id === options.name);
        context.print(options.json ? JSON.stringify(added, null, 2) : `Added ${options.provider}/${options.name} at ${options.baseUrl}.`);
      });
    });

  env
    .command('set-url <url>')
    .requiredOption('--provider <id>')
    .requiredOption('--env <id>')
    .option('--json', 'print JSON')
    .action(async (url: string, options: { provider: string; env: string; json?: boolean }) => {
      await withServices(context, (services) => {
        const profile = services.catalog.setEnvironmentUrl(options.provider, options.env, url);
        const changed = profile.environments.find((e) => e.id === options.env);
        // The terminal is the user: the environment's keys may go to the origin they just set.
        for (const credential of services.vault.list({ providerId: options.provider, environmentId: options.env })) {
          services.origins.pin(credential, new URL(url).origin, 'base URL set at the terminal');
        }
        context.print(options.json ? JSON.stringify(changed, null, 2) : `${options.provider}/${options.env} now points at ${url}.`);
      });
    });

  env
    .command('confirm')
    .description('allow a credential to be sent to an origin it was never sent to (what the web shell asks for)')
    .requiredOption('--credential <nameOrId>')
    .requiredOption('--origin <origin>', 'e.g. https://gateway.example.com')
    .option('--json', 'print JSON')
    .action(async (options: { credential: string; origin: string; json?: boolean }) => {
      let origin: string;
      try {
        origin = new URL(options.origin).origin;
      } catch {
        throw new Error(`--origin "${options.origin}" is not a URL like https://gateway.example.com`);
      }
      await withServices(context, (services) => {
        const credential = services.vault.get(options.credential);
        services.origins.pin(credential, origin, 'confirmed at the terminal');
        const origins = services.origins.origins(credential);
        context.print(options.json ? JSON.stringify({ credential: credential.name, origins }) : `${credential.name} may be sent to: ${origins.join(', ')}.`);
      });
    });
}
