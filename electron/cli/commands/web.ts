import type { Command } from 'commander';
import { resolveDataDir } from '../../platform/data-dir';
import { createLogger } from '../../platform/logger';
import { writeLaunchPage } from '../../platform/launch-page';
import { openBrowser } from '../../platform/open-browser';
import { rendererDir } from '../../platform/package-paths';
import { KEYHOLE_VERSION } from '../../platform/version';
import type { CliContext } from '../cli-context';
import { parsePort } from '../parse-options';

interface WebOptions {
  port?: number;
  open: boolean;
  json?: boolean;
  ephemeralSecrets?: boolean;
}

export function registerWeb(program: Command, context: CliContext): void {
  program
    .command('web')
    .description('serve Keyhole in your browser on 127.0.0.1 (same features as the desktop app)')
    .option('--port <n>', 'port to listen on (default: a free port)', parsePort)
    .option('--no-open', 'do not open a browser')
    .option('--json', 'print {"url", "token"} as one JSON line')
    .option('--ephemeral-secrets', 'keep secrets in memory only, for machines without a keychain')
    .action(async (options: WebOptions) => {
      const logger = createLogger('keyhole');
      const dataDir = resolveDataDir(context.env);
      const [{ openApplication }, { createDispatch }, { createHandlers }, { startWebHost }] = await Promise.all([
        import('../../composition/keyhole-services'),
        import('../../ipc/dispatch'),
        import('../../ipc/handlers'),
        import('../../web/web-host'),
      ]);
      const app = await openApplication({
        dataDir,
        shell: 'web',
        version: KEYHOLE_VERSION,
        logger,
        secretsMode: options.ephemeralSecrets ? 'memory' : 'keychain',
      });
      await app.startup();
      const dispatch = createDispatch(createHandlers(app), logger);
      const host = await startWebHost({ dispatch, events: app.events, rendererDir: rendererDir(), logger, port: options.port });

      context.print(options.json ? JSON.stringify({ url: host.launchUrl, token: host.token }) : `Keyhole is at ${host.launchUrl}`);
      // The opener's argv names a private file, never the launch code (launch-page.ts).
      const page = options.open ? writeLaunchPage(dataDir, host.launchUrl) : null;
      if (page && !(await openBrowser(page.url))) {
        page.remove();
        logger.info('no browser opener found; open the URL above yourself');
      }

      const stop = async () => {
        await host.close();
        await app.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
