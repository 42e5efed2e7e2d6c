import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach } from 'vitest';
import { createServices } from '../../electron/composition/keyhole-services';
import { silentLogger } from '../../electron/platform/logger';
import { createDispatch } from '../../electron/ipc/dispatch';
import { createHandlers } from '../../electron/ipc/handlers';
import { createApplication } from '../../electron/application/keyhole-application';
import { startWebHost, type WebHost } from '../../electron/web/web-host';
import { testKeychainService } from './keychain';
import { tempDir } from './temp-dir';

/** A real web host over real services in a temp data directory, closed after the test. */
export async function startTestWebHost(): Promise<WebHost & { dataDir: string }> {
  const dataDir = tempDir();
  const rendererDir = path.join(tempDir(), 'renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Keyhole</title>');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log("app")');
  const services = await createServices({
    dataDir,
    shell: 'web',
    version: '0.0.0-test',
    logger: silentLogger,
    keychainService: testKeychainService(),
  });
  const app = createApplication(services);
  await app.startup();
  const host = await startWebHost({
    dispatch: createDispatch(createHandlers(app), silentLogger),
    events: app.events,
    rendererDir,
    logger: silentLogger,
  });
  afterEach(async () => {
    await host.close();
    await services.close();
  });
  return Object.assign(host, { dataDir });
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** http.request rather than fetch: fetch may not set Host or Origin, and these tests must. */
export function rawRequest(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
