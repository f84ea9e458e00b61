/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { launch, type E2E } from './harness.js';

describe('browser mode: the Exports page', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await launch();
    await e.page.getByRole('heading', { name: 'Case path' }).waitFor();
    await e.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Exports', exact: true }).click();
    await e.page.getByRole('heading', { level: 1, name: 'Exports' }).waitFor();
  });
  afterAll(async () => {
    await e?.close();
  });

  it('lists every export with what it holds', async () => {
    const { page } = e;
    for (const t of ['Claims register', 'Creditor summary', 'Estate and asset report', 'Audit extract', 'Distribution schedule', 'Notices (PDF)']) {
      await page.getByRole('heading', { name: t, exact: true }).waitFor();
    }
    expect(await page.locator('.export-card').first().textContent()).toContain('3,000 claims');
    await e.shot('exports-page');
  });

  it('exports the claims register with progress, then offers the file to download', async () => {
    const { page } = e;
    const card = page.locator('section.export-card', { has: page.getByRole('heading', { name: 'Claims register' }) });
    await card.getByRole('button', { name: 'Export claims register' }).click();
    await card.getByRole('status', { name: 'Exporting the claims register' }).waitFor();
    await e.shot('exports-register-progress');
    const link = card.getByRole('link', { name: 'Download' });
    await link.waitFor({ timeout: 60_000 });
    expect(await card.locator('.export-done').textContent()).toMatch(/3,000 rows/);
    await e.shot('exports-register-done');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const path = await download.path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('Claims register');
    expect(ws.rowCount).toBe(3001);
    expect(ws.getCell('A2').value).toBe('CL-0000001');
  });

  it('previews one notice of determination before a batch', async () => {
    const { page } = e;
    const card = page.locator('section.notices-card');
    await card.getByLabel('Kind').selectOption('determination');
    await card.getByRole('button', { name: 'Preview one notice' }).click();
    const fig = page.getByRole('figure', { name: 'Notice preview' });
    await fig.waitFor({ timeout: 60_000 });
    expect(await fig.locator('figcaption').textContent()).toMatch(/Notice to .+ claim CL-\d+ (allowed|disallowed|reclassified), objection deadline \d{4}-\d{2}-\d{2}/);
    expect(await fig.locator('iframe').getAttribute('src')).toMatch(/^\/download\/preview\/preview-determination-CL-\d+\.pdf\?inline=1/);
    // the server answers the preview as an inline PDF (not a download)
    const res = await page.request.get(new URL((await fig.locator('iframe').getAttribute('src'))!, page.url()).href);
    expect(res.headers()['content-type']).toBe('application/pdf');
    expect(res.headers()['content-disposition']).toMatch(/^inline;/);
    expect((await res.body()).subarray(0, 5).toString()).toBe('%PDF-');
    expect(await fig.getByRole('link', { name: 'Download this preview' }).getAttribute('href')).toMatch(/^\/download\/preview\/preview-determination-CL-\d+\.pdf$/);
    await fig.scrollIntoViewIfNeeded();
    await page.waitForTimeout(2500); // let Chromium's PDF viewer paint the page for the screenshot (nothing is asserted on time)
    await e.shot('exports-notice-preview');
  });

  it('generates the notices of recent determinations as a batch with an index', async () => {
    const { page } = e;
    const card = page.locator('section.notices-card');
    await card.getByLabel('Decided since (optional)').fill('2026-04-28');
    await card.getByRole('button', { name: 'Generate all notices' }).click();
    await card.getByRole('link', { name: 'Download the index (CSV)' }).waitFor({ timeout: 90_000 });
    const text = (await card.locator('.export-done').textContent()) ?? '';
    expect(text).toMatch(/Ready\s*[\d,]+ notices/);
    expect(await card.locator('.file-list a').count()).toBeGreaterThan(0);
    await card.locator('.export-done').scrollIntoViewIfNeeded();
    await e.shot('exports-notices-done');
  });
});
