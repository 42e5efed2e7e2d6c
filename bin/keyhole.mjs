#!/usr/bin/env node
// `keyhole`: runs the built CLI (out/main/cli.js, from `npm run build`, which `npm test` and `npm start`
// run too) as plain JavaScript. From a checkout whose sources are newer than that build, or with
// KEYHOLE_FROM_SOURCE=1, it compiles the TypeScript through tsx instead (and says so at a terminal):
// slower to start (about a second), never stale.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'out', 'main', 'cli.js');

function newestSource() {
  let newest = 0;
  for (const dir of ['electron', 'shared']) {
    const full = path.join(root, dir);
    if (!fs.existsSync(full)) continue;
    for (const entry of fs.readdirSync(full, { withFileTypes: true, recursive: true })) {
      if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

const fromSource = process.env.KEYHOLE_FROM_SOURCE === '1' || !fs.existsSync(built) || newestSource() > fs.statSync(built).mtimeMs;
if (fromSource) {
  // Said to a person at a terminal; a script reading stderr gets only the command's own words.
  if (process.env.KEYHOLE_FROM_SOURCE !== '1' && process.stderr.isTTY) {
    process.stderr.write(
      `keyhole: ${fs.existsSync(built) ? 'the sources are newer than the build' : 'no build yet'}; running from source (slower to start). \`npm run build\` fixes it.\n`,
    );
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(path.join(root, 'electron', 'cli', 'main.ts')).href);
} else {
  await import(pathToFileURL(built).href);
}
