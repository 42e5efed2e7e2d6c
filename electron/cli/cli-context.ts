/** What commands need from the process, passed in so tests can run the CLI in-process. */
export interface CliContext {
  env: NodeJS.ProcessEnv;
  print(text: string): void;
  /** Standard input, where secrets are read from. */
  stdin?: NodeJS.ReadableStream;
}
