// The main process of `bench/traffic-live.ts`: Keyhole's services and application, a recording proxy
// in front of the given upstream, and a simulated Traffic screen:
//   closed  no screen open;
//   poll    the old screen: every second, whole rows re-read (SELECT *, JSON parsed) and shaped;
//   events  the new screen: one page, then the rows after the newest id on each traffic event.
// Prints {"url", "headers"} when ready; on "start" on stdin it resets its CPU counters, on "stop" it
// prints {"cpuMs", "elu", "reads"} (CPU of the whole process, worker included; ELU of the main thread).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';
import { createServices } from '../electron/composition/keyhole-services';
import { createApplication } from '../electron/application/keyhole-application';
import { silentLogger } from '../electron/platform/logger';

const [mode, upstream] = process.argv.slice(2) as ['closed' | 'poll' | 'events', string];
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhole-bench-live-'));
const services = await createServices({ dataDir, shell: 'cli', version: 'bench', logger: silentLogger, secretsMode: 'memory' });
const app = createApplication(services);
app.workspace.setEnvironmentUrl({ providerId: 'call2me', environmentId: 'staging', baseUrl: upstream });
const proxy = await app.traffic.startProxy({ providerId: 'call2me', environmentId: 'staging' });
let reads = 0;

if (mode === 'poll') {
  const names = () => new Map(app.vault.list({}).map((c) => [c.id, c.name]));
  setInterval(() => {
    const known = names();
    services.history.query({ limit: 5000 }).map((e) => ({
      id: e.id,
      at: e.at,
      method: e.request.method,
      path: e.path,
      status: e.response?.status ?? null,
      name: e.credentialId ? known.get(e.credentialId) : null,
      codes: e.findings.map((f) => f.code),
    }));
    reads++;
  }, 1000);
} else if (mode === 'events') {
  let rows = await app.traffic.list({ limit: 5000 });
  let newest = rows[0]?.id ?? 0;
  app.events.subscribe(async (event) => {
    if (event.type !== 'traffic:added' || event.latestId <= newest) return;
    const fresh = await app.traffic.list({ limit: 5000, afterId: newest });
    rows = [...fresh, ...rows].slice(0, 5000);
    newest = Math.max(newest, ...fresh.map((r) => r.id));
    reads++;
  });
}

console.log(JSON.stringify({ url: `${proxy.listen}/v1/agents`, headers: { Authorization: 'Bearer sk_call2me_test_benchbenchbench' } }));
let cpu = process.cpuUsage();
let elu = performance.eventLoopUtilization();
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'start') {
    cpu = process.cpuUsage();
    elu = performance.eventLoopUtilization();
    reads = 0;
  } else if (line === 'stop') {
    void services.proxies.recorder.drained().then(() => {
      const used = process.cpuUsage(cpu);
      console.log(
        JSON.stringify({
          cpuMs: (used.user + used.system) / 1000,
          elu: performance.eventLoopUtilization(elu).utilization,
          reads,
          written: services.proxies.recorder.stats().written,
        }),
      );
      void app.close().then(() => process.exit(0));
    });
  }
});
