/**
 * The Electron shell: one hardened window on the app:// protocol, the native
 * menu and dialogs, and IPC that forwards to the typed API. Nothing else.
 */
import { app, BrowserWindow, protocol, safeStorage, session as electronSession, net, shell } from 'electron';
import { existsSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Session } from '../src/api/session.js';
import { dispatch } from '../src/api/dispatch.js';
import { setNativeBinding } from '../src/store/db.js';
import { setWorkerNativeBinding } from '../src/jobs/runner.js';
import { registerIpc } from './ipc.js';
import { buildMenu } from './menu.js';
import { APP_HOST, APP_SCHEME, isAppUrl } from './security.js';
import { appProtocolHandler, hardenContents, hardenSession } from './harden.js';
import { Keychain } from './keychain.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const rendererDir = join(root, 'dist', 'renderer');

// The driver (better-sqlite3-multiple-ciphers) built for Electron's ABI lives apart from the Node build (see scripts/start.mjs).
const electronBinding = process.env.RECOURSE_NATIVE_BINDING ?? join(root, '.native', `electron-${process.versions.electron}-mc`, 'better_sqlite3.node');
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
    // Written out (not spread) so Electronegativity can check it; test/main/security.test.ts keeps it equal to WEB_PREFERENCES.
    webPreferences: {
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
      disableBlinkFeatures: 'Auxclick',
      preload: join(root, 'dist-electron', 'preload.cjs'),
    },
  });
  win.once('ready-to-show', () => win.show());
  hardenContents(win.webContents, (url) => shell.openExternal(url));
  void win.loadURL(`${APP_SCHEME}://${APP_HOST}/index.html`);
  buildMenu(session, win);
  return win;
}

void app.whenReady().then(async () => {
  session = new Session('electron', app.getPath('userData'));
  // Remembered passphrases of encrypted cases, in the OS keychain.
  session.passphrases = new Keychain(join(app.getPath('userData'), 'passphrases.json'), safeStorage);
  hardenSession(electronSession.defaultSession);
  protocol.handle(APP_SCHEME, appProtocolHandler(rendererDir, sep, existsSync, (file) => net.fetch(pathToFileURL(file).href)));
  registerIpc(session);
  const last = session.recent.find((p) => existsSync(p));
  const opened = last ? await dispatch(session, 'case.open', { path: last }) : await dispatch(session, 'case.openDemo', {});
  if (!opened.ok) {
    await dispatch(session, 'case.openDemo', {});
    // Open elsewhere, damaged, or protected: the window offers read-only, a restore, or asks for the passphrase.
    if (last) session.openProblem = { path: last, error: opened.error };
  }
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
