/**
 * The preload exposes named functions only: one per API call, plus the file
 * dialog. No ipcRenderer, no generic channel, nothing else reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { API_NAMES } from '../src/api/contract/index.js';
import type { PreloadApi, PreloadShell } from '../renderer/src/api.js';

const api = Object.fromEntries(API_NAMES.map((name) => [name, (args: unknown) => ipcRenderer.invoke(`api:${name}`, args)])) as PreloadApi;

const shell = {
  pickPath: (opts) => ipcRenderer.invoke('shell:pickPath', opts) as Promise<string | null>,
} satisfies PreloadShell;

contextBridge.exposeInMainWorld('recourse', { api, shell } satisfies { api: PreloadApi; shell: PreloadShell });
