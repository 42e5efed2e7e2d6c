import { createKeyholeApi, type KeyholeApi } from '../../../shared/ipc/keyhole-api';
import { createWebTransport } from './web-transport';

declare global {
  interface Window {
    keyhole?: KeyholeApi;
  }
}

const TOKEN_KEY = 'keyhole.token';

/**
 * In Electron the preload has put the API on `window.keyhole`. In the web shell the token arrives in
 * the URL fragment; we keep it for this tab only and take it out of the address bar.
 */
export function connectApi(win: Window = window): KeyholeApi | null {
  if (win.keyhole) return win.keyhole;
  const fromFragment = new URLSearchParams(win.location.hash.slice(1)).get('token');
  if (fromFragment) {
    win.sessionStorage.setItem(TOKEN_KEY, fromFragment);
    win.history.replaceState(null, '', win.location.pathname + win.location.search);
  }
  const token = fromFragment ?? win.sessionStorage.getItem(TOKEN_KEY);
  return token ? createKeyholeApi(createWebTransport(token)) : null;
}
