// The history worker: one background thread that turns the proxy's captured exchanges into
// redacted, diagnosed records and writes each batch in one transaction with its own SQLite
// connection. It speaks history-worker-protocol.ts and answers every batch by its id.
import { lowerThisThread } from '../platform/background-thread';
import { parentPort, workerData } from 'node:worker_threads';
import type { ProviderProfile } from '../../shared/providers/provider-profile';
import type { Credential } from '../../shared/vault/credential';
import { CredentialRepository } from '../store/credential-repository';
import { HistoryRepository } from '../store/history-repository';
import { aesGcmSealer } from '../store/history-seal';
import { openDatabase } from '../store/open-database';
import { ExchangePipeline } from '../redaction/exchange-pipeline';
import { keyedFingerprint, rememberingFingerprint } from '../vault/fingerprint';
import { toHistoryRecord, type ProxyContext } from './captured-exchange';
import type { FromWorker, ToWorker, WorkerOptions } from './history-worker-protocol';

const options = workerData as WorkerOptions;
lowerThisThread();
const db = openDatabase(options.databaseFile, { nativeBinding: options.nativeBinding });
const port = parentPort!;
const history = new HistoryRepository(db, aesGcmSealer(Buffer.from(options.historyKey, 'base64')));
const credentials = new CredentialRepository(db);
const proxies = new Map<string, Omit<ProxyContext, 'identify'>>();
// One list of the registered proxies' profiles, rebuilt only when a proxy registers (not per exchange).
let profiles: ProviderProfile[] = [];
const pipeline = new ExchangePipeline(() => profiles, rememberingFingerprint(keyedFingerprint(Buffer.from(options.fingerprintKey, 'base64'))));

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
    history.insertMany(records);
    reply = { type: 'written', batch: message.batch };
  } catch (error) {
    reply = { type: 'failed', batch: message.batch, message: (error as Error).message };
  }
  port.postMessage(reply);
});
