import { spawn } from 'node:child_process';

/** Where "copy" puts a secret. Electron's clipboard in the desktop app, an OS command elsewhere. */
export interface Clipboard {
  write(text: string): Promise<void>;
  read(): Promise<string | null>;
}

interface Tool {
  write: [string, string[]];
  read: [string, string[]];
}

const TOOLS: Record<string, Tool[]> = {
  darwin: [{ write: ['pbcopy', []], read: ['pbpaste', []] }],
  win32: [{ write: ['clip', []], read: ['powershell', ['-NoProfile', '-Command', 'Get-Clipboard']] }],
  linux: [
    { write: ['wl-copy', []], read: ['wl-paste', ['--no-newline']] },
    { write: ['xclip', ['-selection', 'clipboard']], read: ['xclip', ['-selection', 'clipboard', '-o']] },
    { write: ['xsel', ['--clipboard', '--input']], read: ['xsel', ['--clipboard', '--output']] },
  ],
};

/** The first clipboard command that works here, or null (headless machines have none). */
export async function systemClipboard(platform: NodeJS.Platform = process.platform): Promise<Clipboard | null> {
  for (const tool of TOOLS[platform] ?? []) {
    if ((await run(tool.read[0], tool.read[1])) !== null) {
      return {
        write: async (text) => {
          if ((await run(tool.write[0], tool.write[1], text)) === null) throw new Error(`${tool.write[0]} failed`);
        },
        read: () => run(tool.read[0], tool.read[1]),
      };
    }
  }
  return null;
}

function run(command: string, args: string[], input?: string): Promise<string | null> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', () => resolve(null));
    child.once('close', (code) => resolve(code === 0 ? out : null));
    child.stdin.end(input ?? '');
  });
}
