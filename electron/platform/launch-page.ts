import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { writePrivateFile } from './private-file';

/**
 * How the web shell's one-time launch code reaches the browser without appearing in any process's
 * argv (which every local user can read): the browser is opened on a file in the user's own data
 * directory, readable by the user only, which forwards to the URL with the code. Another user sees
 * the file's name in the opener's argv, not what it holds. It is removed once the code has expired.
 */
export function writeLaunchPage(dir: string, launchUrl: string, lifetimeMs = 60_000): { url: string; remove: () => void } {
  const file = path.join(dir, `launch-${randomBytes(8).toString('hex')}.html`);
  const href = launchUrl.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  writePrivateFile(
    file,
    `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${href}"><title>Keyhole</title><a href="${href}">Open Keyhole</a>\n`,
  );
  const remove = () => fs.rmSync(file, { force: true });
  setTimeout(remove, lifetimeMs).unref();
  return { url: pathToFileURL(file).href, remove };
}
