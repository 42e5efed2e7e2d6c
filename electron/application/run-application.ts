import type { KeyholeServices } from './services';
import { findManifest, readEnvFileReferences, readManifest, type Reference } from '../run/run-manifest';
import { RunService, type ResolvedVariable, type RunOptions } from '../run/run-service';

/** What this area uses of the services. */
export type RunServices = Pick<KeyholeServices, 'vault' | 'catalog' | 'baseUrl' | 'proxies' | 'intercept' | 'rotations' | 'audit' | 'history' | 'pipeline'>;

/** `keyhole run`: references in a keyhole.json or .env resolved in memory into a command's environment. */
export function runApplication(services: RunServices) {
  const runner = new RunService(services);
  return {
    /** The manifest given, or the nearest keyhole.json from `cwd` up; an .env file's references win. */
    references({ manifest, envFile, cwd, optional = false }: { manifest?: string; envFile?: string; cwd: string; optional?: boolean }): {
      references: Map<string, Reference>;
      source: string;
    } {
      const found = manifest ?? (envFile ? null : findManifest(cwd));
      // Interception alone needs no keys: a command can be inspected without a manifest.
      if (!found && !envFile && optional) return { references: new Map(), source: 'no manifest' };
      if (!found && !envFile) throw new Error('no keyhole.json here or in a parent directory: pass --manifest FILE or --env-file FILE');
      const references = new Map<string, Reference>();
      if (found) for (const [name, ref] of readManifest(found)) references.set(name, ref);
      if (envFile) for (const [name, ref] of readEnvFileReferences(envFile)) references.set(name, ref);
      return { references, source: [found, envFile].filter(Boolean).join(' + ') };
    },
    resolve: (references: Map<string, Reference>, environment: string | undefined): Promise<ResolvedVariable[]> => runner.resolve(references, environment),
    run: (variables: ResolvedVariable[], command: string, args: string[], options: RunOptions) => runner.run(variables, command, args, options),
  };
}
export type RunApplication = ReturnType<typeof runApplication>;
