import type { Command } from 'commander';
import type { SentExchange } from '../../../shared/exchange/exchange';
import { parseHeaderLines } from '../../../shared/exchange/header-lines';
import type { Finding } from '../../../shared/diagnosis/finding';
import type { CliContext } from '../cli-context';
import { parseInput, readValue, withApp } from '../open-services';

interface SendOptions {
  credential: string;
  env?: string;
  header: string[];
  data?: string;
  json?: boolean;
}

export function findingLines(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.severity.toUpperCase()} ${f.code}: ${f.title}. ${f.detail} Fix: ${f.fix}`);
}

export function registerSend(program: Command, context: CliContext): void {
  program
    .command('send <method> <path>')
    .description('send a request signed as a vault credential, and diagnose the answer (exit 0 whatever the HTTP status)')
    .requiredOption('--credential <nameOrId>', 'the vault credential to sign with')
    .option('--env <id>', "environment (default: the credential's)")
    .option(
      '-H, --header <header>',
      "extra header 'Name: value' (repeatable; @FILE reads header lines from a file, - from stdin: a secret in an argument is visible in ps)",
      (value: string, all: string[]) => [...all, value],
      [],
    )
    .option('--data <json>', 'request body (@FILE or - for stdin, so a body with secrets stays out of argv)')
    .option('--json', 'print {historyId, request, response, timings, findings}')
    .action(async (method: string, path: string, options: SendOptions) => {
      const lines: string[] = [];
      for (const header of options.header) {
        const value = await readValue(header, '-H', context.stdin);
        lines.push(...(header === '-' || header.startsWith('@') ? value.split(/\r?\n/).filter((l) => l.trim() !== '') : [value]));
      }
      const data = options.data === undefined ? null : await readValue(options.data, '--data', context.stdin);
      const parsed = parseHeaderLines(lines);
      if ('error' in parsed) throw new Error(`-H: ${parsed.error}`);
      const { headers } = parsed;
      const input = parseInput(
        'send:execute',
        { credential: options.credential, environmentId: options.env, method: method.toUpperCase(), path, headers, body: data },
        { method: '<method>', path: '<path>', headers: '-H', body: '--data' },
      );
      await withApp(context, async (app) => {
        const exchange = await app.send.execute(input);
        context.print(options.json ? JSON.stringify(toJson(exchange), null, 2) : describe(exchange));
      });
    });
}

function toJson({ historyId, ...exchange }: SentExchange) {
  return { historyId, request: exchange.request, response: exchange.response, error: exchange.error, timings: exchange.timings, findings: exchange.findings };
}

function describe(exchange: SentExchange): string {
  const { historyId } = exchange;
  const lines = [`${exchange.request.method} ${exchange.request.url}`];
  if (exchange.response) lines.push(`-> ${exchange.response.status} in ${exchange.timings?.totalMs ?? '?'} ms`, exchange.response.body);
  if (exchange.error) lines.push(`-> failed: ${exchange.error}`);
  return [...lines, ...findingLines(exchange.findings), `recorded as history ${historyId} (keyhole traffic show ${historyId})`].join('\n');
}
