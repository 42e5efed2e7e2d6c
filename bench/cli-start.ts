// How long the built CLI takes to start and finish, against `node -e 0` in the same run: medians of
// interleaved rounds of `keyhole --version`, `keyhole vault list` (read-only: no start-up jobs) and
// `keyhole run -- true` (a manifest with one base-URL reference). Uses the keychain if this session
// has one, as a user's terminal would. Usage: cli-start.ts [rounds]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const rounds = Number(process.argv[2] ?? 9);
const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'bin/keyhole.mjs');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhole-cli-bench-'));
const manifest = path.join(home, 'keyhole.json');
fs.writeFileSync(manifest, JSON.stringify({ env: { CALL2ME_BASE_URL: 'keyhole://baseurl/call2me/production' } }));
const env: NodeJS.ProcessEnv = { ...process.env, KEYHOLE_HOME: home };

const cases: [string, string[], number | null][] = [
  ['node -e 0', ['-e', '0'], null],
  ['keyhole --version', [bin, '--version'], 2.5],
  ['keyhole vault list', [bin, 'vault', 'list'], 4],
  ['keyhole run -- true', [bin, 'run', '--manifest', manifest, '--', 'true'], 4],
];

function once(args: string[]): number {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  if (run.status !== 0) throw new Error(`${args.join(' ')} exited ${run.status}: ${run.stderr.toString().trim()}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

// The built CLI is what is measured (bin/keyhole runs from source when the build is older).
if (spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'ignore' }).status !== 0) throw new Error('npm run build failed');
// The first run creates and migrates the database: not what is measured.
once(cases[2]![1]);
const times = cases.map(() => [] as number[]);
for (let round = 0; round < rounds; round++) cases.forEach(([, args], i) => times[i]!.push(once(args)));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const baseline = median(times[0]!);

console.log(
  `bench: CLI start-up, medians of ${rounds} interleaved rounds (built CLI, ${env.DBUS_SESSION_BUS_ADDRESS ? 'keychain session present' : 'no D-Bus session'})`,
);
cases.forEach(([name, , target], i) => {
  const ms = median(times[i]!);
  const ratio = ms / baseline;
  const verdict = target === null ? 'baseline' : `${ratio.toFixed(2)}x node -e 0 (target <= ${target}x: ${ratio <= target ? 'met' : 'NOT MET'})`;
  console.log(`  ${name.padEnd(22)} ${ms.toFixed(0).padStart(5)} ms  ${verdict}`);
});
fs.rmSync(home, { recursive: true, force: true });
