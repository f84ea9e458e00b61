/**
 * The window's and session's hardening as functions over the few Electron
 * members they touch, so tests can drive them with fakes: navigation and new
 * windows refused, links only to allowlisted https pages, no <webview>,
 * every permission refused, the CSP on every response, and the app://
 * protocol serving files from inside the renderer folder only.
 */
import { CSP, isAllowedExternal, isAppUrl, resolveAppPath } from './security.js';

interface PreventableEvent {
  preventDefault: () => void;
}

export interface HardenableContents {
  on(event: 'will-navigate' | 'will-redirect', fn: (e: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', fn: (e: PreventableEvent) => void): unknown;
  setWindowOpenHandler(fn: (d: { url: string }) => { action: 'deny' }): void;
}

/** Keep a window on app:// pages; hand allowlisted links to the OS browser; refuse everything else. */
export function hardenContents(wc: HardenableContents, openExternal: (url: string) => unknown): void {
  wc.on('will-navigate', (e, url) => {
    if (!isAppUrl(url)) e.preventDefault();
  });
  wc.on('will-redirect', (e, url) => {
    if (!isAppUrl(url)) e.preventDefault();
  });
  wc.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternal(url)) void openExternal(url);
    return { action: 'deny' };
  });
  wc.on('will-attach-webview', (e) => e.preventDefault());
}

export interface HardenableSession {
  setPermissionRequestHandler(fn: (wc: unknown, permission: string, cb: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(fn: (...args: unknown[]) => boolean): void;
  webRequest: {
    onHeadersReceived(fn: (d: { responseHeaders?: Record<string, string[] | string> }, cb: (r: { responseHeaders: Record<string, string[] | string> }) => void) => void): void;
  };
}

/** Refuse every permission (camera, notifications, geolocation…) and put the CSP on every response. */
export function hardenSession(ses: HardenableSession): void {
  ses.setPermissionRequestHandler((_wc, _permission, cb) => cb(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((d, cb) => cb({ responseHeaders: { ...d.responseHeaders, 'Content-Security-Policy': [CSP] } }));
}

/**
 * The app:// handler: a file inside the renderer folder, with the CSP and nosniff; 404 for anything else.
 * `fetchFile` reads a file URL (Electron's net.fetch); `exists` checks a path.
 */
export function appProtocolHandler(rendererDir: string, sep: string, exists: (p: string) => boolean, fetchFile: (path: string) => Promise<Response>) {
  return async (req: { url: string }): Promise<Response> => {
    const file = resolveAppPath(req.url, rendererDir, sep);
    if (!file || !file.startsWith(rendererDir + sep) || !exists(file)) return new Response('Not found', { status: 404 });
    const res = await fetchFile(file);
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', CSP);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(res.body, { status: res.status, headers });
  };
}
