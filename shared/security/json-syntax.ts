/**
 * Where a JSON text stopped parsing, in words, never what it said: V8's messages quote the start of
 * the text (all of it when short), and the text may be a secret, a body carrying one, or a HAR file.
 */
export function jsonSyntaxError(error: unknown): string {
  const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
  return position === undefined ? 'not valid JSON' : `not valid JSON (near character ${Number(position) + 1})`;
}
