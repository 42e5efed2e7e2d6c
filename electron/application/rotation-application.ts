import type { KeyholeServices } from './services';
import { rotationManifests, type ManifestUse } from '../run/rotation-manifests';
import type { AppEvents } from './app-events';
import type { In, Out } from './types';

/** What this area uses of the services. */
export type RotationServices = Pick<KeyholeServices, 'rotations' | 'vault'>;

/** Guided rotation; every step that changes a rotation is announced, and so is the vault it touches. */
export function rotationApplication(services: RotationServices, events: AppEvents) {
  const { rotations } = services;
  const changed = async <T extends { id: string }>(work: T | Promise<T>): Promise<T> => {
    const rotation = await work;
    events.emit({ type: 'rotation:changed', id: rotation.id });
    events.emit({ type: 'vault:changed' });
    return rotation;
  };
  return {
    overview: (): Out<'rotation:list'> => ({
      rotations: rotations.list(),
      due: rotations.due().map((d) => ({
        credentialId: d.credential.id,
        credentialName: d.credential.name,
        environmentId: d.credential.environmentId,
        ageDays: d.ageDays,
        maxAgeDays: d.maxAgeDays,
      })),
    }),
    get: ({ id }: { id: string }) => rotations.get(id),
    start: (input: In<'rotation:start'>): Promise<Out<'rotation:start'>> => changed(rotations.start(input)),
    mint: ({ id, secret }: In<'rotation:mint'>): Promise<Out<'rotation:mint'>> => changed(rotations.mint(id, { secret })),
    addTarget: ({ id, target, note }: In<'rotation:add-target'>): Promise<Out<'rotation:add-target'>> => changed(rotations.addTarget(id, target, note)),
    deploy: ({ id, target, note }: In<'rotation:deploy'>): Promise<Out<'rotation:deploy'>> => changed(rotations.deploy(id, target, note)),
    evidence: ({ id, checkProvider }: In<'rotation:evidence'>): Promise<Out<'rotation:evidence'>> => rotations.evidence(id, { checkProvider }),
    verify: ({ id }: In<'rotation:verify'>): Promise<Out<'rotation:verify'>> => changed(rotations.verify(id)),
    revoke: ({ id, override, confirmed }: In<'rotation:revoke'>): Promise<Out<'rotation:revoke'>> => changed(rotations.revoke(id, { override, confirmed })),
    abort: ({ id, reason, revokeMyself }: In<'rotation:abort'>): Promise<Out<'rotation:abort'>> => changed(rotations.abort(id, reason, { revokeMyself })),
    policy: (): Out<'rotation:policy'> => Object.fromEntries(rotations.policy()),
    setPolicy: ({ environmentId, maxAgeDays }: In<'rotation:set-policy'>): Out<'rotation:set-policy'> => {
      rotations.setPolicy(environmentId, maxAgeDays);
      return Object.fromEntries(rotations.policy());
    },
    /** The keyhole.json manifests under `dir` that use the old key, as deploy targets; `repoint` renames their references. */
    manifests: ({ id, dir, repoint }: { id: string; dir: string; repoint: boolean }): ManifestUse[] => {
      const uses = rotationManifests(services, id, dir, repoint);
      events.emit({ type: 'rotation:changed', id });
      return uses;
    },
  };
}
export type RotationApplication = ReturnType<typeof rotationApplication>;
