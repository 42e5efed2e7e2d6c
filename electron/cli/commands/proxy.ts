import type { Command } from 'commander';
import { createServices } from '../../composition/keyhole-services';
import { resolveDataDir } from '../../platform/data-dir';
import { createLogger } from '../../platform/logger';
import { KEYHOLE_VERSION } from '../../platform/version';
import type { CliContext } from '../cli-context';
import { parsePort } from '../parse-options';

export function registerProxy(program: Command, context: CliContext): void {
  program
    .command('proxy')
    .description('run a recording reverse proxy on 127.0.0.1 in front of a provider environment')
    .requiredOption('--provider <id>')
    .requiredOption('--env <id>')
    .option('--port <n>', 'port to listen on (default: a free port)', parsePort)
    .option('--json', 'print {"listen", "upstream"} as one line')
    .action(async (options: { provider: string; env: string; port?: number; json?: boolean }) => {
      const logger = createLogger('keyhole');
      const services = await createServices({ dataDir: resolveDataDir(context.env), shell: 'cli', version: KEYHOLE_VERSION, logger });
      const proxy = await services.proxies.start(options.provider, options.env, options.port);
      context.print(
        options.json
          ? JSON.stringify({ listen: proxy.listen, upstream: proxy.upstream })
          : `Recording proxy for ${options.provider}/${options.env}: point your service at ${proxy.listen} (forwards to ${proxy.upstream}). Ctrl+C stops.`,
      );
      const stop = async () => {
        await services.close();
        const { written, dropped } = services.proxies.recorder.stats();
        logger.info(`recorded ${written} exchanges, dropped ${dropped}`);
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
