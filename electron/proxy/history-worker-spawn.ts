import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { packageRoot } from '../platform/package-paths';
import type { WorkerOptions } from './history-worker-protocol';

/**
 * A history worker thread: the bundled `out/main/history-worker.js` in the app, and the TypeScript
 * source (through tsx, registered inside the worker) when Keyhole runs from source: the CLI, web
 * shell, tests.
 */
export function spawnHistoryWorker(workerData: WorkerOptions): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(path.join(packageRoot(), 'out', 'main', 'history-worker.js'), { workerData });
  const entry = new URL('./history-worker.ts', import.meta.url).href;
  const tsx = pathToFileURL(path.join(packageRoot(), 'node_modules', 'tsx', 'dist', 'esm', 'api', 'index.mjs')).href;
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, workerData });
}
