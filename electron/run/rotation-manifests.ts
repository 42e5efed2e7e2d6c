import path from 'node:path';
import { AppError } from '../../shared/errors/app-error';
import { newKeyOf } from '../../shared/rotation/rotation';
import type { RotationService } from '../rotation/rotation-service';
import type { VaultService } from '../vault/vault-service';
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
export function rotationManifests(
  services: { rotations: RotationService; vault: VaultService },
  rotationId: string,
  dir: string,
  repoint: boolean,
): ManifestUse[] {
  const rotation = services.rotations.get(rotationId);
  const old = services.vault.get(rotation.credentialId);
  const newKey = newKeyOf(rotation);
  const fresh = newKey ? services.vault.find(newKey) : undefined;
  if (repoint && !fresh) throw new AppError('CONFLICT', `Rotation ${rotationId} has not minted the new key yet: mint first, then repoint.`);
  const uses = findManifestsUnder(dir)
    .map((file) => ({ file, variables: variablesReferencing(file, old) }))
    .filter((use) => use.variables.length > 0);
  let current = rotation;
  return uses.map((use) => {
    const target = `manifest ${path.resolve(use.file)}`;
    if ((current.step === 'deploy' || current.step === 'verify') && !current.targets.some((t) => t.name === target))
      current = services.rotations.addTarget(rotationId, target);
    if (repoint && fresh) repointManifest(use.file, use.variables, fresh.name);
    return { ...use, repointed: repoint };
  });
}
