/**
 * IPC: one named channel per API call ("api:<name>"), answered only for the
 * app's own frames; every payload is validated by dispatch against the
 * contract's strict schema before a handler runs.
 */
import { ipcMain, dialog, BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { API_NAMES } from '../src/api/contract/index.js';
import { dispatch } from '../src/api/dispatch.js';
import type { Session } from '../src/api/session.js';
import { isAppUrl } from './security.js';

function trusted(e: IpcMainInvokeEvent): boolean {
  return isAppUrl(e.senderFrame?.url);
}

const refused = { ok: false as const, error: { code: 'forbidden' as const, message: 'Refused: not an app window' } };

export function registerIpc(session: Session): void {
  for (const name of API_NAMES) {
    ipcMain.handle(`api:${name}`, async (e, args: unknown) => (trusted(e) ? dispatch(session, name, args) : refused));
  }
  ipcMain.handle('shell:pickPath', async (e, raw: unknown) => {
    if (!trusted(e)) return null;
    const o = (raw ?? {}) as { mode?: unknown; title?: unknown; defaultPath?: unknown; extensions?: unknown };
    const mode = o.mode === 'save' ? 'save' : 'open';
    const title = typeof o.title === 'string' ? o.title.slice(0, 200) : 'Choose a file';
    const defaultPath = typeof o.defaultPath === 'string' ? o.defaultPath.slice(0, 4096) : undefined;
    const extensions = Array.isArray(o.extensions) ? o.extensions.filter((x): x is string => typeof x === 'string' && /^[a-z0-9]{1,10}$/i.test(x)) : [];
    const filters = extensions.length ? [{ name: extensions.join(', ').toUpperCase(), extensions }] : [];
    const win = BrowserWindow.fromWebContents(e.sender) ?? undefined;
    if (mode === 'save') {
      const r = win ? await dialog.showSaveDialog(win, { title, defaultPath, filters }) : await dialog.showSaveDialog({ title, defaultPath, filters });
      return r.canceled ? null : (r.filePath ?? null);
    }
    const r = win
      ? await dialog.showOpenDialog(win, { title, defaultPath, filters, properties: ['openFile'] })
      : await dialog.showOpenDialog({ title, defaultPath, filters, properties: ['openFile'] });
    return r.canceled ? null : (r.filePaths[0] ?? null);
  });
}
