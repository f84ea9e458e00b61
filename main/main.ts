/**
 * The Electron shell: one hardened window on the app:// protocol, the native
 * menu and dialogs, and IPC that forwards to the typed API. Nothing else.
 */
import { app, BrowserWindow, protocol, session as electronSession, net, shell } from 'electron';
import { existsSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Session } from '../src/api/session.js';
import { dispatch } from '../src/api/dispatch.js';
import { setNativeBinding } from '../src/store/db.js';
import { setWorkerNativeBinding } from '../src/jobs/runner.js';
import { registerIpc } from './ipc.js';
import { buildMenu } from './menu.js';
import { APP_HOST, APP_SCHEME, CSP, WEB_PREFERENCES, isAllowedExternal, isAppUrl, resolveAppPath } from './security.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const rendererDir = join(root, 'dist', 'renderer');

// better-sqlite3 built for Electron's ABI lives apart from the Node build (see scripts/start.mjs).
const electronBinding = process.env.RECOURSE_NATIVE_BINDING ?? join(root, '.native', `electron-${process.versions.electron}`, 'better_sqlite3.node');
if (existsSync(electronBinding)) {
  setNativeBinding(electronBinding);
  setWorkerNativeBinding(electronBinding);
}

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();

let session: Session;

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    title: 'Recourse',
    show: false,
    webPreferences: { ...WEB_PREFERENCES, preload: join(root, 'dist-electron', 'preload.cjs') },
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.on('will-navigate', (e, url) => {
    if (!isAppUrl(url)) e.preventDefault();
  });
  win.webContents.on('will-redirect', (e, url) => {
    if (!isAppUrl(url)) e.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternal(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-attach-webview', (e) => e.preventDefault());
  void win.loadURL(`${APP_SCHEME}://${APP_HOST}/index.html`);
  buildMenu(session, win);
  return win;
}

void app.whenReady().then(async () => {
  session = new Session('electron', app.getPath('userData'));
  const ses = electronSession.defaultSession;
  ses.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, cb) => cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } }));
  protocol.handle(APP_SCHEME, async (req) => {
    const file = resolveAppPath(req.url, rendererDir, sep);
    if (!file || !file.startsWith(rendererDir + sep) || !existsSync(file)) return new Response('Not found', { status: 404 });
    const res = await net.fetch(pathToFileURL(file).href);
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', CSP);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(res.body, { status: res.status, headers });
  });
  registerIpc(session);
  const last = session.recent.find((p) => existsSync(p));
  const opened = last ? await dispatch(session, 'case.open', { path: last }) : await dispatch(session, 'case.openDemo', {});
  if (!opened.ok) await dispatch(session, 'case.openDemo', {});
  createWindow();
  app.on('activate', () => BrowserWindow.getAllWindows().length === 0 && createWindow());
});

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-navigate', (e, url) => {
    if (!isAppUrl(url)) e.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

app.on('window-all-closed', () => {
  session?.close();
  if (process.platform !== 'darwin') app.quit();
});
