// Main-process CPU while the Traffic screen is open and the recording proxy records 1,000 requests a
// second (issue 14): no screen, the old polling screen, and the event-driven screen, each serving the
// same 10 s at 1,000 requests a second (every one checked as recorded), rounds interleaved, medians. The host is its own process.
import { spawn } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';

const root = path.resolve(import.meta.dirname, '..');
const RATE = 1000;
const REQUESTS = Number(process.argv[2] ?? 10_000);
const ROUNDS = Number(process.argv[3] ?? 3);

function start(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['pipe', 'pipe', 'inherit'], cwd: root });
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) (waiting.shift() ?? ((l: string) => lines.push(l)))(line);
  });
  const next = () => (lines.length ? Promise.resolve(lines.shift()!) : new Promise<string>((resolve) => waiting.push(resolve)));
  return { child, next };
}

const upstream = start([path.join(root, 'bench/serve.ts'), 'bare']);
const { url: upstreamUrl } = JSON.parse(await upstream.next()) as { url: string };
const base = new URL(upstreamUrl).origin;
const results: Record<string, { cpu: number[]; elu: number[]; reads: number[] }> = {};
for (let round = 0; round < ROUNDS; round++) {
  for (const mode of ['closed', 'poll', 'events']) {
    const host = start([path.join(root, 'bench/traffic-host.ts'), mode, base]);
    const { url, headers } = JSON.parse(await host.next()) as { url: string; headers: Record<string, string> };
    await autocannon({ url, headers, connections: 10, amount: 500 }); // warm-up
    host.child.stdin.write('start\n');
    const started = performance.now();
    // A fixed rate for a fixed time (autocannon's amount does not combine with overallRate); the count is checked below.
    const run = await autocannon({ url, headers, connections: 10, duration: REQUESTS / RATE, overallRate: RATE });
    const seconds = (performance.now() - started) / 1000;
    host.child.stdin.write('stop\n');
    const report = JSON.parse(await host.next()) as { cpuMs: number; elu: number; reads: number; written: number };
    const served = 500 + run.requests.total;
    // Requests still in flight when the run stops are answered and recorded but not counted as served.
    if (report.written < served || report.written > served + 10 || run.non2xx + run.errors > 0)
      throw new Error(`${mode}: ${report.written} recorded of ${served} served, ${run.non2xx + run.errors} errors`);
    const entry = (results[mode] ??= { cpu: [], elu: [], reads: [] });
    entry.cpu.push(report.cpuMs / 10 / seconds); // percent of one core
    entry.elu.push(report.elu * 100);
    entry.reads.push(report.reads);
    host.child.kill();
  }
}
upstream.child.kill();
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const closed = median(results.closed!.cpu);
for (const [mode, r] of Object.entries(results)) {
  const cpu = median(r.cpu);
  console.log(
    `  ${mode.padEnd(7)} main process ${cpu.toFixed(0).padStart(3)}% of a core (${mode === 'closed' ? 'baseline' : `+${(cpu - closed).toFixed(0)} points for the screen`}), main thread busy ${median(r.elu).toFixed(0)}%, ${median(r.reads)} list reads`,
  );
}
