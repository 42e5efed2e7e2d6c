import { count } from '../../../shared/text/words';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { parseInput, withApp } from '../open-services';

export function registerAdvise(program: Command, context: CliContext): void {
  program
    .command('advise')
    .description("least privilege: compare a credential's scopes with what its recorded traffic used")
    .requiredOption('--credential <nameOrId>')
    .option('--json', 'print JSON')
    .action(async (options: { credential: string; json?: boolean }) => {
      const input = parseInput('traffic:advise', { id: options.credential }, { id: '--credential' });
      await withApp(context, async (app) => {
        const { credentialName, ...advice } = await app.traffic.advise(input);
        if (options.json) return context.print(JSON.stringify({ credential: credentialName, ...advice }, null, 2));
        context.print(
          [
            `${credentialName}: ${advice.requestsConsidered} recorded requests considered`,
            `held:    ${advice.held.join(', ') || '(none)'}`,
            `used:    ${advice.used.map((u) => `${u.scope} (${u.requests})`).join(', ') || '(nothing yet)'}`,
            `minimal: ${advice.minimal.join(', ') || '(none)'}`,
            `unused:  ${advice.unused.join(', ') || '(none)'}`,
            ...advice.flagged.map((f) => `remove first: ${f.scope} (${f.why}, never needed)`),
            ...(advice.unserved ? [`${count(advice.unserved, 'request')} needed scopes this key does not hold`] : []),
          ].join('\n'),
        );
      });
    });
}
