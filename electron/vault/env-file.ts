import { parse } from 'dotenv';
import { AppError } from '../../shared/ipc/result';

export interface EnvEntry {
  name: string;
  secret: string;
  line: number;
}

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=/;

/**
 * `NAME=secret` lines, as in a .env file (parsed by dotenv). Lines that are not assignments, comments
 * or blank are refused with their number, and so are empty values, so nothing is half-imported.
 */
export function parseEnvFile(text: string, source: string): EnvEntry[] {
  const lines = text.split(/\r?\n/);
  const lineOf = new Map<string, number>();
  lines.forEach((raw, index) => {
    if (raw.trim() === '' || raw.trim().startsWith('#')) return;
    const match = ASSIGNMENT.exec(raw);
    if (!match) throw new AppError('INVALID_INPUT', `${source} line ${index + 1} is not NAME=value.`);
    if (lineOf.has(match[1]!)) throw new AppError('INVALID_INPUT', `${source} line ${index + 1} repeats ${match[1]}.`);
    lineOf.set(match[1]!, index + 1);
  });
  const values = parse(text);
  const entries = [...lineOf].map(([name, line]) => ({ name, secret: (values[name] ?? '').trim(), line }));
  for (const entry of entries) {
    if (!entry.secret) throw new AppError('INVALID_INPUT', `${source} line ${entry.line}: ${entry.name} has no value.`);
    if (/[\r\n]/.test(entry.secret)) throw new AppError('INVALID_INPUT', `${source} line ${entry.line}: multi-line values are not keys.`);
  }
  if (entries.length === 0) throw new AppError('INVALID_INPUT', `${source} has no NAME=value lines.`);
  return entries;
}
