// The history worker: turns captured exchanges into redacted, diagnosed history rows and writes them
// in batches, on its own thread with its own SQLite connection, so the proxy's event loop only
// forwards bytes. Started by HistoryRecorder; speaks the messages in history-worker-protocol.ts.
import { lowerThisThread } from '../platform/background-thread';
import { parentPort, workerData } from 'node:worker_threads';
import type { ProviderProfile } from '../../shared/providers/provider-profile';
import type { Credential } from '../../shared/vault/credential';
import { CredentialRepository } from '../store/credential-repository';
import { HistoryRepository } from '../store/history-repository';
import { openDatabase } from '../store/open-database';
import { ExchangePipeline } from '../redaction/exchange-pipeline';
import { keyedFingerprint, rememberingFingerprint } from '../vault/fingerprint';
import { toHistoryRecord, type ProxyContext } from './captured-exchange';
import type { ToWorker, FromWorker, WorkerOptions } from './history-worker-protocol';

const options = workerData as WorkerOptions;
lowerThisThread();
const db = openDatabase(options.databaseFile, { nativeBinding: options.nativeBinding });
const history = new HistoryRepository(db);
const credentials = new CredentialRepository(db);
const proxies = new Map<string, Omit<ProxyContext, 'identify'>>();
// One list of the registered proxies' profiles, rebuilt only when a proxy registers (not per exchange).
let profiles: ProviderProfile[] = [];
const pipeline = new ExchangePipeline(() => profiles, rememberingFingerprint(keyedFingerprint(Buffer.from(options.fingerprintKey, 'base64'))));
const port = parentPort!;

port.on('message', (message: ToWorker) => {
  if (message.type === 'proxy') {
    proxies.set(message.key, { profile: message.profile, environment: message.environment });
    profiles = [...new Map([...proxies.values()].map((p) => [p.profile.id, p.profile])).values()];
    return;
  }
  if (message.type === 'close') {
    db.close();
    port.close();
    return;
  }
  // Credentials are looked up once per fingerprint per batch: renames and revocations show up in
  // the next batch, and a busy proxy does not query SQLite once per request.
  const known = new Map<string, Credential | undefined>();
  const identify = (print: string) => {
    if (!known.has(print)) known.set(print, credentials.withFingerprint(print)[0]);
    return known.get(print);
  };
  let reply: FromWorker;
  try {
    const records = message.exchanges.map((captured) => {
      const proxy = proxies.get(captured.proxy);
      if (!proxy) throw new Error(`no proxy registered as ${captured.proxy}`);
      return toHistoryRecord(captured, { ...proxy, identify }, pipeline);
    });
    const ids = history.insertMany([...message.built.map((b) => b.record), ...records], () => {
      for (const { used } of message.built) if (used) credentials.markUsed(used.credentialId, used.at);
    });
    reply = { type: 'written', count: records.length + message.built.length, ids: ids.slice(0, message.built.length) };
  } catch (error) {
    reply = { type: 'failed', count: message.exchanges.length + message.built.length, message: (error as Error).message };
  }
  port.postMessage(reply);
});
