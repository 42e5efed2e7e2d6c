import { runCli } from './keyhole-cli';

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  print: (text) => process.stdout.write(`${text}\n`),
  printError: (text) => process.stderr.write(`${text}\n`),
});
// Long-running commands (web) keep the event loop alive themselves; the rest end here.
if (code !== 0) process.exit(code);
