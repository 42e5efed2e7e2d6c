import { count } from '../../../shared/text/words';
import type { Command } from 'commander';
import { resolveDataDir } from '../../platform/data-dir';
import { createLogger } from '../../platform/logger';
import { KEYHOLE_VERSION } from '../../platform/version';
import type { CliContext } from '../cli-context';
import { parsePort } from '../parse-options';
import { parseInput } from '../open-services';

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
      const input = parseInput('proxy:start', { providerId: options.provider, environmentId: options.env, port: options.port });
      const { openApplication } = await import('../../composition/keyhole-services');
      const app = await openApplication({ dataDir: resolveDataDir(context.env), shell: 'cli', version: KEYHOLE_VERSION, logger });
      await app.startup();
      const proxy = await app.traffic.startProxy(input);
      context.print(
        options.json
          ? JSON.stringify({ listen: proxy.listen, upstream: proxy.upstream })
          : `Recording proxy for ${options.provider}/${options.env}: point your service at ${proxy.listen} (forwards to ${proxy.upstream}). Ctrl+C stops.`,
      );
      const stop = async () => {
        await app.traffic.stopProxy(input);
        const { written, dropped, trimmed } = app.traffic.proxies().recorder;
        await app.close();
        logger.info(`recorded ${count(written, 'exchange')} (${trimmed} without bodies: recording was behind), dropped ${dropped}`);
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
