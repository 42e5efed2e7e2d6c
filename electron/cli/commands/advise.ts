import type { Command } from 'commander';
import { adviseScopes } from '../../../shared/advisor/least-privilege';
import type { CliContext } from '../cli-context';
import { withServices } from '../open-services';

export function registerAdvise(program: Command, context: CliContext): void {
  program
    .command('advise')
    .description("least privilege: compare a credential's scopes with what its recorded traffic used")
    .requiredOption('--credential <nameOrId>')
    .option('--json', 'print JSON')
    .action(async (options: { credential: string; json?: boolean }) => {
      await withServices(context, (services) => {
        const credential = services.vault.get(options.credential);
        const profile = services.catalog.get(credential.providerId);
        const traffic = services.send.history.query({ credentialId: credential.id, limit: 10_000 });
        const advice = adviseScopes(profile, credential.scopes, traffic.map((e) => ({ method: e.request.method, path: e.path })));
        if (options.json) return context.print(JSON.stringify({ credential: credential.name, held: credential.scopes, ...advice }, null, 2));
        context.print(
          [
            `${credential.name}: ${advice.requestsConsidered} recorded requests considered`,
            `held:    ${credential.scopes.join(', ') || '(none)'}`,
            `used:    ${advice.used.map((u) => `${u.scope} (${u.requests})`).join(', ') || '(nothing yet)'}`,
            `minimal: ${advice.minimal.join(', ') || '(none)'}`,
            `unused:  ${advice.unused.join(', ') || '(none)'}`,
            ...advice.flagged.map((f) => `remove first: ${f.scope} (${f.why}, never needed)`),
            ...(advice.unserved ? [`${advice.unserved} requests needed scopes this key does not hold`] : []),
          ].join('\n'),
        );
      });
    });
}
