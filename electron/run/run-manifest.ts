import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError, describeZodError } from '../../shared/errors/app-error';
import { jsonSyntaxError } from '../../shared/security/json-syntax';

/**
 * `keyhole.json`: environment variables as references, never values, so the file is safe to commit.
 *   {"env": {"CALL2ME_API_KEY": "vault:call2me/staging/svc-main", "CALL2ME_BASE_URL": "baseurl:call2me/staging"}}
 * `vault:PROVIDER/ENV/NAME` is a credential's secret, `baseurl:PROVIDER/ENV` an environment's base URL;
 * the environment may be left out (`vault:call2me/svc-main`) and taken from `--env`. Other strings
 * are passed through as they are, unless they are shaped like a secret: a manifest holds references,
 * so such a value is refused (RunService) unless it is written `plain:VALUE`, the variable's opt-in.
 */
export type Reference =
  | { type: 'vault'; providerId: string; environmentId: string | null; name: string }
  | { type: 'baseurl'; providerId: string; environmentId: string | null }
  /** `secretShaped`: what to do with a value shaped like a secret: refuse it (a manifest's), or allow it (opted in, or a .env file's). */
  | { type: 'plain'; value: string; secretShaped: 'refuse' | 'allow' };

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const Manifest = z.object({ env: z.record(z.string().regex(VARIABLE, 'a variable name is letters, digits and _'), z.string().max(4096)) }).strict();

export const MANIFEST_FILE = 'keyhole.json';

/**
 * The manifest in `dir` or its nearest parent that has one. Found this way (not named with
 * --manifest) it must be the user's own and writable by no one else: a keyhole.json that another
 * local user planted in a shared parent (/tmp) would otherwise choose which vault keys go to the
 * command and what it runs with.
 */
export function findManifest(dir: string): string | null {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const candidate = path.join(current, MANIFEST_FILE);
    if (fs.existsSync(candidate)) {
      const problem = notOwnManifest(candidate);
      if (problem) throw new AppError('FORBIDDEN', `${candidate} ${problem}, so Keyhole does not use it. If you trust it, name it with --manifest.`);
      return candidate;
    }
    if (path.dirname(current) === current) return null;
  }
}

function notOwnManifest(file: string): string | null {
  if (process.platform === 'win32' || !process.getuid) return null;
  const stat = fs.statSync(file);
  if (stat.uid !== process.getuid()) return 'belongs to another user';
  if ((stat.mode & 0o022) !== 0) return 'can be changed by other users';
  return null;
}

/**
 * Variables that load code into the command (a preload, a library, an agent): a plain value for one
 * would let whoever wrote the manifest run code with the command's keys. They may only come from the
 * vault, where the user put them.
 */
const LOADER_VARIABLES = new Set([
  'NODE_OPTIONS',
  'NODE_PATH',
  'LD_PRELOAD',
  'LD_LIBRARY_PATH',
  'LD_AUDIT',
  'DYLD_INSERT_LIBRARIES',
  'DYLD_LIBRARY_PATH',
  'DYLD_FRAMEWORK_PATH',
  'PYTHONSTARTUP',
  'PYTHONPATH',
  'PYTHONHOME',
  'PERL5OPT',
  'PERL5LIB',
  'RUBYOPT',
  'RUBYLIB',
  'JAVA_TOOL_OPTIONS',
  '_JAVA_OPTIONS',
  'JDK_JAVA_OPTIONS',
  'BASH_ENV',
  'ENV',
  'PROMPT_COMMAND',
  'GIT_SSH_COMMAND',
  'GIT_EXEC_PATH',
  'PATH',
]);

function refuseLoaderValue(name: string, ref: Reference, where: string): Reference {
  if (ref.type === 'plain' && LOADER_VARIABLES.has(name.toUpperCase())) {
    throw new AppError(
      'FORBIDDEN',
      `${where}: ${name} loads code into the command, so a manifest may not set it to a plain value. Set it in your shell instead.`,
    );
  }
  return ref;
}

