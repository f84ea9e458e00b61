/**
 * Bundles main/preload.ts into dist-electron/preload.cjs. The preload needs
 * only the API's call names; they are read from the contract here, at build
 * time, and written into the bundle, so the sandboxed preload carries neither
 * the contract's schemas nor their validation library (every payload is
 * validated in the main process anyway).
 *
 *   npx tsx scripts/build-preload.ts [--outfile PATH]
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { API_NAMES } from '../src/api/contract/index.js';

export async function buildPreload(outfile: string): Promise<void> {
  await build({
    entryPoints: [fileURLToPath(new URL('../main/preload.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['electron'],
    outfile,
    logLevel: 'warning',
    define: { RECOURSE_API_NAMES: JSON.stringify(API_NAMES) },
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const i = process.argv.indexOf('--outfile');
  await buildPreload(i > 0 ? process.argv[i + 1]! : fileURLToPath(new URL('../dist-electron/preload.cjs', import.meta.url)));
}
