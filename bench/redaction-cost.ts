// What the exchange pipeline (diagnose, then structural redaction and the echo search) costs per
// exchange on the proxy's worker, against a baseline in the same run: parsing and re-serialising the
// same bodies, the least any structural walk must do. Medians of interleaved rounds, after a warm-up.
import { createHmac } from 'node:crypto';
import { builtinProviders } from '../shared/providers/builtin-providers';
import { processExchange, type RawExchange } from '../shared/redaction/redact-exchange';
import { SecretShapes } from '../shared/redaction/secret-shapes';

const iterations = Number(process.argv[2] ?? 5000);
const proxyPeak = Number(process.argv[3] ?? 0);
const call2me = builtinProviders.find((p) => p.id === 'call2me')!;
const rules = { shapes: new SecretShapes(builtinProviders), fingerprint: (s: string) => createHmac('sha256', 'bench').update(s).digest('hex').slice(0, 12) };
const secret = 'sk_call2me_live_benchSecret0123456789';

function exchange(bodyBytes: number): RawExchange {
  const items = Array.from({ length: Math.max(1, Math.floor(bodyBytes / 120)) }, (_, i) => ({
    id: `agent_${i}`,
    name: `Front desk ${i}`,
    voice: 'alloy',
    created_at: '2026-12-01T10:00:00Z',
  }));
  return {
    method: 'POST',
    url: 'https://api.call2me.app/v1/agents?page=2',
    headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json', 'User-Agent': 'bench/1.0', Accept: '*/*' },
    body: JSON.stringify({ name: 'Front desk', prompt: 'x'.repeat(Math.min(bodyBytes, 200)) }),
    response: {
      status: 201,
      headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'req_abc123' },
      body: JSON.stringify({ data: items }),
      truncated: false,
    },
    error: null,
  };
}

function sample(run: () => unknown): number[] {
  for (let i = 0; i < 500; i++) run();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  return times.sort((a, b) => a - b);
}
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

console.log(`bench: the exchange pipeline (diagnose + redact) per exchange vs parse-and-serialise of the same bodies, ${iterations} exchanges x 3 rounds`);
for (const size of [500, 16 * 1024]) {
  const raw = exchange(size);
  const context = { profile: call2me, path: '/v1/agents', now: new Date(), known: [{ value: secret, label: 'bench · 0123456789ab' }] };
  const pipeline: number[] = [];
  const baseline: number[] = [];
  for (let round = 0; round < 3; round++) {
    pipeline.push(...sample(() => processExchange(raw, context, rules)));
    baseline.push(...sample(() => [JSON.stringify(JSON.parse(raw.body!)), JSON.stringify(JSON.parse(raw.response!.body)), JSON.stringify(raw.headers)]));
  }
  pipeline.sort((a, b) => a - b);
  baseline.sort((a, b) => a - b);
  const p50 = pct(pipeline, 50);
  const rate = 1e6 / p50;
  console.log(
    `  ${String(raw.response!.body.length).padStart(6)} B response: pipeline p50 ${p50.toFixed(1)} µs, p99 ${pct(pipeline, 99).toFixed(1)} µs; parse+serialise p50 ${pct(baseline, 50).toFixed(1)} µs` +
      ` (${(p50 / pct(baseline, 50)).toFixed(1)}x); ${Math.round(rate).toLocaleString('en')} exchanges/s on one core${proxyPeak ? ` (${(rate / proxyPeak).toFixed(1)}x the proxy's measured peak)` : ''}`,
  );
}
