/** Start browser mode: open the last case (or a copy of the demo on first start), serve, print the URL. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Session } from '../api/session.js';
import { dispatch } from '../api/dispatch.js';
import { startServer, type RunningServer } from './http.js';

export function rendererDir(): string {
  if (process.env.RECOURSE_RENDERER_DIR) return resolve(process.env.RECOURSE_RENDERER_DIR);
  return resolve(fileURLToPath(new URL('.', import.meta.url)), '../../dist/renderer');
}

export async function startBrowserMode(opts: { port?: number; dataDir?: string; openCase?: string; quiet?: boolean } = {}): Promise<RunningServer & { session: Session }> {
  const session = new Session('browser', opts.dataDir);
  const first = opts.openCase ?? session.recent.find((p) => existsSync(p));
  const opened = first ? await dispatch(session, 'case.open', { path: first }) : await dispatch(session, 'case.openDemo', {});
  if (!opened.ok && !opts.quiet) process.stderr.write(`Could not open ${first ?? 'the demo case'}: ${opened.error.message}\n`);
  // The page offers the way out: open read-only, restore a backup, or enter the passphrase.
  if (!opened.ok && first) session.openProblem = { path: first, error: opened.error };
  const staticDir = rendererDir();
  if (!existsSync(resolve(staticDir, 'index.html'))) throw new Error('The renderer is not built: run `npm run build:renderer`');
  const server = await startServer({ session, staticDir, ...(opts.port !== undefined ? { port: opts.port } : {}) });
  return {
    ...server,
    session,
    close: async () => {
      await server.close();
      session.close();
    },
  };
}
