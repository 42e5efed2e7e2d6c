/**
 * The page's Content-Security-Policy, identical in Electron and the web shell: only our own bundled
 * scripts and styles, RPC only to our own origin, no frames, no plugins, no form posts elsewhere.
 * `dev` admits Vite's hot-reload client (its inline preamble and styles, and its websocket); it is
 * never used for a built app.
 */
export function contentSecurityPolicy(options: { dev?: boolean } = {}): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'none'"],
    'script-src': options.dev ? ["'self'", "'unsafe-inline'"] : ["'self'"],
    'style-src': options.dev ? ["'self'", "'unsafe-inline'"] : ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': options.dev ? ["'self'", 'ws:'] : ["'self'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
    'object-src': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}
