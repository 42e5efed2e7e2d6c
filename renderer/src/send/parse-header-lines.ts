/** `Name: value` per line into a record; returns the first bad line instead when there is one. */
export function parseHeaderLines(text: string): { headers: Record<string, string> } | { error: string } {
  const headers: Record<string, string> = {};
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    if (!line.trim()) continue;
    const at = line.indexOf(':');
    if (at <= 0) return { error: `Header line ${index + 1} is not "Name: value".` };
    headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return { headers };
}
