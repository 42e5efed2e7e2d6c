import path from 'node:path';
import { AppError } from '../../shared/ipc/result';
import type { KeyholeServices } from '../composition/keyhole-services';
import { findManifestsUnder, repointManifest, variablesReferencing } from './run-manifest';

export interface ManifestUse {
  file: string;
  variables: string[];
  repointed: boolean;
}

/**
 * The rotation's deploy step for local projects: the keyhole.json manifests under `dir` that point
 * at the old key, each added to the checklist as a target (`manifest FILE`); with `repoint`, their
 * references are renamed to the new key (never a secret in the file). The target ticks itself the
 * next time `keyhole run` resolves the new key from that manifest.
 */
export function rotationManifests(services: Pick<KeyholeServices, 'rotations' | 'vault'>, rotationId: string, dir: string, repoint: boolean): ManifestUse[] {
  const rotation = services.rotations.get(rotationId);
  const old = services.vault.get(rotation.credentialId);
  const fresh = rotation.newCredentialId ? services.vault.find(rotation.newCredentialId) : undefined;
  if (repoint && !fresh) throw new AppError('CONFLICT', `Rotation ${rotationId} has not minted the new key yet: mint first, then repoint.`);
  const uses = findManifestsUnder(dir)
    .map((file) => ({ file, variables: variablesReferencing(file, old) }))
    .filter((use) => use.variables.length > 0);
  return uses.map((use) => {
    const target = `manifest ${path.resolve(use.file)}`;
    if (rotation.step === 'deploy' && !services.rotations.get(rotationId).targets.some((t) => t.name === target)) services.rotations.addTarget(rotationId, target);
    if (repoint && fresh) repointManifest(use.file, use.variables, fresh.name);
    return { ...use, repointed: repoint };
  });
}
