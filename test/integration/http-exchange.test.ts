import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { httpExchange } from '../../electron/send/http-exchange';

const servers: http.Server[] = [];
async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

describe('httpExchange', () => {
  it('never follows a redirect, so credentials never reach the other host', async () => {
    const seenByOther: string[] = [];
    const other = await serve((req, res) => {
      seenByOther.push(String(req.headers.authorization));
      res.end('stolen');
    });
    const api = await serve((_req, res) => res.writeHead(302, { Location: `${other}/collect` }).end());
    const { response } = await httpExchange({
      method: 'GET',
      url: `${api}/v1/agents`,
      headers: { Authorization: 'Bearer sk_call2me_test_secret' },
      body: null,
    });
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe(`${other}/collect`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seenByOther).toEqual([]);
  });

  it('reports timings and sizes, and a clear error when nothing listens', async () => {
    const api = await serve((req, res) => req.pipe(res));
    const { response, timings } = await httpExchange({ method: 'POST', url: `${api}/echo`, headers: {}, body: 'hello' });
    expect(response.body).toBe('hello');
    expect(timings).toMatchObject({ requestBytes: 5, responseBytes: 5 });
    expect(timings.connectMs).not.toBeNull();
    expect(timings.firstByteMs!).toBeLessThanOrEqual(timings.totalMs);
    const closed = await serve(() => {});
    servers.pop()!.close();
    await expect(httpExchange({ method: 'GET', url: `${closed}/x`, headers: {}, body: null })).rejects.toThrow(
      /GET http:\/\/127\.0\.0\.1:\d+\/x failed: .*ECONNREFUSED/,
    );
    await expect(httpExchange({ method: 'GET', url: 'ftp://example.com/x', headers: {}, body: null })).rejects.toThrow(/Only http and https/);
  });
});
