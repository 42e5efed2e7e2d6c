import fs from 'node:fs';
import type { Command } from 'commander';
import { writePrivateFile } from '../../platform/private-file';
import { supportBundle } from '../../../shared/exchange/support-bundle';
import { KEYHOLE_VERSION } from '../../platform/version';
import { importHar } from '../../exchange-import/import-har';
import { TrafficFilter } from '../../../shared/exchange/exchange';
import { describeZodError } from '../../../shared/ipc/result';
import type { CliContext } from '../cli-context';
import { table } from '../format';
import { withServices } from '../open-services';
import { applyRetention } from '../../store/history-retention';

interface FilterOptions {
  credential?: string;
  fingerprint?: string;
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
    .option('--fingerprint <hex12>')
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

function parseFilter(options: FilterOptions): TrafficFilter {
  const parsed = TrafficFilter.safeParse({
    fingerprint: options.fingerprint,
    providerId: options.provider,
    environmentId: options.env,
    status: options.status,
    findingCode: options.finding,
    pathPrefix: options.path,
    since: options.since,
    until: options.until,
    source: options.source,
    limit: Number(options.limit),
  });
  if (!parsed.success) throw new Error(describeZodError(parsed.error, 'Invalid traffic filter (flags: --provider, --env, --status, --finding, --path, --since, --until, --source, --limit)'));
  return parsed.data;
}

export function registerTraffic(program: Command, context: CliContext): void {
  const traffic = program.command('traffic').description('recorded traffic: Keyhole’s own requests and its recording proxies');
  withFilterOptions(traffic.command('list').description('newest first, filtered'), '100')
    .option('--json', 'print JSON')
    .action(async (options: FilterOptions & { json?: boolean }) => {
      const filter = parseFilter(options);
      await withServices(context, (services) => {
        const credentialId = options.credential ? services.vault.get(options.credential).id : undefined;
        const entries = services.send.history.query({ ...filter, credentialId });
        if (options.json) return context.print(JSON.stringify(entries.map((e) => services.pipeline.reredact(e)), null, 2));
        context.print(
          table(
            ['AT', 'SOURCE', 'METHOD', 'PATH', 'STATUS', 'FINGERPRINT', 'FINDINGS'],
            entries.map((e) => [e.at, e.source, e.request.method, e.path, String(e.response?.status ?? 'failed'), e.fingerprint ?? '', e.findings.map((f) => f.code).join(',')]),
          ),
        );
      });
    });

  withFilterOptions(traffic.command('export').description('write the filtered traffic as HAR 1.2 (already redacted; findings in _keyhole)'), '10000')
    .requiredOption('--har <file>')
    .action(async (options: FilterOptions & { har: string }) => {
      const filter = parseFilter(options);
      await withServices(context, (services) => {
        const credentialId = options.credential ? services.vault.get(options.credential).id : undefined;
        const entries = services.send.history.query({ ...filter, credentialId }).reverse().map((e) => services.pipeline.reredact(e));
        writePrivateFile(options.har, supportBundle(entries, KEYHOLE_VERSION));
        context.print(`Wrote ${entries.length} entries to ${options.har}.`);
      });
    });

  traffic
    .command('import <file>')
    .description('import a HAR file from a browser or another tool into history (source "import"), diagnosing every entry')
    .option('--json', 'print JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const text = fs.readFileSync(file, 'utf8');
      await withServices(context, (services) => {
        const summary = importHar(text, file, { providers: services.catalog.list(), pipeline: services.pipeline, history: services.send.history, now: new Date() });
        context.print(options.json ? JSON.stringify(summary) : `Imported ${summary.imported} entries from ${file} (${summary.withFindings} with findings).`);
      });
    });

  traffic
    .command('prune')
    .description('apply the history retention now (by row count and age; see `--max-rows`, `--max-age-days` to change it)')
    .option('--max-rows <n>', 'keep at most this many exchanges (0: no limit)')
    .option('--max-age-days <n>', 'drop exchanges older than this (0: no limit)')
    .option('--json', 'print JSON')
    .action(async (options: { maxRows?: string; maxAgeDays?: string; json?: boolean }) => {
      await withServices(context, (services) => {
        const current = services.settings.read().historyRetention;
        const limit = (value: string | undefined, fallback: number | null) => (value === undefined ? fallback : Number(value) === 0 ? null : Number(value));
        const retention = { maxRows: limit(options.maxRows, current.maxRows), maxAgeDays: limit(options.maxAgeDays, current.maxAgeDays) };
        const result = applyRetention({ settings: services.settings, history: services.send.history }, retention, new Date());
        context.print(options.json ? JSON.stringify(result) : `Removed ${result.removed} exchanges; ${result.remaining} remain.`);
      });
    });
}
