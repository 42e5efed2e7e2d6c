import fs from 'node:fs';

/** Writes an export readable by its owner only (0600), narrowing a file that already existed. */
export function writePrivateFile(file: string, content: string): void {
  fs.writeFileSync(file, content, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}
