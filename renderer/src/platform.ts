/** Native file dialogs in Electron; in browser mode the caller shows a path field instead. */
export async function pickPath(opts: { mode: 'open' | 'save'; title: string; defaultPath?: string; extensions?: string[] }): Promise<string | null | undefined> {
  if (window.recourse) return window.recourse.shell.pickPath(opts);
  return undefined; // no native dialog: ask in the page
}
