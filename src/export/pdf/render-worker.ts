/**
 * A notice-rendering worker: parses the fonts once, then renders the batches
 * of notices it is sent, writes each PDF into the output folder and answers
 * with each file's size and SHA-256. It never touches the case file.
 */
import { parentPort } from 'node:worker_threads';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadFonts } from './fonts.js';
import { renderNotice } from './render.js';
import type { RenderJob, RenderedFile } from './pool.js';

loadFonts();

parentPort!.on('message', (m: { type: 'batch'; id: number; outDir: string; jobs: RenderJob[] }) => {
  void (async () => {
    try {
      const files: RenderedFile[] = [];
      for (const j of m.jobs) {
        const bytes = await renderNotice(j.notice);
        writeFileSync(join(m.outDir, j.file), bytes);
        files.push({ file: j.file, key: j.key, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
      }
      parentPort!.postMessage({ type: 'done', id: m.id, files });
    } catch (err) {
      parentPort!.postMessage({ type: 'error', id: m.id, message: (err as Error).message });
    }
  })();
});
parentPort!.postMessage({ type: 'ready' });
