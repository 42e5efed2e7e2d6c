import type { Channel, ChannelOutput, ParsedInput } from '../../shared/ipc/contract';
import type { KeyholeApplication } from '../application/keyhole-application';

export type Handlers = {
  [C in Channel]: (input: ParsedInput<C>) => Promise<ChannelOutput<C>> | ChannelOutput<C>;
};

/** Channel -> application call, nothing more: input arrives validated against the contract. */
export function createHandlers(app: KeyholeApplication): Handlers {
  const { workspace, vault, send, traffic, rotations, tools } = app;
  return {
    'app:status': () => workspace.status(),
    'secrets:use-memory': () => workspace.useMemorySecrets(),
    'settings:get': () => workspace.settings(),
    'settings:update': (patch) => workspace.updateSettings(patch),

    'providers:list': () => workspace.providers(),
    'providers:import': (input) => workspace.importProvider(input),
    'environments:add': (input) => workspace.addEnvironment(input),
    'environments:remove': (input) => workspace.removeEnvironment(input),
    'environments:set-url': (input) => workspace.setEnvironmentUrl(input),

    'vault:list': (filter) => vault.list(filter),
    'vault:show': (input) => vault.show(input),
    'vault:check': (input) => vault.check(input),
    'vault:add': (input) => vault.add(input),
    'vault:update': (input) => vault.update(input),
    'vault:remove': (input) => vault.remove(input),
    'vault:copy': (input) => vault.copy(input),
    'vault:test': (input) => send.testKey(input),
    'vault:health': () => vault.health(),
    'vault:remove-orphans': (input) => vault.removeOrphans(input),
    'vault:import-preview': (input) => vault.importPreview(input),
    'vault:import': (input) => vault.import(input),
    'origins:confirm': (input) => vault.confirmOrigin(input),

    'send:draft': (input) => send.draft(input),
    'send:preflight': (input) => send.preflight(input),
    'send:execute': (input) => send.execute(input),
    'session:login': (input) => send.login(input),
    'requests:list': (input) => send.savedRequests(input),
    'requests:save': (input) => send.saveRequest(input),
    'requests:remove': (input) => send.removeRequest(input),

    'traffic:list': (filter) => traffic.list(filter),
    'traffic:export': (filter) => traffic.export(filter),
    'traffic:import-har': (input) => traffic.importHar(input),
    'traffic:prune': (retention) => traffic.prune(retention),
    'traffic:advise': (input) => traffic.advise(input),
    'history:recent': (input) => traffic.recent(input),
    'history:get': (input) => traffic.get(input),
    'history:replay': (input) => traffic.replay(input),
    'history:bundle': (input) => traffic.bundle(input),
    'proxy:start': (input) => traffic.startProxy(input),
    'proxy:stop': (input) => traffic.stopProxy(input),
    'proxy:list': () => traffic.proxies(),
    'intercept:start': (input) => traffic.startIntercept(input),
    'intercept:stop': () => traffic.stopIntercept(),
    'intercept:status': () => traffic.intercept(),
    'intercept:ca': () => traffic.interceptCa(),

    'rotation:list': () => rotations.overview(),
    'rotation:policy': () => rotations.policy(),
    'rotation:set-policy': (input) => rotations.setPolicy(input),
    'rotation:start': (input) => rotations.start(input),
    'rotation:mint': (input) => rotations.mint(input),
    'rotation:add-target': (input) => rotations.addTarget(input),
    'rotation:deploy': (input) => rotations.deploy(input),
    'rotation:evidence': (input) => rotations.evidence(input),
    'rotation:verify': (input) => rotations.verify(input),
    'rotation:revoke': (input) => rotations.revoke(input),
    'rotation:abort': (input) => rotations.abort(input),

    'diagnose:paste': (input) => tools.diagnosePaste(input),
    'jwt:inspect': (input) => tools.inspectJwt(input),
    'jwt:mint': (input) => tools.mintJwt(input),

    'sandbox:status': () => workspace.sandboxStatus(),
    'sandbox:seed-demo': () => workspace.seedDemo(),
    'audit:list': (filter) => workspace.audit(filter),
    'audit:export': (input) => workspace.exportAudit(input),
  };
}
