import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/errors/app-error';
import type { RunningIntercept } from '../../shared/intercept/intercept';
import type { EnvironmentProfile, ProviderProfile } from '../../shared/providers/provider-profile';
import type { SecretStore } from '../keychain/secret-store';
import { packageRoot } from '../platform/package-paths';
import { LOOPBACK } from '../platform/loopback-server';
import { writePrivateFile } from '../platform/private-file';
import type { HistoryRecorder } from '../proxy/history-recorder';
import type { ProviderCatalog } from '../vault/provider-catalog';
import { parseConnectTo, type ConnectTo } from './connect-to';
import type { InterceptProxy, InterceptTarget } from './intercept-proxy';
import type { KeyholeCa } from './keyhole-ca';

export interface InterceptStart {
  /** curl's `--connect-to HOST1:PORT1:HOST2:PORT2`, as the user wrote them. */
  connectTo?: string[];
  /** A PEM file of CAs upstream certificates may also chain to (a private gateway's). */
  upstreamCa?: string;
  port?: number;
}

/** Loopback stays direct: local services are not what is inspected, and the proxy must not loop. */
const NO_PROXY = 'localhost,127.0.0.1,::1';

/**
 * The one intercepting proxy a process runs (the app's Traffic screen, or one `keyhole run --intercept`).
 * It decrypts the https hosts of every provider environment, records through the app's recorder, and
 * keeps Keyhole's CA in the keychain.
 */
export class InterceptHost {
  private running: { proxy: InterceptProxy; info: RunningIntercept; dir: string } | null = null;

  constructor(
    private readonly deps: {
      catalog: ProviderCatalog;
      recorder: HistoryRecorder;
      /** Where secrets are kept this session; null when nowhere (the keychain is unavailable). */
      secrets: () => SecretStore | null;
    },
  ) {}

  /** The environments whose hosts are decrypted: every https base URL with a host name. */
  targets(): (InterceptTarget & { profile: ProviderProfile; environment: EnvironmentProfile })[] {
    const targets: (InterceptTarget & { profile: ProviderProfile; environment: EnvironmentProfile })[] = [];
    for (const profile of this.deps.catalog.list()) {
      for (const environment of profile.environments) {
        if (!environment.baseUrl) continue;
        const url = new URL(environment.baseUrl);
        if (url.protocol !== 'https:' || net.isIP(url.hostname.replace(/^\[|\]$/g, '')) !== 0 || url.hostname === 'localhost') continue;
        targets.push({
          profile,
          environment,
          key: `${profile.id}/${environment.id}`,
          host: url.hostname.toLowerCase(),
          port: Number(url.port || 443),
          basePath: url.pathname.replace(/\/+$/, ''),
        });
      }
    }
    return targets;
  }

  /** The CA for today's hosts (created, or re-issued for new hosts, on the way). */
  async ca(targets = this.targets()): Promise<KeyholeCa> {
    const { KeyholeCa } = await import('./keyhole-ca');
    const hosts = [...new Set(targets.map((t) => t.host))];
    if (hosts.length === 0) throw new AppError('CONFLICT', 'There is nothing to intercept: no provider environment has an https base URL with a host name.');
    // Its key lives where secrets live: without a keychain there is no CA, rather than a key in a file.
    const unavailable = (why: string) =>
      new AppError(
        'KEYCHAIN_UNAVAILABLE',
        `Keyhole's interception CA is kept in the OS keychain, which ${why}. ` +
          'Intercept where the keychain works, or keep secrets in memory for this session (the CA then lasts as long as the session).',
      );
    const secrets = this.deps.secrets();
    if (!secrets) throw unavailable('is unavailable');
    try {
      return await KeyholeCa.load(secrets, hosts);
    } catch (error) {
      throw unavailable(`could not be used (${(error as Error).message})`);
    }
  }

  status(): RunningIntercept | null {
    return this.running?.info ?? null;
  }

  async start(options: InterceptStart = {}): Promise<RunningIntercept> {
    if (this.running) return this.running.info;
    const connectTo: ConnectTo[] = (options.connectTo ?? []).map((spec) => {
      try {
        return parseConnectTo(spec);
      } catch (error) {
        throw new AppError('INVALID_INPUT', (error as Error).message);
      }
    });
    // node:tls and the CA library load with interception, not with every command.
    const { readCertificates, systemCertificates } = await import('./system-trust');
    const system = systemCertificates();
    let trusted = system;
    if (options.upstreamCa) {
      try {
        trusted += `\n${readCertificates(options.upstreamCa)}`;
      } catch (error) {
        throw new AppError('INVALID_INPUT', (error as Error).message);
      }
    }
    const targets = this.targets();
    const ca = await this.ca(targets);
    for (const { key, profile, environment } of targets) this.deps.recorder.register(key, profile, environment);
    const password = randomBytes(18).toString('base64url');
    const { startInterceptProxy } = await import('./intercept-proxy');
    const recorder = this.deps.recorder;
    const proxy = await startInterceptProxy({
      targets,
      contextFor: (host) => ca.contextFor(host),
      password,
      connectTo,
      trusted,
      record: (captured) => recorder.record(captured),
      room: () => recorder.room(),
      trimming: () => recorder.trimming(),
      port: options.port,
    });
    // Public certificates only: a tool given SSL_CERT_FILE trusts that file alone, so the system's are in it too.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhole-intercept-'));
    const bundleFile = path.join(dir, 'ca-bundle.pem');
    const { pem, fingerprint, hosts } = ca.info();
    writePrivateFile(bundleFile, `${system.trimEnd()}\n# Keyhole interception CA (${fingerprint})\n${pem}`);
    const proxyUrl = `http://keyhole:${password}@${LOOPBACK}:${proxy.port}`;
    const info: RunningIntercept = {
      port: proxy.port,
      proxyUrl,
      bundleFile,
      hosts,
      caFingerprint: fingerprint,
      environment: interceptEnvironment(proxyUrl, bundleFile),
    };
    this.running = { proxy, info, dir };
    return info;
  }

  async stop(): Promise<boolean> {
    const running = this.running;
    if (!running) return false;
    this.running = null;
    await running.proxy.close();
    fs.rmSync(running.dir, { recursive: true, force: true });
    await this.deps.recorder.drained();
    return true;
  }
}

/**
 * What each common runtime reads, set over whatever the machine already has (a global
 * REQUESTS_CA_BUNDLE would otherwise win): curl, Python (requests, urllib), Go, git and OpenSSL-based
 * tools read the proxy and bundle variables; Node 20 reads only NODE_EXTRA_CA_CERTS, so a preload
 * (bin/intercept-preload.cjs) points its fetch and https at the proxy. Java is left alone: it cannot
 * send a proxy password from properties, so pointing it at the proxy would break its calls.
 */
export function interceptEnvironment(proxyUrl: string, bundleFile: string, existingNodeOptions = process.env.NODE_OPTIONS): Record<string, string> {
  const preload = path.join(packageRoot(), 'bin', 'intercept-preload.cjs');
  const env: Record<string, string> = {};
  for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) env[name] = proxyUrl;
  for (const name of ['NO_PROXY', 'no_proxy']) env[name] = NO_PROXY;
  for (const name of ['SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'NODE_EXTRA_CA_CERTS', 'GIT_SSL_CAINFO']) env[name] = bundleFile;
  env.NODE_OPTIONS = [`--require ${JSON.stringify(preload)}`, existingNodeOptions?.replace(/--require\s+"[^"]*intercept-preload\.cjs"/g, '').trim()]
    .filter(Boolean)
    .join(' ');
  return env;
}
