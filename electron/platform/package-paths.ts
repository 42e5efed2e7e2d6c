import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository or installed package root, found from this file whether bundled or run by tsx. */
export function packageRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'keyhole') {
      return dir;
    }
    if (path.dirname(dir) === dir) throw new Error(`Cannot find Keyhole's package.json above ${from}`);
  }
}

export function rendererDir(root: string = packageRoot()): string {
  return path.join(root, 'out', 'renderer');
}
