/**
 * The preload exposes named functions only: one per API call, plus the file
 * dialog. No ipcRenderer, no generic channel, nothing else reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { ApiName } from '../src/api/contract/index.js';
import type { PreloadApi, PreloadShell } from '../renderer/src/api.js';

/** Every API call's name, read from the contract when the preload is bundled (scripts/build-preload.ts). */
declare const RECOURSE_API_NAMES: readonly ApiName[];

const api = Object.fromEntries(RECOURSE_API_NAMES.map((name) => [name, (args: unknown) => ipcRenderer.invoke(`api:${name}`, args)])) as PreloadApi;

const shell = {
  pickPath: (opts) => ipcRenderer.invoke('shell:pickPath', opts) as Promise<string | null>,
} satisfies PreloadShell;

contextBridge.exposeInMainWorld('recourse', { api, shell } satisfies { api: PreloadApi; shell: PreloadShell });
