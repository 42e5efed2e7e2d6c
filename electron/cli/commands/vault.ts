import { count } from '../../../shared/text/words';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { credentialRows, warningLines } from '../format';
import { parseInput, readFile, readStdin, splitList, withApp } from '../open-services';

interface AddOptions {
  provider: string;
  env: string;
  kind: string;
  name: string;
  scopes?: string;
  tenant?: string;
  workspace?: string;
  notes?: string;
  expires?: string;
  secretStdin?: boolean;
  json?: boolean;
}

export function registerVault(program: Command, context: CliContext): void {
  const vault = program.command('vault').description('credentials: metadata in SQLite, secrets in the OS keychain');

  vault
    .command('add')
    .description('add a credential; the secret is read from standard input')
    .requiredOption('--provider <id>', 'provider id (keyhole providers)')
    .requiredOption('--env <id>', 'environment id (keyhole env list)')
    .requiredOption('--kind <id>', 'credential kind, e.g. api_key, tenant_api_key')
    .requiredOption('--name <name>', 'a name you will recognise, e.g. prod-2026-q2')
    .option('--scopes <a,b>', 'scopes the key was issued with (empty means no permissions)')
    .option('--tenant <id>', 'tenant or partner id the key is bound to')
    .option('--workspace <id>', 'workspace id the key is bound to')
    .option('--notes <text>', 'free-form notes')
    .option('--expires <iso>', 'expiry date, ISO 8601')
    .option('--secret-stdin', 'read the secret from standard input (the only way to pass one)')
    .option('--json', 'print JSON')
    .action(async (options: AddOptions) => {
      if (!options.secretStdin) throw new Error('pass the secret on standard input with --secret-stdin (never as an argument)');
      const secret = (await readStdin(context.stdin)).replace(/\r?\n$/, '');
      const input = parseInput(
        'vault:add',
        {
          name: options.name,
          providerId: options.provider,
          environmentId: options.env,
          kind: options.kind,
          scopes: options.scopes ? splitList(options.scopes) : [],
          boundId: options.tenant ?? options.workspace ?? null,
          notes: options.notes ?? '',
          expiresAt: options.expires ?? null,
          secret,
        },
        {
          name: '--name',
          providerId: '--provider',
          environmentId: '--env',
          kind: '--kind',
          scopes: '--scopes',
          boundId: '--tenant/--workspace',
          notes: '--notes',
          expiresAt: '--expires',
          secret: 'the secret on standard input',
        },
      );
      await withApp(context, async (app) => {
        const { credential, warnings } = await app.vault.add(input);
        context.print(
          options.json
            ? JSON.stringify({ credential, warnings }, null, 2)
            : [`Added ${credential.name} (${credential.fingerprint}).`, ...warningLines(warnings)].join('\n'),
        );
      });
    });

  vault
    .command('list')
    .description('list credentials')
    .option('--provider <id>')
    .option('--env <id>')
    .option('--json', 'print JSON')
    .action(async (options: { provider?: string; env?: string; json?: boolean }) => {
      const filter = parseInput('vault:list', { providerId: options.provider, environmentId: options.env });
      await withApp(
        context,
        (app) => {
          const list = app.vault.list(filter);
          context.print(options.json ? JSON.stringify(list, null, 2) : credentialRows(list));
        },
        'read-only',
      );
    });

  vault
    .command('show <nameOrId>')
    .description('show one credential (never its secret)')
    .option('--json', 'print JSON')
    .action(async (nameOrId: string, options: { json?: boolean }) => {
      await withApp(
        context,
        (app) => {
          const { credential, warnings } = app.vault.show(parseInput('vault:show', { id: nameOrId }));
          if (options.json) return context.print(JSON.stringify({ credential, warnings }, null, 2));
          context.print(
            [
              ...Object.entries(credential).map(([k, v]) => `${k.padEnd(14)} ${Array.isArray(v) ? v.join(', ') || '(none)' : (v ?? '')}`),
              ...warningLines(warnings),
            ].join('\n'),
          );
        },
        'read-only',
      );
    });

  vault
    .command('rm <nameOrId>')
    .description('delete a credential and its keychain entry')
    .option('--json', 'print JSON')
    .action(async (nameOrId: string, options: { json?: boolean }) => {
      await withApp(context, async (app) => {
        const removed = await app.vault.remove(parseInput('vault:remove', { id: nameOrId }));
        context.print(options.json ? JSON.stringify({ removed }, null, 2) : `Deleted ${removed.name} (${removed.fingerprint}).`);
      });
    });

  vault
    .command('reveal <nameOrId>')
    .description('print the secret to standard output (audited)')
    .action(async (nameOrId: string) => {
      await withApp(context, async (app) => context.print(await app.vault.reveal(nameOrId)));
    });

  vault
    .command('import-env <file>')
    .description('import NAME=secret lines from a .env file, all or nothing')
    .requiredOption('--provider <id>')
    .requiredOption('--env <id>')
    .requiredOption('--kind <id>')
    .option('--allow-inline-comments', 'accept unquoted values cut short at "#" (the rest is a comment)')
    .option('--json', 'print JSON')
    .action(async (file: string, options: { provider: string; env: string; kind: string; allowInlineComments?: boolean; json?: boolean }) => {
      const text = file === '-' ? await readStdin(context.stdin) : readFile(file);
      const input = parseInput('vault:import', {
        text,
        providerId: options.provider,
        environmentId: options.env,
        kind: options.kind,
        allowInlineComments: Boolean(options.allowInlineComments),
      });
      await withApp(context, async (app) => {
        const saved = await app.vault.import(input, { via: 'terminal', source: file === '-' ? 'standard input' : file });
        context.print(
          options.json
            ? JSON.stringify(saved, null, 2)
            : [
                `Imported ${count(saved.length, 'credential')}.`,
                ...saved.flatMap((s) => warningLines(s.warnings).map((w) => `${s.credential.name}: ${w}`)),
              ].join('\n'),
        );
      });
    });

  vault
    .command('reconcile')
    .description('compare the keychain with the metadata; --clean removes keychain entries with no metadata')
    .option('--clean', 'delete orphaned keychain entries')
    .option('--json', 'print JSON')
    .action(async (options: { clean?: boolean; json?: boolean }) => {
      await withApp(context, async (app) => {
        const found = await app.vault.health();
        const removed = options.clean ? (await app.vault.removeOrphans({ accounts: found.orphanAccounts })).removed : 0;
        context.print(
          options.json
            ? JSON.stringify({ ...found, removed }, null, 2)
            : `${found.orphanAccounts.length} orphaned keychain entries${options.clean ? ` (${removed} removed)` : ''}, ` +
                `${count(found.missingSecrets.length, 'credential')} missing their secret.`,
        );
      });
    });
}
