// `npm test`: every gate and test tier in order, ending with `tests: N passed, M failed, K skipped`
// (vitest and Playwright added up). On Linux without a D-Bus session it first re-runs itself inside a
// private one with an unlocked, throwaway gnome-keyring, so keychain tests use the real Secret Service.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const artifacts = path.join(root, '.test-artifacts');
const args = process.argv.slice(2);
const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

if (
  process.platform === 'linux' &&
  !process.env.DBUS_SESSION_BUS_ADDRESS &&
  !process.env.KEYHOLE_TEST_SESSION &&
  has('dbus-run-session') &&
  has('gnome-keyring-daemon')
) {
  const xdgData = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhole-keyring-'));
  console.log(`test: starting a private D-Bus session with an unlocked gnome-keyring (data in ${xdgData})`);
  const inner = 'printf %s "$KEYHOLE_KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null && ' + 'exec node scripts/test.mjs "$@"';
  const result = spawnSync('dbus-run-session', ['--', 'sh', '-c', inner, 'sh', ...args], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      XDG_DATA_HOME: xdgData,
      KEYHOLE_TEST_SESSION: '1',
      KEYHOLE_KEYRING_PASSWORD: randomBytes(12).toString('hex'),
    },
  });
  fs.rmSync(xdgData, { recursive: true, force: true });
  process.exit(result.status ?? 1);
}

fs.rmSync(artifacts, { recursive: true, force: true });
fs.mkdirSync(artifacts, { recursive: true });
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const failures = [];

function step(name, command, commandArgs, env = {}) {
  console.log(`\n== ${name}`);
  const started = Date.now();
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) failures.push(name);
  console.log(`== ${name}: ${result.status === 0 ? 'ok' : 'FAILED'} (${seconds}s)`);
}

/**
 * A step run beside others: its output is held and printed whole when it ends, so blocks never
 * interleave. The static gates are single-threaded, and side by side on this 2-core machine they
 * take 27 s instead of 43 s one after another.
 */
function concurrentStep(name, command, commandArgs) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { cwd: root, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`\n== ${name}`);
      process.stdout.write(Buffer.concat(output));
      if (code !== 0) failures.push(name);
      console.log(`== ${name}: ${code === 0 ? 'ok' : 'FAILED'} (${seconds}s)`);
      resolve();
    });
  });
}

/** What Prettier owns: the code and styles (not Markdown, JSON or the lockfile). */
const FORMATTED = ['**/*.{ts,tsx,js,mjs,css}'];

await Promise.all([
  concurrentStep('typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']),
  concurrentStep('lint', bin('eslint'), ['.']),
  // One formatting: a file Prettier would change fails here (`npm run format` fixes it).
  concurrentStep('format', bin('prettier'), ['--check', ...FORMATTED]),
]);
step('build', bin('electron-vite'), ['build']);
step('vitest', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${artifacts}/vitest.json`]);
step('playwright', bin('playwright'), ['test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: `${artifacts}/playwright.json` });

const counts = { passed: 0, failed: 0, skipped: 0 };
const vitest = readJson('vitest.json');
if (vitest) {
  counts.passed += vitest.numPassedTests;
  counts.failed += vitest.numFailedTests;
  counts.skipped += vitest.numPendingTests + vitest.numTodoTests;
}
const playwright = readJson('playwright.json');
if (playwright) {
  counts.passed += playwright.stats.expected + playwright.stats.flaky;
  counts.failed += playwright.stats.unexpected;
  counts.skipped += playwright.stats.skipped;
}
if (!vitest || !playwright) failures.push('a test runner wrote no report');

console.log('');
for (const reason of playwright ? skipReasons(playwright.suites) : []) console.log(`skipped: ${reason}`);
if (failures.length > 0) console.log(`test: failed steps: ${failures.join(', ')}`);
const summary = `tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`;
fs.writeFileSync(path.join(artifacts, 'summary.txt'), `${summary}\n`);
console.log(summary);
process.exit(failures.length > 0 || counts.failed > 0 ? 1 : 0);

function skipReasons(suites) {
  return suites.flatMap((suite) => [
    ...(suite.specs ?? []).flatMap((spec) =>
      spec.tests.flatMap((t) =>
        t.results
          .flatMap((r) => r.annotations ?? [])
          .filter((a) => a.type === 'skip')
          .map((a) => `${spec.title}: ${a.description}`),
      ),
    ),
    ...skipReasons(suite.suites ?? []),
  ]);
}

function readJson(name) {
  try {
    return JSON.parse(fs.readFileSync(path.join(artifacts, name), 'utf8'));
  } catch {
    return null;
  }
}
