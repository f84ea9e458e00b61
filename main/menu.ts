import { Menu, app, dialog, shell, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { Session } from '../src/api/session.js';
import { dispatch } from '../src/api/dispatch.js';
import { isAllowedExternal } from './security.js';

const DOCS_URL = 'https://github.com/recourse-app/recourse/tree/main/docs';

async function openPath(session: Session, win: BrowserWindow, path: string): Promise<void> {
  const r = await dispatch(session, 'case.open', { path });
  // Locked elsewhere, damaged or protected: the window offers read-only, a restore or the passphrase prompt.
  if (!r.ok && ['case_locked', 'case_corrupt'].includes(r.error.code)) session.openProblem = { path, error: r.error };
  else if (!r.ok) dialog.showErrorBox('Could not open the case', r.error.message);
  win.webContents.reload();
}

export function buildMenu(session: Session, win: BrowserWindow): void {
  const recent: MenuItemConstructorOptions[] = session.recent.length
    ? session.recent.map((p) => ({ label: p, click: () => void openPath(session, win, p) }))
    : [{ label: 'No recent cases', enabled: false }];
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        {
          label: 'New case…',
          accelerator: 'CmdOrCtrl+N',
          click: () => void win.webContents.executeJavaScript('window.dispatchEvent(new CustomEvent("recourse:new-case"))'),
        },
        {
          label: 'Open case…',
          accelerator: 'CmdOrCtrl+O',
          click: async () => {
            const r = await dialog.showOpenDialog(win, { title: 'Open case', filters: [{ name: 'Recourse case', extensions: ['recourse'] }], properties: ['openFile'] });
            if (!r.canceled && r.filePaths[0]) await openPath(session, win, r.filePaths[0]);
            buildMenu(session, win);
          },
        },
        { label: 'Open recent', submenu: recent },
        {
          label: 'Save a copy…',
          accelerator: 'CmdOrCtrl+Shift+S',
          enabled: session.current !== null,
          click: async () => {
            const r = await dialog.showSaveDialog(win, { title: 'Save a copy', filters: [{ name: 'Recourse case', extensions: ['recourse'] }] });
            if (r.canceled || !r.filePath) return;
            const res = await dispatch(session, 'case.saveCopy', { path: r.filePath });
            if (!res.ok) dialog.showErrorBox('Could not save a copy', res.error.message);
          },
        },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { label: 'Edit', submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
    { label: 'View', submenu: [{ role: 'reload' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }] },
    {
      label: 'Help',
      submenu: [
        {
          label: 'About Recourse',
          click: () =>
            void dialog.showMessageBox(win, {
              title: 'About Recourse',
              message: `Recourse ${app.getVersion()}`,
              detail: 'Post-default claims administration: claims, seniority, distributions and notices, offline and audited.\nLicensed under the Apache License 2.0.',
            }),
        },
        { label: 'Open docs', click: () => isAllowedExternal(DOCS_URL) && void shell.openExternal(DOCS_URL) },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
