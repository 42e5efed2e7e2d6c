// Child process for the rotation crash tests: runs a rotation of "svc" up to the given point and is
// SIGKILLed there. Run with KEYHOLE_HOME and KEYHOLE_TEST_KEYCHAIN_SERVICE; argv[2] is the point.
import { newKeyOf } from '../../shared/rotation/rotation';
import { createServices } from '../../electron/composition/keyhole-services';
import { silentLogger } from '../../electron/platform/logger';
import { RotationRepository } from '../../electron/store/rotation-repository';

type Point = 'mint-before-keychain' | 'mint-after-keychain' | 'mint-before-event' | 'deploy' | 'revoke-before-keychain-delete';
const point = process.argv[2] as Point;
const die = (): Promise<never> => {
  process.stdout.write(`dying at ${point}\n`);
  process.kill(process.pid, 'SIGKILL');
  return new Promise(() => {});
};

const services = await createServices({
  dataDir: process.env.KEYHOLE_HOME!,
  keychainService: process.env.KEYHOLE_TEST_KEYCHAIN_SERVICE!,
  shell: 'cli',
  version: 'crash-test',
  logger: silentLogger,
});
const store = services.secrets();
const set = store.set.bind(store);
const remove = store.delete.bind(store);
const append = RotationRepository.prototype.append;
if (point === 'mint-before-keychain') store.set = () => die();
if (point === 'mint-after-keychain') store.set = (account, secret) => set(account, secret).then(die);
if (point === 'mint-before-event' || point === 'deploy') {
  const fatal = point === 'deploy' ? 'deployed' : 'minted';
  RotationRepository.prototype.append = function (rotation, event) {
    if (event.type === fatal) void die();
    return append.call(this, rotation, event);
  };
}
if (point === 'revoke-before-keychain-delete') store.delete = (account) => (account.endsWith(':refresh') ? remove(account) : die());

const { id } = services.rotations.start({ credential: 'svc', name: 'svc-next', quietMinutes: 0 });
process.stdout.write(`rotation ${id}\n`);
const minted = await services.rotations.mint(id);
services.rotations.deploy(id, 'api-server');
await services.send.send({ credential: newKeyOf(minted)!, method: 'GET', path: '/v1/agents', headers: {}, body: null });
await services.rotations.verify(id);
await services.rotations.revoke(id);
process.stdout.write('finished (the crash did not happen)\n');
