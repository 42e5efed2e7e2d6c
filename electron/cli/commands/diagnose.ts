import type { Command } from 'commander';
import { parseHeaderLines } from '../../../shared/exchange/header-lines';
import type { CliContext } from '../cli-context';
import { parseInput, readFile, readValue, withApp } from '../open-services';
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
      let raw: Record<string, unknown>;
      if (options.curl !== undefined) {
        if (options.curl === '-' && options.responseBody === '-') throw new Error('stdin cannot carry both the curl command and the response body');
        const text = await readValue(options.curl, '--curl', context.stdin);
        const parsed = parseHeaderLines(options.responseHeader);
        if ('error' in parsed) throw new Error(`--response-header: ${parsed.error}`);
        const responseBody = options.responseBody === undefined ? undefined : await readValue(options.responseBody, '--response-body', context.stdin);
        raw = {
          format: 'curl',
          text,
          status: options.status === undefined ? undefined : Number(options.status),
          responseHeaders: parsed.headers,
          responseBody,
        };
      } else {
        raw = { format: 'har', text: readFile(options.har ?? '') };
      }
      const input = parseInput('diagnose:paste', raw, {
        status: '--status',
        text: options.curl !== undefined ? '--curl' : '--har',
        responseBody: '--response-body',
      });
      await withApp(context, async (app) => {
        const entries = await app.tools.diagnosePaste(input, { via: 'terminal', source: options.har });
        if (options.json) return context.print(JSON.stringify({ entries }, null, 2));
        context.print(
          entries
            .map((e, i) =>
              [
                `#${i + 1} ${e.request.method} ${e.request.url}${e.status ? ` -> ${e.status}` : ''} (${e.provider ?? 'unknown provider'})`,
                ...(e.findings.length ? findingLines(e.findings) : ['no auth problems found']),
              ].join('\n'),
            )
            .join('\n\n'),
        );
      });
    });
}
