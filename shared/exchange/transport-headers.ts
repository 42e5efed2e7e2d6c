/** Headers set again by the HTTP client, or meaningless on another connection: never carried into a new request. */
export const TRANSPORT_HEADERS: ReadonlySet<string> = new Set([
  'host',
  'content-length',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'upgrade',
  'accept-encoding',
  'proxy-authorization',
]);
