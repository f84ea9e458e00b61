/**
 * The shell's security decisions as plain functions, so tests can check them
 * without an Electron window.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'recourse';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-src 'self' blob:",
  "object-src 'self' blob:",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** Only pages the app itself serves may talk to the API. */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Links the app may hand to the OS browser: the project's docs and nothing else. */
const EXTERNAL_ALLOW = [/^https:\/\/github\.com\/recourse-app\//, /^https:\/\/recourse-app\.github\.io\//];

export function isAllowedExternal(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && EXTERNAL_ALLOW.some((re) => re.test(u.href));
  } catch {
    return false;
  }
}

/** Map an app:// URL to a file inside the renderer folder, refusing anything that escapes it. */
export function resolveAppPath(url: string, rendererDir: string, sep = '/'): string | null {
  if (!isAppUrl(url)) return null;
  const u = new URL(url);
  let rel = decodeURIComponent(u.pathname).replace(/^\/+/, '');
  if (rel === '') rel = 'index.html';
  const parts: string[] = [];
  for (const p of rel.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') return null;
    parts.push(p);
  }
  return rendererDir.replace(/[\\/]+$/, '') + sep + parts.join(sep);
}

export const WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  spellcheck: false,
  navigateOnDragDrop: false,
  // Middle-click would open links in a new window (Electronegativity AUXCLICK_JS_CHECK).
  disableBlinkFeatures: 'Auxclick',
} as const;
