// The history worker: two background threads in a pipeline, so recording can use two cores when
// there is idle CPU for it (while a proxy holds requests, say). The preparing thread, started by
// HistoryRecorder, turns captured exchanges into redacted, diagnosed records; its writer thread
// commits them in batches with its own SQLite connection. Both speak history-worker-protocol.ts and
// answer every batch in order, so the recorder matches replies to batches by position.
import { lowerThisThread } from '../platform/background-thread';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { ProviderProfile } from '../../shared/providers/provider-profile';
import type { Credential } from '../../shared/vault/credential';
import { CredentialRepository } from '../store/credential-repository';
import { HistoryRepository } from '../store/history-repository';
import { aesGcmSealer } from '../store/history-seal';
import { openDatabase } from '../store/open-database';
import { ExchangePipeline } from '../redaction/exchange-pipeline';
import { keyedFingerprint, rememberingFingerprint } from '../vault/fingerprint';
import { toHistoryRecord, type ProxyContext } from './captured-exchange';
import type { ToWorker, FromWorker, ToWriter, WorkerOptions, WorkerRole } from './history-worker-protocol';
import { spawnHistoryWorker } from './history-worker-spawn';

const options = workerData as WorkerOptions & WorkerRole;
lowerThisThread();
const db = openDatabase(options.databaseFile, { nativeBinding: options.nativeBinding });
if (options.role === 'write') write(parentPort!);
else prepare(parentPort!);

/** The writer: one transaction per batch, the records and the credentials' last use together. */
function write(port: MessagePort): void {
  const history = new HistoryRepository(db, aesGcmSealer(Buffer.from(options.historyKey, 'base64')));
  const credentials = new CredentialRepository(db);
  port.on('message', (message: ToWriter) => {
    if (message.type === 'close') {
      db.close();
      port.close();
      return;
    }
    if (message.type === 'failed') return port.postMessage(message satisfies FromWorker);
    let reply: FromWorker;
    try {
      const ids = history.insertMany(message.records, () => {
        for (const used of message.used) credentials.markUsed(used.credentialId, used.at);
      });
      reply = { type: 'written', count: message.records.length, ids: ids.slice(0, message.built) };
    } catch (error) {
      reply = { type: 'failed', count: message.records.length, message: (error as Error).message };
    }
    port.postMessage(reply);
  });
}

/** The preparer: identifies, diagnoses and redacts, hands the records to its writer and moves on. */
function prepare(port: MessagePort): void {
  const credentials = new CredentialRepository(db);
  const proxies = new Map<string, Omit<ProxyContext, 'identify'>>();
  // One list of the registered proxies' profiles, rebuilt only when a proxy registers (not per exchange).
  let profiles: ProviderProfile[] = [];
  const pipeline = new ExchangePipeline(() => profiles, rememberingFingerprint(keyedFingerprint(Buffer.from(options.fingerprintKey, 'base64'))));
  const writer = spawnHistoryWorker({ ...options, role: 'write' });
  let closing = false;
  // Replies come back through here, in order. A writer that dies takes this thread with it, so the
  // recorder counts what was in flight as dropped and starts a new pair.
  writer.on('message', (reply: FromWorker) => port.postMessage(reply));
  writer.on('exit', () => {
    if (!closing) process.exit(1);
  });

  port.on('message', (message: ToWorker) => {
    if (message.type === 'proxy') {
      proxies.set(message.key, { profile: message.profile, environment: message.environment });
      profiles = [...new Map([...proxies.values()].map((p) => [p.profile.id, p.profile])).values()];
      return;
    }
    if (message.type === 'close') {
      closing = true;
      writer.once('exit', () => {
        db.close();
        port.close();
      });
      writer.postMessage({ type: 'close' } satisfies ToWriter);
      return;
    }
    // Credentials are looked up once per fingerprint per batch: renames and revocations show up in
    // the next batch, and a busy proxy does not query SQLite once per request.
    const known = new Map<string, Credential | undefined>();
    const identify = (print: string) => {
      if (!known.has(print)) known.set(print, credentials.withFingerprint(print)[0]);
      return known.get(print);
    };
    let next: ToWriter;
    try {
      const records = message.exchanges.map((captured) => {
        const proxy = proxies.get(captured.proxy);
        if (!proxy) throw new Error(`no proxy registered as ${captured.proxy}`);
        return toHistoryRecord(captured, { ...proxy, identify }, pipeline);
      });
      next = {
        type: 'records',
        records: [...message.built.map((b) => b.record), ...records],
        used: message.built.flatMap((b) => (b.used ? [b.used] : [])),
        built: message.built.length,
      };
    } catch (error) {
      next = { type: 'failed', count: message.exchanges.length + message.built.length, message: (error as Error).message };
    }
    writer.postMessage(next);
  });
}
