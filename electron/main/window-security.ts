import { app, session, type WebContents } from 'electron';
import { contentSecurityPolicy } from '../../shared/security/content-security-policy';

/**
 * Threat model: the renderer shows data from the network (responses, pasted HAR files), so it is
 * treated as hostile. It runs sandboxed with context isolation, may not navigate, open windows,
 * attach webviews or obtain any permission, and only our own page's top frame may call IPC.
 */
export function hardenSessions(dev: boolean): void {
  const policy = contentSecurityPolicy({ dev });
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

/** True only for the main frame of our own window showing our own page. */
export function isTrustedSender(frame: Electron.WebFrameMain | null, contents: WebContents, pageUrl: string): boolean {
  if (!frame || frame !== contents.mainFrame) return false;
  const sender = new URL(frame.url);
  const page = new URL(pageUrl);
  // file: URLs have an opaque origin ("null"): compare the whole URL, not origin and path apart.
  if (page.protocol === 'file:') return sender.protocol === 'file:' && sender.href.split('#')[0] === page.href.split('#')[0];
  return sender.origin === page.origin && sender.pathname === page.pathname;
}
