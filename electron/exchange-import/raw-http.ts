import { parseHeaderLines } from '../../shared/exchange/header-lines';
import { AppError } from '../../shared/errors/app-error';
import type { PastedExchange } from './pasted-exchanges';

/**
 * A raw HTTP/1.1 request as copied from a log or a proxy, optionally followed by the response
 * (the first line starting with `HTTP/`). Header lines are `Name: value`; a blank line ends them.
 */
export function exchangeFromRawHttp(text: string): PastedExchange {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const responseAt = lines.findIndex((line, i) => i > 0 && /^HTTP\/\d(\.\d)? \d{3}/.test(line));
  const requestLines = responseAt === -1 ? lines : lines.slice(0, responseAt);
  const [requestLine = '', ...rest] = requestLines;
  const match = /^([A-Z]+) (\S+)(?: HTTP\/\d(?:\.\d)?)?$/.exec(requestLine.trim());
  if (!match) throw new AppError('INVALID_INPUT', `Line 1 is not a request line like "GET /v1/agents HTTP/1.1": "${requestLine.slice(0, 80)}".`);
  const request = parseMessage(rest, 2);
  const target = match[2]!;
  const host = Object.entries(request.headers).find(([k]) => k.toLowerCase() === 'host')?.[1];
  if (!/^https?:\/\//.test(target) && !host) throw new AppError('INVALID_INPUT', 'The request has a path but no Host header, so its URL is unknown.');
  const url = /^https?:\/\//.test(target) ? target : `https://${host}${target}`;

  const exchange: PastedExchange = { request: { method: match[1]!, url, headers: request.headers, body: request.body || null } };
  if (responseAt !== -1) {
    const status = Number(/^HTTP\/\S+ (\d{3})/.exec(lines[responseAt]!)![1]);
    const response = parseMessage(lines.slice(responseAt + 1), responseAt + 2);
    exchange.response = { status, headers: response.headers, body: response.body };
  }
  return exchange;
}

function parseMessage(lines: string[], firstLineNumber: number): { headers: Record<string, string>; body: string } {
  const end = lines.findIndex((line) => line.trim() === '');
  const headerLines = end === -1 ? lines : lines.slice(0, end);
  const parsed = parseHeaderLines(headerLines);
  if ('error' in parsed) throw new AppError('INVALID_INPUT', `From line ${firstLineNumber}: ${parsed.error}`);
  return {
    headers: parsed.headers,
    body:
      end === -1
        ? ''
        : lines
            .slice(end + 1)
            .join('\n')
            .trim(),
  };
}
