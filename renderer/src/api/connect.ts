import { createKeyholeApi, type KeyholeApi } from '../../../shared/ipc/keyhole-api';
import { createWebEvents, createWebTransport } from './web-transport';

declare global {
  interface Window {
    keyhole?: KeyholeApi;
  }
}

const TOKEN_KEY = 'keyhole.token';

/**
 * In Electron the preload has put the API on `window.keyhole`. In the web shell the page arrives with
 * a one-time launch code in the URL fragment (or, from `keyhole web --json`, the token itself); the
 * code is traded for the token once, the token kept for this tab only, and the fragment taken out of
 * the address bar.
 */
export function connectApi(win: Window = window): KeyholeApi | null {
  if (win.keyhole) return win.keyhole;
  const fragment = new URLSearchParams(win.location.hash.slice(1));
  const code = fragment.get('code');
  const fromFragment = fragment.get('token');
  if (code || fromFragment) win.history.replaceState(null, '', win.location.pathname + win.location.search);
  if (fromFragment) win.sessionStorage.setItem(TOKEN_KEY, fromFragment);
  if (code) {
    const token = exchangeLaunchCode(code).then((value) => {
      win.sessionStorage.setItem(TOKEN_KEY, value);
      return value;
    });
    // Handled by every call through the transport; this only keeps an early failure from being "unhandled".
    token.catch(() => undefined);
    return createKeyholeApi(createWebTransport(token), createWebEvents(token));
  }
  const token = fromFragment ?? win.sessionStorage.getItem(TOKEN_KEY);
  return token ? createKeyholeApi(createWebTransport(token), createWebEvents(token)) : null;
}

async function exchangeLaunchCode(code: string): Promise<string> {
  const response = await fetch('/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code }) });
  const body = (await response.json().catch(() => ({}))) as { token?: string; error?: string };
  if (!response.ok || !body.token) throw new Error(body.error ?? 'The launch link could not be used: run `keyhole web` again.');
  return body.token;
}
