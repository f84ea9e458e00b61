/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ARTIFACTS, chromiumPath } from '../e2e/harness.js';
import { CREDITORS, plan, run1 } from '../export/fixtures.js';

const PAGE = pathToFileURL(resolve(import.meta.dirname, '../../assets/verifier/index.html')).href;

describe('the standalone verifier page (file://, offline, WebCrypto)', () => {
  let browser: Browser;
  let page: Page;
  const { data } = run1();
  const p = plan(data);
  const st = p.build(CREDITORS.get('CR-0003')!, p.creditors.find((c) => c.ref === 'CR-0003')!.claims).proof!;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu'] });
    const context = await browser.newContext({ offline: true });
    page = await context.newPage();
    await page.goto(PAGE);
  });
  afterAll(async () => {
    await browser?.close();
  });

  const check = async (statement: string, root: string) => {
    await page.getByLabel(/Statement proof/).fill(statement);
    await page.getByLabel(/Published run root/).fill(root);
    await page.getByRole('button', { name: 'Check' }).click();
    return page.getByRole('status');
  };

  it('says "Included" for a genuine statement and the published root', async () => {
    const status = await check(JSON.stringify(st), p.root);
    await status.getByText(/^Included: every entry of CR-0003 is part of run R-2026-01/).waitFor();
    expect(await status.locator('td.ok').allTextContents()).toEqual(['Included', 'Included']);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'verifier-included.png'), fullPage: true });
  });

  it('says "Not included" when an amount was changed', async () => {
    const forged = JSON.parse(JSON.stringify(st)) as typeof st;
    forged.entries[0]!.paid_this_run = '2800.00';
    const status = await check(JSON.stringify(forged), p.root);
    await status.getByText(/^Not included: at least one entry/).waitFor();
    expect(await status.locator('td.bad').allTextContents()).toEqual(['Not included']);
    await page.screenshot({ path: join(ARTIFACTS, 'verifier-tampered.png'), fullPage: true });
  });

  it('explains input it cannot use', async () => {
    const status = await check('{"format":"something-else"}', p.root);
    await status.getByText(/not a Recourse statement proof/).waitFor();
  });
});
