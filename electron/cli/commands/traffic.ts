import { count } from '../../../shared/text/words';
import type { Command } from 'commander';
import { writePrivateFile } from '../../platform/private-file';
import type { CliContext } from '../cli-context';
import { table } from '../format';
import { parseInput, readFile, withApp } from '../open-services';

interface FilterOptions {
  credential?: string;
  fingerprint?: string;
  search?: string;
  provider?: string;
  env?: string;
  status?: string;
  finding?: string;
  path?: string;
  since?: string;
  until?: string;
  source?: string;
  limit: string;
}

/** The same filter flags on `list` and `export`, validated by the IPC contract's TrafficFilter. */
function withFilterOptions(command: Command, defaultLimit: string): Command {
  return command
    .option('--credential <nameOrId>')
    .option('--fingerprint <hex>', 'a fingerprint or its first characters')
    .option('--search <text>', 'words that each match the method, path, status or a finding code')
    .option('--provider <id>')
    .option('--env <id>')
    .option('--status <code>', 'e.g. 403 or 4xx')
    .option('--finding <code>', 'a finding code, e.g. SCOPE_MISSING')
    .option('--path <prefix>', 'path prefix, e.g. /v1/agents')
    .option('--since <iso>')
    .option('--until <iso>')
    .option('--source <source>', 'send, proxy, import or login')
    .option('--limit <n>', 'at most this many', defaultLimit);
}

const FILTER_FLAGS = {
  credential: '--credential',
  fingerprint: '--fingerprint',
  text: '--search',
  providerId: '--provider',
  environmentId: '--env',
  status: '--status',
  findingCode: '--finding',
  pathPrefix: '--path',
  since: '--since',
  until: '--until',
  source: '--source',
  limit: '--limit',
};

function parseFilter(options: FilterOptions) {
  return parseInput(
    'traffic:list',
    {
      credential: options.credential,
      fingerprint: options.fingerprint,
      text: options.search,
      providerId: options.provider,
      environmentId: options.env,
      status: options.status,
      findingCode: options.finding,
      pathPrefix: options.path,
      since: options.since,
      until: options.until,
      source: options.source,
      limit: Number(options.limit),
    },
    FILTER_FLAGS,
  );
}

export function registerTraffic(program: Command, context: CliContext): void {
  const traffic = program.command('traffic').description('recorded traffic: Keyhole’s own requests and its recording proxies');
  withFilterOptions(traffic.command('list').description('newest first, filtered'), '100')
    .option('--json', 'print JSON')
    .action(async (options: FilterOptions & { json?: boolean }) => {
      const filter = parseFilter(options);
      await withApp(
        context,
        async (app) => {
          const rows = await app.traffic.list(filter);
          if (options.json) return context.print(JSON.stringify(rows, null, 2));
          context.print(
            table(
              ['AT', 'SOURCE', 'METHOD', 'PATH', 'STATUS', 'KEY', 'FINDINGS'],
              rows.map((r) => [
                r.at,
                r.byKeyhole ? 'keyhole' : r.source,
                r.method,
                r.path,
                String(r.status ?? 'failed'),
                r.credentialName ?? r.fingerprint ?? '',
                r.findingCodes.join(','),
              ]),
            ),
          );
        },
        'read-only',
      );
    });

  traffic
    .command('show <id>')
    .description('one recorded exchange, whole (redacted)')
    .action(async (id: string) => {
      const input = parseInput('history:get', { id: Number(id) }, { id: '<id>' });
      await withApp(context, async (app) => context.print(JSON.stringify(await app.traffic.get(input), null, 2)), 'read-only');
    });

  withFilterOptions(traffic.command('export').description('write the filtered traffic as HAR 1.2 (already redacted; findings in _keyhole)'), '10000')
    .requiredOption('--har <file>')
    .action(async (options: FilterOptions & { har: string }) => {
      const filter = parseFilter(options);
      await withApp(
        context,
        async (app) => {
          const har = await app.traffic.export(filter);
          writePrivateFile(options.har, har.content);
          context.print(
            `Wrote ${count((JSON.parse(har.content) as { log: { entries: unknown[] } }).log.entries.length, 'entry', 'entries')} to ${options.har}.`,
          );
        },
        'read-only',
      );
    });

  traffic
    .command('import <file>')
    .description('import a HAR file from a browser or another tool into history (source "import"), diagnosing every entry')
    .option('--json', 'print JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const input = parseInput('traffic:import-har', { text: readFile(file), source: file });
      await withApp(context, async (app) => {
        const summary = await app.traffic.importHar(input);
        context.print(
          options.json
            ? JSON.stringify(summary)
            : `Imported ${count(summary.imported, 'entry', 'entries')} from ${file} (${summary.withFindings} with findings).`,
        );
      });
    });

  traffic
    .command('prune')
    .description('apply the history retention now (by row count and age; see `--max-rows`, `--max-age-days` to change it)')
    .option('--max-rows <n>', 'keep at most this many exchanges (0: no limit)')
    .option('--max-age-days <n>', 'drop exchanges older than this (0: no limit)')
    .option('--json', 'print JSON')
    .action(async (options: { maxRows?: string; maxAgeDays?: string; json?: boolean }) => {
      await withApp(context, (app) => {
        const current = app.workspace.settings().historyRetention;
        const limit = (value: string | undefined, fallback: number | null) => (value === undefined ? fallback : Number(value) === 0 ? null : Number(value));
        const retention = { maxRows: limit(options.maxRows, current.maxRows), maxAgeDays: limit(options.maxAgeDays, current.maxAgeDays) };
        const result = app.traffic.prune(parseInput('traffic:prune', retention, { maxRows: '--max-rows', maxAgeDays: '--max-age-days' }));
        context.print(options.json ? JSON.stringify(result) : `Removed ${count(result.removed, 'exchange')}; ${result.remaining.toLocaleString('en')} remain.`);
      });
    });
}
