import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { table } from '../format';
import { parseInput, withApp } from '../open-services';

export function registerEnv(program: Command, context: CliContext): void {
  const env = program.command('env').description("providers' environments and their base URLs");

  env
    .command('list')
    .option('--provider <id>')
    .option('--json', 'print JSON')
    .action(async (options: { provider?: string; json?: boolean }) => {
      await withApp(
        context,
        (app) => {
          const rows = app.workspace
            .providers()
            .filter((p) => !options.provider || p.id === options.provider)
            .flatMap((p) => p.environments.map((e) => ({ providerId: p.id, ...e })));
          if (options.provider && !app.workspace.providers().some((p) => p.id === options.provider))
            throw new Error(`--provider: no provider "${options.provider}" (keyhole providers lists them)`);
          context.print(
            options.json
              ? JSON.stringify(rows, null, 2)
              : table(
                  ['PROVIDER', 'ENV', 'LIVE', 'BASE URL'],
                  rows.map((r) => [r.providerId, r.id, r.live ? 'yes' : 'no', r.baseUrl ?? '(not set)']),
                ),
          );
        },
        'read-only',
      );
    });

  env
    .command('add')
    .requiredOption('--provider <id>')
    .requiredOption('--name <id>', 'environment id, e.g. eu-staging')
    .requiredOption('--base-url <url>')
    .option('--live', 'this environment carries live traffic')
    .option('--json', 'print JSON')
    .action(async (options: { provider: string; name: string; baseUrl: string; live?: boolean; json?: boolean }) => {
      const input = parseInput(
        'environments:add',
        { providerId: options.provider, environment: { id: options.name, label: options.name, baseUrl: options.baseUrl, live: Boolean(options.live) } },
        { 'environment.id': '--name', 'environment.baseUrl': '--base-url' },
      );
      await withApp(context, (app) => {
        const profile = app.workspace.addEnvironment(input);
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
      const input = parseInput('environments:set-url', { providerId: options.provider, environmentId: options.env, baseUrl: url }, { baseUrl: '<url>' });
      await withApp(context, (app) => {
        // The terminal is the user: the environment's keys may go to the origin they just set.
        const profile = app.workspace.setEnvironmentUrl(input, { via: 'terminal' });
        const changed = profile.environments.find((e) => e.id === options.env);
        context.print(options.json ? JSON.stringify(changed, null, 2) : `${options.provider}/${options.env} now points at ${url}.`);
      });
    });

  env
    .command('remove')
    .description('remove an environment you added (one without keys or a running proxy)')
    .requiredOption('--provider <id>')
    .requiredOption('--env <id>')
    .action(async (options: { provider: string; env: string }) => {
      const input = parseInput('environments:remove', { providerId: options.provider, environmentId: options.env }, {});
      await withApp(context, (app) => {
        app.workspace.removeEnvironment(input);
        context.print(`Removed ${options.provider}/${options.env}.`);
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
      await withApp(context, (app) => {
        const { credential, origins } = app.vault.allowOrigin(options.credential, origin);
        context.print(options.json ? JSON.stringify({ credential: credential.name, origins }) : `${credential.name} may be sent to: ${origins.join(', ')}.`);
      });
    });
}
