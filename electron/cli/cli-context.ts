/** What commands need from the process, passed in so tests can run the CLI in-process. */
export interface CliContext {
  env: NodeJS.ProcessEnv;
  /** A command's output (stdout). */
  print(text: string): void;
  /** Errors and notes (stderr): stdout may be the command's own or JSON a script parses. */
  printError(text: string): void;
  /** Standard input, where secrets are read from. */
  stdin?: NodeJS.ReadableStream;
  /** Set by a command whose exit code is not 0 or 1 by error (`keyhole run` passes its command's on). */
  exitCode?: number;
}
