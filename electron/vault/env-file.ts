import { parse } from 'dotenv';
import { AppError } from '../../shared/errors/app-error';

export interface EnvEntry {
  name: string;
  secret: string;
  line: number;
  /** Set when the value a .env reader keeps is shorter than what the line holds after `=`. */
  cut: { kept: number; written: number } | null;
}

export interface EnvParseOptions {
  /** Accept unquoted values that a `#` cuts short (the user saw both and chose the cut one). */
  allowInlineComments?: boolean;
}

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=/;

/**
 * `NAME=secret` lines, as in a .env file (parsed by dotenv). Lines that are not assignments, comments
 * or blank are refused with their number, and so are empty values, so nothing is half-imported.
 */
export function parseEnvFile(text: string, source: string, options: EnvParseOptions = {}): EnvEntry[] {
  const lines = text.split(/\r?\n/);
  const lineOf = new Map<string, number>();
  const written = new Map<string, string>();
  lines.forEach((raw, index) => {
    if (raw.trim() === '' || raw.trim().startsWith('#')) return;
    const match = ASSIGNMENT.exec(raw);
    if (!match) throw new AppError('INVALID_INPUT', `${source} line ${index + 1} is not NAME=value.`);
    if (lineOf.has(match[1]!)) throw new AppError('INVALID_INPUT', `${source} line ${index + 1} repeats ${match[1]}.`);
    lineOf.set(match[1]!, index + 1);
    written.set(match[1]!, raw.slice(match[0].length).trim());
  });
  const values = parse(text);
  const entries = [...lineOf].map(([name, line]) => {
    const secret = (values[name] ?? '').trim();
    const raw = written.get(name)!;
    const quoted = /^["'`]/.test(raw);
    return { name, secret, line, cut: !quoted && raw !== secret ? { kept: secret.length, written: raw.length } : null };
  });
  for (const entry of entries) {
    // dotenv ends an unquoted value at " #": a key containing one would be stored cut short. Never
    // quote the value itself here: the message says where and how much, not what.
    if (entry.cut && !options.allowInlineComments) {
      throw new AppError(
        'INVALID_INPUT',
        `${source} line ${entry.line}: the value of ${entry.name} is not quoted and contains "#"; a .env reader keeps only its first ${entry.cut.kept} of ${entry.cut.written} characters. Quote the value, or confirm that the rest is a comment.`,
      );
    }
    if (!entry.secret) throw new AppError('INVALID_INPUT', `${source} line ${entry.line}: ${entry.name} has no value.`);
    if (/[\r\n]/.test(entry.secret)) throw new AppError('INVALID_INPUT', `${source} line ${entry.line}: multi-line values are not keys.`);
  }
  if (entries.length === 0) throw new AppError('INVALID_INPUT', `${source} has no NAME=value lines.`);
  return entries;
}
