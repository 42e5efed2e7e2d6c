import zlib from 'node:zlib';

/**
 * A body as text, the way its headers say it was sent: content-encoding (gzip, deflate, br) undone
 * and the charset (UTF-16 included) read, so redaction sees what the bytes mean rather than a
 * compressed or wide-character blob it cannot search. A body cut at the capture limit decompresses
 * as far as it goes; output is bounded (a "zip bomb" stops at MAX_DECODED bytes).
 */
const MAX_DECODED = 4 * 1024 * 1024;

export function decodeBody(bytes: Uint8Array, headers: Record<string, string>): string {
  const header = (name: string) => Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1] ?? '';
  let buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const codings = header('content-encoding')
    .toLowerCase()
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c && c !== 'identity')
    .reverse();
  for (const coding of codings) {
    const decoded = decompress(buffer, coding);
    if (decoded === null) break;
    buffer = decoded;
  }
  const charset = /charset\s*=\s*"?([\w-]+)/i.exec(header('content-type'))?.[1]?.toLowerCase() ?? '';
  if (charset === 'utf-16le' || charset === 'utf-16')
    return new TextDecoder(charset === 'utf-16' && buffer[0] === 0xfe ? 'utf-16be' : 'utf-16le').decode(buffer);
  if (charset === 'utf-16be') return new TextDecoder('utf-16be').decode(buffer);
  return buffer.toString('utf8');
}

function decompress(buffer: Buffer, coding: string): Buffer | null {
  const options = { maxOutputLength: MAX_DECODED, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  try {
    if (coding === 'gzip' || coding === 'x-gzip') return zlib.gunzipSync(buffer, options);
    if (coding === 'deflate') return zlib.inflateSync(buffer, options);
    if (coding === 'br') return zlib.brotliDecompressSync(buffer, { maxOutputLength: MAX_DECODED, finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
  } catch {
    return null;
  }
  return null;
}
