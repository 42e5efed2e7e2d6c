import type { Command } from 'commander';
import { TrafficFilter } from '../../../shared/exchange/exchange';
import type { CliContext } from '../cli-context';
import { table } from '../format';
import { withServices } from '../open-services';

interface ListOptions {
  credential?: string;
  fingerprint?: string;
  status?: string;
  path?: string;
  since?: string;
  source?: string;
  limit?: string;
  json?: boolean;
}

export function registerTraffic(program: Command, context: CliContext): void {
  const traffic = program.command('traffic').description('recorded traffic: Keyhole’s own requests and its recording proxies');
  traffic
    .command('list')
    .description('newest first, filtered')
    .option('--credential <nameOrId>')
    .option('--fingerprint <hex12>')
    .option('--status <code>', 'e.g. 403 or 4xx')
    .option('--path <prefix>', 'path prefix, e.g. /v1/agents')
    .option('--since <iso>')
    .option('--source <source>', 'send, proxy, import or login')
    .option('--limit <n>', 'at most this many', '100')
    .option('--json', 'print JSON')
    .action(async (options: ListOptions) => {
      const filter = TrafficFilter.parse({
        fingerprint: options.fingerprint,
        status: options.status,
        pathPrefix: options.path,
        since: options.since,
        source: options.source,
        limit: Number(options.limit),
      });
      await withServices(context, (services) => {
        const credentialId = options.credential ? services.vault.get(options.credential).id : undefined;
        const entries = services.send.history.query({ ...filter, credentialId });
        if (options.json) return context.print(JSON.stringify(entries, null, 2));
        context.print(
          table(
            ['AT', 'SOURCE', 'METHOD', 'PATH', 'STATUS', 'FINGERPRINT', 'FINDINGS'],
            entries.map((e) => [e.at, e.source, e.request.method, e.path, String(e.response?.status ?? 'failed'), e.fingerprint ?? '', e.findings.map((f) => f.code).join(',')]),
          ),
        );
      });
    });
}
