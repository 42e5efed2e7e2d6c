// Runs Electronegativity over the Electron code and fails on any HIGH or MEDIUM finding that is not
// on the allow-list below. The SARIF report is kept in .test-artifacts/ for review.
// (Its CLI breaks on a hoisted modern commander, so we call its runner directly.)
// Run with `node --import tsx scripts/check-electronegativity.ts [folder] [report.sarif]`.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);

interface Issue {
  id: string;
  file: string;
  description: string;
  severity: { name: string };
  location: { line: number };
}
type Runner = (options: object, forCli: boolean) => Promise<{ issues: Issue[]; errors: { file: string; message?: string }[] }>;
const run = require('@doyensec/electronegativity/dist/runner.js') as Runner;

/** Each entry: rule, file (relative to the scanned folder), and why it is acceptable. */
const ALLOWED = [
  {
    id: 'AUXCLICK_JS_CHECK',
    file: 'main/index.ts',
    why: 'Middle-click opens go through setWindowOpenHandler, which denies every window (window-security.ts).',
  },
  {
    id: 'PRELOAD_JS_CHECK',
    file: 'main/index.ts',
    why: 'Manual review item: the preload exposes only named functions derived from the IPC contract.',
  },
];

export async function scan(input: string, output: string) {
  output = path.resolve(output);
  fs.mkdirSync(path.dirname(output), { recursive: true });
  const { issues, errors } = await run(
    {
      input: path.resolve(input),
      output,
      isSarif: true,
      customScan: [],
      excludeFromScan: [],
      isRelative: true,
      isVerbose: false,
      electronVersionOverride: (require('electron/package.json') as { version: string }).version,
      parserPlugins: [],
    },
    false,
  );
  const serious = issues.filter((issue) => ['HIGH', 'MEDIUM'].includes(issue.severity.name));
  const blocking = serious.filter((issue) => !ALLOWED.some((a) => a.id === issue.id && a.file === issue.file));
  const sarifResults = (await readSarif(output)).runs[0]?.results.length ?? 0;
  return { issues, errors, serious, blocking, sarifResults };
}

/** The runner writes its report through a stream it does not wait for; wait for a whole file. */
async function readSarif(file: string): Promise<{ runs: { results: unknown[] }[] }> {
  for (let attempt = 0; ; attempt++) {
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      if (attempt >= 50) throw new Error(`electronegativity wrote no readable SARIF at ${file}: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

if (import.meta.url === `file://${path.resolve(process.argv[1] ?? '')}`) {
  const input = process.argv[2] ?? 'electron';
  const output = process.argv[3] ?? '.test-artifacts/electronegativity.sarif';
  const { errors, serious, blocking, sarifResults } = await scan(input, output);
  for (const error of errors) console.error(`electronegativity: could not parse ${error.file}: ${error.message ?? String(error)}`);
  for (const issue of blocking) {
    console.error(`electronegativity: ${issue.severity.name} ${issue.id} at ${issue.file}:${issue.location.line} - ${issue.description}`);
  }
  console.log(
    `electronegativity: ${sarifResults} SARIF results, ${serious.length} HIGH/MEDIUM, ` +
      `${serious.length - blocking.length} allow-listed, ${blocking.length} blocking, ${errors.length} parse errors`,
  );
  process.exit(blocking.length > 0 || errors.length > 0 ? 1 : 0);
}
