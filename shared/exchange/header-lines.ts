/** `Name: value` lines (the composer, curl's -H, pasted HTTP) into a record, or the first bad line. */
export function parseHeaderLines(lines: readonly string[]): { headers: Record<string, string> } | { error: string } {
  const headers: Record<string, string> = {};
  for (const [index, line] of lines.entries()) {
    if (!line.trim()) continue;
    const at = line.indexOf(':');
    if (at <= 0) return { error: `Header line ${index + 1} is not "Name: value": "${line.slice(0, 80)}".` };
    headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return { headers };
}
