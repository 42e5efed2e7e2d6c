import type { Command } from 'commander';
import type { DatabaseFileReport } from '../../application/machine';
import type { CliContext } from '../cli-context';

export function registerDoctor(program: Command, context: CliContext): void {
  program
    .command('doctor')
    .description('check the keychain, data directory, database and Electron runtime')
    .option('--json', 'print one JSON object')
    .action(async (options: { json?: boolean }) => {
      const { doctorReport } = await import('../../application/machine');
      const report = await doctorReport(context.env);
      const { keychain, dataDir, database, electron } = report;
      if (options.json) return context.print(JSON.stringify(report, null, 2));

      context.print(
        [
          `keychain:  ${keychain.state === 'available' ? `available (${keychain.backend})` : `unavailable: ${keychain.reason}`}`,
          `data dir:  ${dataDir}`,
          `database:  ${describeDatabase(database)}`,
          `electron:  ${electron.present ? `${electron.version} at ${electron.executable}` : `not available: ${electron.reason}`}`,
          `node:      ${process.version}`,
        ].join('\n'),
      );
    });
}

function describeDatabase(report: DatabaseFileReport): string {
  switch (report.state) {
    case 'missing':
      return `${report.file} (not created yet)`;
    case 'ok':
      return `${report.file} (schema version ${report.schemaVersion} of ${report.latestVersion})`;
    case 'error':
      return `${report.file}: ${report.error}`;
  }
}
