import fs from 'node:fs';
import type { Command } from 'commander';
import { parseHeaderLines } from '../../../shared/exchange/header-lines';
import { diagnosePasted } from '../../exchange-import/diagnose-pasted';
import { exchangeFromCurl, exchangesFromHar, type PastedExchange } from '../../exchange-import/pasted-exchanges';
import type { CliContext } from '../cli-context';
import { readValue, withServices } from '../open-services';
import { findingLines } from './send';

interface DiagnoseOptions {
  curl?: string;
  har?: string;
  status?: string;
  responseBody?: string;
  responseHeader: string[];
  json?: boolean;
}

export function registerDiagnose(program: Command, context: CliContext): void {
  program
    .command('diagnose')
    .description('explain auth failures in a pasted curl command or a HAR file, without sending anything')
    .option('--curl <command>', 'a curl command line; - reads it from stdin and @FILE from a file (a command with a key in it is visible in ps as an argument)')
    .option('--har <file>', 'a HAR file (every entry is diagnosed)')
    .option('--status <n>', 'with --curl: the HTTP status it got')
    .option('--response-body <text>', 'with --curl: the response body it got (@FILE or - for stdin)')
    .option('--response-header <header>', "with --curl: a response header 'Name: value' (repeatable)", (v: string, all: string[]) => [...all, v], [])
    .option('--json', 'print {"entries": [{request, findings}]}')
    .action(async (options: DiagnoseOptions) => {
      if (Boolean(options.curl) === Boolean(options.har)) throw new Error('give exactly one of --curl or --har');
      let exchanges: PastedExchange[];
      if (options.curl !== undefined) {
        if (options.curl === '-' && options.responseBody === '-') throw new Error('stdin cannot carry both the curl command and the response body');
        const exchange = exchangeFromCurl(await readValue(options.curl, '--curl', context.stdin));
        if (options.status !== undefined) {
          const status = Number(options.status);
          if (!Number.isInteger(status) || status < 100 || status > 599) throw new Error(`--status "${options.status}" is not an HTTP status`);
          const parsed = parseHeaderLines(options.responseHeader);
          if ('error' in parsed) throw new Error(`--response-header: ${parsed.error}`);
          const body = options.responseBody === undefined ? undefined : await readValue(options.responseBody, '--response-body', context.stdin);
          exchange.response = { status, headers: parsed.headers, body };
        }
        exchanges = [exchange];
      } else {
        exchanges = exchangesFromHar(readFile(options.har!), options.har!);
      }
      await withServices(context, (services) => {
        const entries = diagnosePasted(exchanges, services.catalog.list(), new Date(), services.pipeline);
        if (options.json) return context.print(JSON.stringify({ entries }, null, 2));
        context.print(
          entries
            .map((e, i) =>
              [`#${i + 1} ${e.request.method} ${e.request.url}${e.status ? ` -> ${e.status}` : ''} (${e.provider ?? 'unknown provider'})`, ...(e.findings.length ? findingLines(e.findings) : ['no auth problems found'])].join('\n'),
            )
            .join('\n\n'),
        );
      });
    });
}

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
