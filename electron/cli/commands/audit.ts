import type { Command } from 'commander';
import { writePrivateFile } from '../../platform/private-file';
import type { CliContext } from '../cli-context';
import { table } from '../format';
import { parseInput, withApp } from '../open-services';

interface AuditOptions {
  action?: string;
  credential?: string;
  since?: string;
  limit?: string;
}

export function registerAudit(program: Command, context: CliContext): void {
  const audit = program.command('audit').description('the append-only audit log (never holds a secret)');
  const raw = (o: AuditOptions) => ({ action: o.action, credential: o.credential, since: o.since, limit: o.limit ? Number(o.limit) : undefined });
  const flags = { action: '--action', credential: '--credential', since: '--since', limit: '--limit' };

  audit
    .command('list')
    .option('--action <action>')
    .option('--credential <nameOrIdOrFingerprint>')
    .option('--since <iso>')
    .option('--limit <n>')
    .option('--json', 'print JSON')
    .action(async (options: AuditOptions & { json?: boolean }) => {
      const filter = parseInput('audit:list', raw(options), flags);
      await withApp(
        context,
        (app) => {
          const entries = app.workspace.audit(filter);
          context.print(
            options.json
              ? JSON.stringify(entries, null, 2)
              : table(
                  ['AT', 'ACTOR', 'ACTION', 'CREDENTIAL', 'FINGERPRINT', 'DETAIL'],
                  entries.map((e) => [e.at, e.actor, e.action, e.credentialName ?? '', e.fingerprint ?? '', e.detail]),
                ),
          );
        },
        'read-only',
      );
    });

  audit
    .command('export <file>')
    .description('write the audit log as CSV or JSON (by the file extension, or --format)')
    .option('--format <csv|json>')
    .option('--action <action>')
    .option('--credential <nameOrIdOrFingerprint>')
    .option('--since <iso>')
    .action(async (file: string, options: AuditOptions & { format?: string }) => {
      const format = options.format ?? (file.endsWith('.json') ? 'json' : 'csv');
      if (format !== 'csv' && format !== 'json') throw new Error(`--format must be csv or json, not "${format}"`);
      const input = parseInput('audit:export', { format, filter: { ...raw(options), limit: 10_000 } }, flags);
      await withApp(
        context,
        (app) => {
          const exported = app.workspace.exportAudit(input);
          writePrivateFile(file, exported.content);
          context.print(`Wrote ${app.workspace.audit(input.filter).length} audit entries to ${file}.`);
        },
        'read-only',
      );
    });
}
