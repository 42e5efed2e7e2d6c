import net from 'node:net';
import tls from 'node:tls';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startInterceptProxy, type InterceptProxy } from '../../electron/intercept/intercept-proxy';
import { KeyholeCa } from '../../electron/intercept/keyhole-ca';
import { MemorySecretStore } from '../../electron/keychain/memory-secret-store';
import type { CapturedExchange } from '../../electron/proxy/captured-exchange';
import { standInCertificates, startStandIn } from '../support/standin-tls';

const PASSWORD = 'run-password-for-this-test';
const AUTH = `Proxy-Authorization: Basic ${Buffer.from(`keyhole:${PASSWORD}`).toString('base64')}\r\n`;

/** Writes raw bytes to the proxy and collects what comes back until it closes (or `ms` pass). */
function raw(port: number, chunks: (string | Buffer)[], ms = 3000): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, closed: false });
    }, ms);
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closed: true });
    });
    socket.on('connect', () => {
      for (const chunk of chunks) socket.write(chunk);
    });
  });
}

/** A CONNECT to the vendor host with the password, then TLS inside it, trusting only Keyhole's CA. */
async function decryptedTunnel(port: number, caPem: string): Promise<tls.TLSSocket> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(`CONNECT api.call2me.app:443 HTTP/1.1\r\n${AUTH}\r\n`);
  await new Promise((resolve) => socket.once('data', resolve));
  const secure = tls.connect({ socket, servername: 'api.call2me.app', ca: caPem });
  await new Promise((resolve, reject) => secure.once('secureConnect', resolve).once('error', reject));
  return secure;
}

