/** Browser-mode end-to-end harness: the real server and renderer in Debian's Chromium, driven by playwright-core. */
import { mkdtempSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startBrowserMode } from '../../src/server/main.js';

export const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts/screenshots');

export function chromiumPath(): string {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) {
    if (p && existsSync(p)) return p;
  }
  throw new Error('Chromium not found: apt-get install chromium (or set CHROMIUM_PATH)');
}

export interface E2E {
  page: Page;
  browser: Browser;
  url: string;
  dataDir: string;
  shot: (name: string) => Promise<void>;
  close: () => Promise<void>;
}

export async function launch(opts: { openCase?: string } = {}): Promise<E2E> {
  const dataDir = mkdtempSync(join(tmpdir(), 'recourse-e2e-'));
  const server = await startBrowserMode({ dataDir, quiet: true, ...(opts.openCase ? { openCase: opts.openCase } : {}) });
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url);
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    page,
    browser,
    url: server.url,
    dataDir,
    shot: async (name) => {
      if (errors.length) throw new Error(`The page threw: ${errors.join('; ')}`);
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    },
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}
