import type { Channel, ChannelOutput, ParsedInput } from '../../shared/ipc/contract';
import { AppError } from '../../shared/ipc/result';
import { replayRequest } from '../send/replay';
import { adviseCredential } from '../proxy/advise-credential';
import { applyRetention } from '../store/history-retention';
import { supportBundle } from '../../shared/exchange/support-bundle';
import { auditToCsv } from '../../shared/vault/audit';
import { diagnosePasted } from '../exchange-import/diagnose-pasted';
import { exchangeFromCurl, exchangesFromHar } from '../exchange-import/pasted-exchanges';
import { exchangeFromRawHttp } from '../exchange-import/raw-http';
import { inspectJwt, keyFromFile } from '../jwt/inspect-jwt';
import { mintJwt, parseClaims } from '../jwt/mint-jwt';
import { parseEnvFile } from '../vault/env-file';
import { lastFour } from '../vault/fingerprint';
import type { KeyholeServices } from '../composition/keyhole-services';

export type Handlers = {
  [C in Channel]: (input: ParsedInput<C>) => Promise<ChannelOutput<C>> | ChannelOutput<C>;
};

/** Channel -> service call. Input arrives already validated against the contract. */
export function createHandlers(services: KeyholeServices): Handlers {
  const status = (): ChannelOutput<'app:status'> => ({
    version: services.version,
    shell: services.shell,
    dataDir: services.dataDir,
    databaseFile: services.databaseFile,
    schemaVersion: services.db.pragma('user_version', { simple: true }) as number,
    keychain: services.keychain,
    secretsMode: services.secretsMode(),
  });

  return {
    'app:status': status,
    'secrets:use-memory': () => {
      if (services.keychain.state === 'available') {
        throw new AppError(
          'CONFLICT',
          'The OS keychain is available; in-memory secrets are only offered when it is not.',
        );
      }
      services.useMemorySecrets();
      return status();
    },
    'settings:get': () => services.settings.read(),
    'settings:update': (patch) => services.settings.update(patch),

    'providers:list': () => services.catalog.list(),
    'providers:import': ({ text, source }) => services.catalog.importProfile(text, source),
    'environments:add': ({ providerId, environment }) => services.catalog.addEnvironment(providerId, environment),
    'environments:set-url': ({ providerId, environmentId, baseUrl }) =>
      services.catalog.setEnvironmentUrl(providerId, environmentId, baseUrl),

    'vault:list': (filter) => services.vault.list(filter),
    'vault:show': ({ id }) => {
      const credential = services.vault.get(id);
      return { credential, warnings: services.vault.warningsFor(credential, undefined, credential.id) };
    },
    'vault:check': (input) => services.vault.check(input),
    'vault:add': (input) => services.vault.add(input),
    'vault:update': ({ id, edit }) => services.vault.update(id, edit),
    'vault:remove': ({ id }) => services.vault.remove(id),
    'vault:copy': ({ id }) => services.vault.copy(id),
    'vault:health': () => services.vault.reconcile(),
    'vault:remove-orphans': async ({ accounts }) => ({ removed: await services.vault.removeOrphans(accounts) }),
    'vault:import-preview': ({ text, providerId, environmentId, kind }) =>
      parseEnvFile(text, 'the pasted text', { allowInlineComments: true }).map((entry) => {
        const fields = { name: entry.name, providerId, environmentId, kind, scopes: [], boundId: null, notes: '', expiresAt: null };
        return {
          name: entry.name,
          line: entry.line,
          fingerprint: services.pipeline.fingerprint(entry.secret),
          last4: lastFour(entry.secret),
          cut: entry.cut,
          warnings: services.vault.warningsFor(fields, entry.secret, undefined),
        };
      }),
    'vault:import': ({ text, providerId, environmentId, kind, allowInlineComments }) =>
      services.vault.addMany(
        parseEnvFile(text, 'the pasted text', { allowInlineComments }).map((e) => ({ name: e.name, secret: e.secret, providerId, environmentId, kind })),
        'pasted .env lines',
      ),

    'origins:confirm': ({ credential, origin, code }) => {
      const found = services.vault.get(credential);
      services.origins.confirmWithCode(found, origin, code);
      return { origins: services.origins.origins(found) };
    },
    'send:preflight': (input) => services.send.preflight(input),
    'send:execute': (input) => services.send.send(input),

    'requests:list': ({ providerId }) => services.savedRequests.list(providerId),
    'requests:save': (input) => {
      services.catalog.get(input.providerId);
      if (input.credentialId) services.vault.get(input.credentialId);
      return services.savedRequests.save(input, new Date().toISOString());
    },
    'requests:remove': ({ id }) => ({ removed: services.savedRequests.remove(id) }),

    'traffic:list': (filter) => {
      const names = new Map(services.vault.list().map((c) => [c.id, c.name]));
      const credentialId = filter.credential ? services.vault.get(filter.credential).id : undefined;
      return services.send.history.query({ ...filter, credentialId }).map((e) => ({
        id: e.id,
        at: e.at,
        source: e.source,
        method: e.request.method,
        path: e.path,
        status: e.response?.status ?? null,
        fingerprint: e.fingerprint,
        credentialName: e.credentialId ? (names.get(e.credentialId) ?? null) : null,
        findingCodes: e.findings.map((f) => f.code),
      }));
    },
    'traffic:export': (filter) => {
      const credentialId = filter.credential ? services.vault.get(filter.credential).id : undefined;
      const entries = services.send.history.query({ ...filter, credentialId }).reverse().map((e) => services.pipeline.reredact(e));
      return { filename: `keyhole-traffic-${new Date().toISOString().slice(0, 10)}.har`, mediaType: 'application/json', content: supportBundle(entries, services.version) };
    },
    'traffic:prune': (retention) => applyRetention({ settings: services.settings, history: services.send.history }, retention, new Date()),
    'traffic:advise': ({ id }) => adviseCredential(services, id),
    'rotation:list': () => ({
      rotations: services.rotations.list(),
      due: services.rotations.due().map((d) => ({ credentialId: d.credential.id, credentialName: d.credential.name, environmentId: d.credential.environmentId, ageDays: d.ageDays, maxAgeDays: d.maxAgeDays })),
    }),
    'rotation:start': (input) => services.rotations.start(input),
    'rotation:mint': ({ id, secret }) => services.rotations.mint(id, { secret }),
    'rotation:add-target': ({ id, target }) => services.rotations.addTarget(id, target),
    'rotation:deploy': ({ id, target, note }) => services.rotations.deploy(id, target, note),
    'rotation:evidence': ({ id, checkProvider }) => services.rotations.evidence(id, { checkProvider }),
    'rotation:verify': ({ id }) => services.rotations.verify(id),
    'rotation:revoke': ({ id, override, confirmed }) => services.rotations.revoke(id, { override, confirmed }),
    'rotation:abort': ({ id, reason }) => services.rotations.abort(id, reason),
    'proxy:start': ({ providerId, environmentId, port }) => services.proxies.start(providerId, environmentId, port),
    'proxy:stop': async ({ providerId, environmentId }) => ({ stopped: await services.proxies.stop(providerId, environmentId) }),
    'proxy:list': () => ({ running: services.proxies.list(), recorder: services.proxies.recorder.stats() }),

    'history:recent': ({ limit }) =>
      services.send.history.query({ limit }).map((e) => ({
        id: e.id,
        at: e.at,
        source: e.source,
        method: e.request.method,
        url: e.request.url,
        status: e.response?.status ?? null,
        findingCodes: e.findings.map((f) => f.code),
      })),
    'history:get': ({ id }) => {
      const entry = services.send.history.get(id);
      if (!entry) throw new AppError('NOT_FOUND', `No history entry ${id}.`);
      return services.pipeline.reredact(entry);
    },
    'history:replay': ({ id, credential }) => {
      const entry = services.send.history.get(id);
      if (!entry) throw new AppError('NOT_FOUND', `No history entry ${id}.`);
      const signer = services.vault.get(credential);
      if (entry.providerId !== null && entry.providerId !== signer.providerId) {
        throw new AppError('INVALID_INPUT', `Exchange ${id} was recorded against ${entry.providerId}; ${signer.name} is a ${signer.providerId} key.`);
      }
      return services.send.send(replayRequest(entry, services.catalog.get(signer.providerId), signer.id));
    },
    'history:bundle': ({ ids }) => {
      const entries = ids.map((id) => {
        const entry = services.send.history.get(id);
        if (!entry) throw new AppError('NOT_FOUND', `No history entry ${id}.`);
        return services.pipeline.reredact(entry);
      });
      return { filename: `keyhole-support-${new Date().toISOString().slice(0, 10)}.har`, mediaType: 'application/json', content: supportBundle(entries, services.version) };
    },
    'diagnose:paste': ({ format, text, status, responseBody }) => {
      const exchanges = format === 'har' ? exchangesFromHar(text, 'the HAR file') : [format === 'curl' ? exchangeFromCurl(text) : exchangeFromRawHttp(text)];
      if (format === 'curl' && status !== undefined) exchanges[0]!.response = { status, headers: {}, body: responseBody };
      return diagnosePasted(exchanges, services.catalog.list(), new Date(), services.pipeline);
    },
    'jwt:inspect': ({ token, key }) =>
      inspectJwt(
        token.trim(),
        key.type === 'none' ? null : key.type === 'secret' ? { secret: key.value } : key.type === 'jwks-url' ? { jwksUrl: key.value } : keyFromFile(key.value, 'the key'),
      ),
    // The minted token goes straight into the vault: the page gets its metadata, never the token.
    'jwt:mint': async ({ signingCredential, claims, alg, expiresInSeconds, name }) => {
      const signer = services.vault.get(signingCredential);
      const token = await mintJwt(await services.vault.secretOf(signer), parseClaims(claims), alg, expiresInSeconds);
      return services.vault.add({
        name,
        providerId: signer.providerId,
        environmentId: signer.environmentId,
        kind: 'jwt',
        boundId: signer.boundId,
        notes: `Test JWT minted with ${signer.name} (${alg}).`,
        expiresAt: expiresInSeconds === null ? null : new Date(Date.now() + expiresInSeconds * 1000).toISOString(),
        secret: token,
      });
    },
    'session:login': (input) => services.sessions.login(input),

    'sandbox:status': async () => ({
      running: services.sandbox.running(),
      baseUrls: services.sandbox.running() ? (await services.sandbox.ensureStarted()).baseUrls : null,
    }),
    'sandbox:seed-demo': () => services.sandbox.seedDemo(),

    'audit:list': (filter) => services.audit.list(filter),
    'audit:export': ({ format, filter }) => {
      const entries = services.audit.list(filter);
      const stamp = new Date().toISOString().slice(0, 10);
      return format === 'csv'
        ? { filename: `keyhole-audit-${stamp}.csv`, mediaType: 'text/csv', content: auditToCsv(entries) }
        : { filename: `keyhole-audit-${stamp}.json`, mediaType: 'application/json', content: `${JSON.stringify(entries, null, 2)}\n` };
    },
  };
}