export function readManifest(file: string): Map<string, Reference> {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code) throw new AppError('NOT_FOUND', `Cannot read ${file} (${(error as NodeJS.ErrnoException).code}).`);
    throw new AppError('INVALID_INPUT', `${file} is ${jsonSyntaxError(error)}.`);
  }
  const parsed = Manifest.safeParse(raw);
  if (!parsed.success) throw new AppError('INVALID_INPUT', describeZodError(parsed.error, `${file} is not a Keyhole manifest`));
  return new Map(
    Object.entries(parsed.data.env).map(([name, value]) => {
      const optedIn = value.startsWith('plain:');
      const ref = optedIn
        ? ({ type: 'plain', value: value.slice('plain:'.length), secretShaped: 'allow' } as const)
        : parseReference(value, `${file}: ${name}`);
      return [name, refuseLoaderValue(name, ref, file)];
    }),
  );
}

/** `.env` lines whose values may be `keyhole://vault/P/E/NAME` or `keyhole://baseurl/P/E` references. */
export function readEnvFileReferences(file: string): Map<string, Reference> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new AppError('NOT_FOUND', `Cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}).`);
  }
  const refs = new Map<string, Reference>();
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '' || line.trim().startsWith('#')) return;
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) throw new AppError('INVALID_INPUT', `${file} line ${index + 1} is not NAME=value.`);
    const value = match[2]!.trim().replace(/^(['"])(.*)\1$/, '$2');
    const keyhole = /^keyhole:\/\/(vault|baseurl)\/(.+)$/.exec(value);
    const where = `${file} line ${index + 1}`;
    refs.set(
      match[1]!,
      refuseLoaderValue(match[1]!, keyhole ? parseReference(`${keyhole[1]}:${keyhole[2]}`, where) : { type: 'plain', value, secretShaped: 'allow' }, where),
    );
  });
  return refs;
}

function parseReference(value: string, where: string): Reference {
  const vault = /^vault:([a-z0-9][a-z0-9_-]*)\/(?:([a-z0-9][a-z0-9_-]*)\/)?([^/]+)$/.exec(value);
  if (vault) return { type: 'vault', providerId: vault[1]!, environmentId: vault[2] ?? null, name: vault[3]! };
  const base = /^baseurl:([a-z0-9][a-z0-9_-]*)(?:\/([a-z0-9][a-z0-9_-]*))?$/.exec(value);
  if (base) return { type: 'baseurl', providerId: base[1]!, environmentId: base[2] ?? null };
  if (/^(vault|baseurl):/.test(value)) throw new AppError('INVALID_INPUT', `${where}: "${value}" is not vault:PROVIDER/ENV/NAME or baseurl:PROVIDER/ENV.`);
  return { type: 'plain', value, secretShaped: 'refuse' };
}

export function describeReference(ref: Reference): string {
  if (ref.type === 'plain') return '(plain value)';
  const env = ref.environmentId ?? '<--env>';
  return ref.type === 'vault' ? `vault:${ref.providerId}/${env}/${ref.name}` : `baseurl:${ref.providerId}/${env}`;
}

const SKIP = new Set(['node_modules', '.git', 'out', 'dist', 'build', '.venv']);

/** Every keyhole.json under `root` (a few levels down, skipping dependency and build folders). */
export function findManifestsUnder(root: string, depth = 6): string[] {
  const found: string[] = [];
  const walk = (dir: string, level: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.isFile() && entry.name === MANIFEST_FILE) found.push(path.join(dir, entry.name));
      else if (entry.isDirectory() && level < depth && !SKIP.has(entry.name) && !entry.name.startsWith('.')) walk(path.join(dir, entry.name), level + 1);
    }
  };
  walk(path.resolve(root), 0);
  return found.sort();
}

/** The variables of a manifest whose `vault:` reference names `credential` (by provider, environment if given, and name). */
export function variablesReferencing(file: string, credential: { providerId: string; environmentId: string; name: string }): string[] {
  let references: Map<string, Reference>;
  try {
    references = readManifest(file);
  } catch {
    return [];
  }
  return [...references]
    .filter(
      ([, ref]) =>
        ref.type === 'vault' &&
        ref.providerId === credential.providerId &&
        (ref.environmentId ?? credential.environmentId) === credential.environmentId &&
        ref.name.toLowerCase() === credential.name.toLowerCase(),
    )
    .map(([name]) => name);
}

/**
 * Points those variables at another credential of the same provider and environment: only the
 * reference's name changes (the file never gets a secret), and the rest of the file is kept.
 */
export function repointManifest(file: string, variables: readonly string[], newName: string): void {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { env: Record<string, string> };
  for (const variable of variables) raw.env[variable] = raw.env[variable]!.replace(/[^/]+$/, newName);
  fs.writeFileSync(file, `${JSON.stringify(raw, null, 2)}\n`);
}
