import type { Command } from 'commander';
import { exportLines } from '../../../shared/intercept/intercept';
import { resolveDataDir } from '../../platform/data-dir';
import { createLogger } from '../../platform/logger';
import { KEYHOLE_VERSION } from '../../platform/version';
import type { CliContext } from '../cli-context';
import { collect, parsePort } from '../parse-options';
import { withApp } from '../open-services';

/** `keyhole intercept start` (until Ctrl+C, for programs started elsewhere) and `keyhole intercept ca`. */
export function registerIntercept(program: Command, context: CliContext): void {
  const intercept = program
    .command('intercept')
    .description("the intercepting proxy for the vendors' hosts, and Keyhole's CA (keyhole run --intercept does both for one command)");

  intercept
    .command('start')
    .description('run the intercepting proxy on 127.0.0.1 until Ctrl+C, and print the variables that point a terminal at it')
    .option('--connect-to <HOST1:PORT1:HOST2:PORT2>', "send connections for HOST1:PORT1 to HOST2:PORT2 (curl's meaning); repeatable", collect, [])
    .option('--upstream-ca <file>', 'also trust these PEM CAs for upstream certificates (a private gateway)')
    .option('--port <n>', 'port to listen on (default: a free port)', parsePort)
    .option('--json', 'print {"proxyUrl", "bundleFile", "hosts", "caFingerprint", "environment"} as one line')
    .action(async (options: { connectTo: string[]; upstreamCa?: string; port?: number; json?: boolean }) => {
      const logger = createLogger('keyhole');
      const { openApplication } = await import('../../composition/keyhole-services');
      const app = await openApplication({ dataDir: resolveDataDir(context.env), env: context.env, shell: 'cli', version: KEYHOLE_VERSION, logger });
      await app.startup();
      let running;
      try {
        ({ running } = await app.traffic.startIntercept({ connectTo: options.connectTo, upstreamCa: options.upstreamCa, port: options.port }));
      } catch (error) {
        await app.close();
        throw error;
      }
      context.print(
        options.json
          ? JSON.stringify(running)
          : `# Keyhole is intercepting ${running.hosts.join(', ')} on 127.0.0.1:${running.port} (CA ${running.caFingerprint}). Ctrl+C stops.\n` +
              `# Run these in the terminal your program starts from:\n${exportLines(running.environment)}`,
      );
      const stop = async () => {
        await app.traffic.stopIntercept();
        await app.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });

  intercept
    .command('ca')
    .description("Keyhole's interception CA: fingerprint, the hosts it may sign for, expiry (created on first use; its key stays in the keychain)")
    .option('--pem', 'print the public certificate, to trust by hand')
    .option('--json', 'print {"fingerprint", "hosts", "notAfter", "pem"}')
    .action(async (options: { pem?: boolean; json?: boolean }) => {
      const ca = await withApp(context, (app) => app.traffic.interceptCa(), 'read-only');
      if (options.pem) return context.print(ca.pem.trimEnd());
      context.print(
        options.json
          ? JSON.stringify(ca)
          : `fingerprint (SHA-256)  ${ca.fingerprint}\nmay sign for           ${ca.hosts.join(', ')}\nvalid until            ${ca.notAfter}`,
      );
    });
}