describe('the intercepting proxy under hostile input', () => {
  let proxy: InterceptProxy;
  let recorded: CapturedExchange[];
  let vendor: Awaited<ReturnType<typeof startStandIn>>;
  let caPem: string;

  beforeAll(async () => {
    const material = await standInCertificates(['api.call2me.app']);
    vendor = await startStandIn(material, 'sk_call2me_live_hostileTestKey01');
    const ca = await KeyholeCa.load(new MemorySecretStore(), ['api.call2me.app']);
    caPem = ca.info().pem;
    recorded = [];
    proxy = await startInterceptProxy({
      targets: [{ key: 'call2me/production', host: 'api.call2me.app', port: 443, basePath: '' }],
      contextFor: (host) => ca.contextFor(host),
      password: PASSWORD,
      connectTo: [{ host: 'api.call2me.app', port: 443, toHost: '127.0.0.1', toPort: vendor.port }],
      trusted: material.caPem,
      record: (captured) => recorded.push(captured),
      handshakeTimeoutMs: 500,
    });
    return async () => {
      await proxy.close();
      await vendor.close();
    };
  });
  afterEach(() => {
    // Nothing hostile is ever recorded.
    expect(recorded).toEqual([]);
  });

  it('refuses a CONNECT or a plain request without the proxy password, or with a wrong one', async () => {
    const none = await raw(proxy.port, ['CONNECT api.call2me.app:443 HTTP/1.1\r\nHost: api.call2me.app:443\r\n\r\n']);
    expect(none.text).toMatch(/^HTTP\/1\.1 407 /);
    expect(none.closed).toBe(true);
    const wrong = Buffer.from('keyhole:not-the-password').toString('base64');
    const bad = await raw(proxy.port, [`CONNECT api.call2me.app:443 HTTP/1.1\r\nProxy-Authorization: Basic ${wrong}\r\n\r\n`]);
    expect(bad.text).toMatch(/^HTTP\/1\.1 407 /);
    const plain = await raw(proxy.port, ['GET http://api.call2me.app/v1/agents HTTP/1.1\r\nHost: api.call2me.app\r\n\r\n']);
    expect(plain.text).toMatch(/^HTTP\/1\.1 407 /);
    expect(vendor.seen).toEqual([]);
  });

  it('answers a huge CONNECT line with an error and closes', async () => {
    const huge = await raw(proxy.port, [`CONNECT ${'a'.repeat(40_000)}.example:443 HTTP/1.1\r\n${AUTH}\r\n`]);
    expect(huge.text).toMatch(/^HTTP\/1\.1 (431|400) /);
    expect(huge.closed).toBe(true);
    const malformed = await raw(proxy.port, [`CONNECT not a target HTTP/1.1\r\n${AUTH}\r\n`]);
    expect(malformed.text).toMatch(/^HTTP\/1\.1 400 /);
  });

  it('closes a decrypted tunnel that gets garbage instead of TLS, or no handshake at all', async () => {
    const garbage = await raw(proxy.port, [
      `CONNECT api.call2me.app:443 HTTP/1.1\r\n${AUTH}\r\n`,
      Buffer.from('\x16\x03\x01\x00\x05hello, not TLS at all\r\n\r\n'),
    ]);
    expect(garbage.text).toMatch(/^HTTP\/1\.1 200 /);
    expect(garbage.closed).toBe(true);
    // Connects, is told 200, then says nothing: dropped after the handshake timeout (500 ms here).
    const silent = await raw(proxy.port, [`CONNECT api.call2me.app:443 HTTP/1.1\r\n${AUTH}\r\n`], 5000);
    expect(silent.closed).toBe(true);
  });

  it('tunnels garbage to a host it does not decrypt without reading it, and says 502 for one it cannot reach', async () => {
    const sink = net.createServer((socket) => socket.on('data', (chunk) => socket.end(`echo ${chunk.length}`)));
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    const { port } = sink.address() as net.AddressInfo;
    const tunnelled = await raw(proxy.port, [`CONNECT 127.0.0.1:${port} HTTP/1.1\r\n${AUTH}\r\n`, Buffer.from('\x16\x03garbage')]);
    expect(tunnelled.text).toMatch(/^HTTP\/1\.1 200 Connection Established\r\n\r\necho 9$/);
    sink.close();
    const unreachable = await raw(proxy.port, [`CONNECT nowhere.invalid:443 HTTP/1.1\r\n${AUTH}\r\n`], 15_000);
    expect(unreachable.text).toMatch(/^HTTP\/1\.1 502 /);
  });

  it('relays a WebSocket handshake to the vendor, records it (a refused one with its answer), then passes frames through unread', async () => {
    const tunnel = () => decryptedTunnel(proxy.port, caPem);
    const handshake = (key: string) =>
      `GET /v1/ws/llm/agent_1 HTTP/1.1\r\nHost: api.call2me.app\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer ${key}\r\n\r\n`;
    const readUntil = (socket: tls.TLSSocket, pattern: RegExp) =>
      new Promise<string>((resolve) => {
        let text = '';
        const onData = (chunk: Buffer) => {
          text += chunk.toString('latin1');
          if (pattern.test(text)) {
            socket.off('data', onData);
            resolve(text);
          }
        };
        socket.on('data', onData);
        socket.once('close', () => resolve(text));
      });

    const open = await tunnel();
    open.write(handshake('sk_call2me_live_hostileTestKey01'));
    expect(await readUntil(open, /\r\n\r\n/)).toMatch(/^HTTP\/1\.1 101 /);
    open.write('frame-bytes-after-the-upgrade');
    expect(await readUntil(open, /frame-bytes-after-the-upgrade/)).toContain('frame-bytes-after-the-upgrade');
    open.destroy();

    const refused = await tunnel();
    refused.write(handshake('sk_call2me_live_notTheRightKey0001'));
    expect(await readUntil(refused, /Invalid API key/)).toMatch(/^HTTP\/1\.1 401 /);
    refused.destroy();

    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(recorded.map((r) => `${r.source} ${r.method} ${r.path} ${r.status}`)).toEqual([
      'intercept GET /v1/ws/llm/agent_1 101',
      'intercept GET /v1/ws/llm/agent_1 401',
    ]);
    expect(Buffer.from(recorded[1]!.responseBody!).toString()).toBe('{"detail":"Invalid API key"}');
    expect(
      recorded.some((r) =>
        Buffer.from(r.responseBody ?? [])
          .toString()
          .includes('frame-bytes'),
      ),
    ).toBe(false);
    recorded.length = 0;
  });

  it('still serves a proper client afterwards, and records its exchange as intercepted', async () => {
    recorded.length = 0;
    const secure = await decryptedTunnel(proxy.port, caPem);
    secure.write('GET /v1/agents HTTP/1.1\r\nHost: api.call2me.app\r\nAuthorization: Bearer sk_call2me_live_hostileTestKey01\r\nConnection: close\r\n\r\n');
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      secure.on('data', (chunk) => (text += chunk.toString()));
      secure.on('close', () => resolve(text));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(recorded.map((r) => `${r.source} ${r.method} ${r.target} ${r.status}`)).toEqual(['intercept GET https://api.call2me.app/v1/agents 200']);
    recorded.length = 0;
  });
});
