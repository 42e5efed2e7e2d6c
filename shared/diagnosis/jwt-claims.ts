/** Decodes a JWT's header and claims without verifying it (pure; works in Node and browsers). */
export function decodeJwtParts(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    return {
      header: JSON.parse(base64UrlDecode(parts[0]!)) as Record<string, unknown>,
      payload: JSON.parse(base64UrlDecode(parts[1]!)) as Record<string, unknown>,
    };
  } catch {
    return null;
  }
}

function base64UrlDecode(part: string): string {
  const base64 = part
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(part.length / 4) * 4, '=');
  const binary = atob(base64);
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}
