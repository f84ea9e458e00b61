/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launch, type E2E } from './harness.js';

const SAMPLES = fileURLToPath(new URL('../../assets/samples/', import.meta.url));

describe('import wizard (browser mode, demo case)', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await launch();
  });
  afterAll(async () => {
    await e?.close();
  });

  it('reports every bad row of a file, saves the report, then imports the corrected file and shows the counts', async () => {
    const { page } = e;
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Claims', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Claims' }).waitFor();
    await page.getByText(/3,000 claims/).waitFor();
    await page.getByRole('button', { name: 'Import…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import claims' });
    await dialog.waitFor();
    await expect(dialog.getByRole('radio', { name: 'Claims' }).isChecked()).resolves.toBe(true);
    await e.shot('import-1-choose');

    // 1. the file with errors: uploaded, mapped by its headers, previewed, checked
    await dialog.getByLabel('File (CSV or XLSX)').setInputFiles(SAMPLES + 'claims-with-errors.csv');
    await dialog.getByRole('button', { name: 'Next: columns' }).click();
    await dialog.getByLabel('Field for column amount').waitFor();
    expect(await dialog.getByLabel('Field for column amount').inputValue()).toBe('amount');
    expect(await dialog.getByLabel('Field for column creditor_name').inputValue()).toBe('creditor_name');
    await e.shot('import-2-mapping');
    await dialog.getByRole('button', { name: 'Next: preview' }).click();
    await dialog.getByRole('table').getByText('POC-0001').waitFor();
    await e.shot('import-3-preview');
    await dialog.getByRole('button', { name: 'Next: check every row' }).click();
    await dialog.getByText('14 problems on 11 rows').waitFor({ timeout: 60_000 });
    const problems = dialog.getByRole('table', { name: 'Problems found' });
    const firstRow = await problems.locator('tbody tr').first().allTextContents();
    expect(firstRow.join(' ')).toMatch(/^2\s*amount\s*"15,250" is ambiguous/);
    expect(await problems.locator('tbody tr').count()).toBe(14);
    expect(await problems.textContent()).toContain('Duplicate reference: POC-0004 is also on row 5');
    expect(await dialog.getByRole('button', { name: /^Import/ }).isDisabled()).toBe(true);
    await e.shot('import-4-report');

    const [dl] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Save report' }).click()]);
    expect(dl.suggestedFilename()).toBe('claims-with-errors-problems.csv');
    const saved = readFileSync((await dl.path())!, 'utf8');
    expect(saved).toContain('row,column,message');
    expect(saved).toContain('7,filed_on,"""31/12/2025"" is not a date');

    // 2. fix: choose the corrected file, check it, import it
    await dialog.getByRole('button', { name: 'Choose another file' }).click();
    await dialog.getByLabel('File (CSV or XLSX)').setInputFiles(SAMPLES + 'claims.csv');
    await dialog.getByRole('button', { name: 'Next: columns' }).click();
    await dialog.getByRole('button', { name: 'Next: preview' }).click();
    await dialog.getByRole('button', { name: 'Next: check every row' }).click();
    await dialog.getByText('No problems in 12 rows.').waitFor({ timeout: 60_000 });
    await e.shot('import-5-checked');
    await dialog.getByRole('button', { name: 'Import 12 rows' }).click();
    await dialog.getByText('Imported 12 rows: 12 new, 0 updated, 0 unchanged.').waitFor({ timeout: 60_000 });
    const counts = await dialog.locator('.import-counts').textContent();
    expect(counts).toMatch(/New\s*12/);
    expect(counts).toMatch(/Creditors new \/ updated\s*8 \/ 0/);
    await e.shot('import-6-summary');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.getByText(/3,012 claims/).waitFor();
    await e.shot('import-7-claims');
  });

  it('says nothing would change when the same file is checked again', async () => {
    const { page } = e;
    await page.getByRole('button', { name: 'Import…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import claims' });
    await dialog.getByLabel('File (CSV or XLSX)').setInputFiles(SAMPLES + 'claims.xlsx');
    await dialog.getByRole('button', { name: 'Next: columns' }).click();
    await dialog.getByRole('button', { name: 'Next: preview' }).click();
    await dialog.getByRole('button', { name: 'Next: check every row' }).click();
    await dialog.getByText(/Nothing changed: all 12 rows already match the case/).waitFor({ timeout: 60_000 });
    expect(await dialog.getByRole('button', { name: 'Nothing to import' }).isDisabled()).toBe(true);
    await e.shot('import-8-unchanged');
    await dialog.getByRole('button', { name: 'Close' }).click();
  });
});
