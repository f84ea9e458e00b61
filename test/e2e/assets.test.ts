/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCase } from '../../src/gen/synthetic.js';
import { launch, type E2E } from './harness.js';

/** The demo's estate (12 assets, three sales, expenses, a holdback), in a small generated case of its own. */
function estateCase(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'recourse-e2e-estate-')), 'Estate demo.recourse');
  generateCase({ path, claims: 60, seed: 11 });
  return path;
}

describe('Assets: register, status, a partial sale and an expense change the cash and the waterfall', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await launch({ openCase: estateCase() });
  });
  afterAll(async () => {
    await e?.close();
  });

  /** Dismiss the confirmations so the screenshot shows the page under them. */
  const shot = async (name: string) => {
    await e.page.locator('.toast button').evaluateAll((bs) => bs.forEach((b) => (b as HTMLButtonElement).click()));
    await e.shot(name);
  };
  const available = async () => (await e.page.locator('.estate-summary tr[data-currency="USD"] td').last().textContent())?.replace(/USD$/, '');
  const waterfallAvailable = async () => e.page.locator('.waterfall-legend div', { hasText: 'Available' }).locator('dd').textContent();

  it('shows the estate waterfall on the Dashboard', async () => {
    const { page } = e;
    await page.getByRole('heading', { name: /Estate: from recoveries/ }).waitFor();
    const chart = page.getByRole('img', { name: /Estate waterfall in USD/ });
    expect(await chart.getAttribute('aria-label')).toContain('Gross recoveries: 17,527,155.00 USD');
    expect(await waterfallAvailable()).toBe('12,497,949.00 USD');
    // the case path still counts the assets not yet realised
    expect(await page.locator('.steps li', { hasText: 'Assets realised' }).textContent()).toContain('9 assets not yet realised');
    await page.locator('.estate-card').scrollIntoViewIfNeeded();
    await shot('assets-dashboard-before');
  });

  it('lists the register with quantities held, statuses and book values', async () => {
    const { page } = e;
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Assets', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Assets' }).waitFor();
    await page.locator('table.assets-table tbody tr').first().waitFor();
    expect(await page.locator('table.assets-table tbody tr').count()).toBe(12);
    const sol = page.locator('table.assets-table tbody tr', { hasText: 'EA-006' });
    expect(await sol.textContent()).toContain('60,000');
    expect(await sol.textContent()).toContain('Realizing');
    expect(await available()).toBe('12,497,949.00');
    await shot('assets-register');
  });

  it('registers an asset and moves it under control with a reason', async () => {
    const { page } = e;
    await page.getByRole('button', { name: 'Add asset' }).click();
    const dlg = page.getByRole('dialog', { name: 'Register an asset' });
    await dlg.getByLabel('Reference').fill('EA-100');
    await dlg.getByLabel(/^Asset/).selectOption('BTC');
    await dlg.getByLabel('Quantity').fill('3.5');
    await dlg.getByLabel('Location').fill('Ledger device handed over by the former CTO');
    await dlg.getByLabel('Chain').fill('bitcoin');
    await dlg.getByRole('button', { name: 'Register asset' }).click();
    await page.getByRole('heading', { name: /EA-100/ }).waitFor();
    expect(await page.getByRole('heading', { name: /EA-100/ }).textContent()).toContain('Identified');
    // a sale is not possible before the estate controls the asset
    expect(await page.getByRole('button', { name: 'Record sale' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Change status' }).click();
    const st = page.getByRole('dialog', { name: /Change the status of EA-100/ });
    await st.getByLabel('New status').selectOption('under_control');
    await st.getByLabel(/Reason/).fill('Keys delivered to the estate under the consent order');
    await st.getByRole('button', { name: 'Change status' }).click();
    await page.getByRole('heading', { name: /EA-100\s*Under control/ }).waitFor();
    await page.locator('.history li', { hasText: 'Keys delivered to the estate under the consent order' }).waitFor();
    await shot('assets-status-changed');
  });

  it('refuses an oversell in the dialog, then records a partial sale; the held quantity and the cash change', async () => {
    const { page } = e;
    await page.getByRole('button', { name: 'Record sale' }).click();
    const dlg = page.getByRole('dialog', { name: 'Record a sale of EA-100' });
    await dlg.getByLabel(/Quantity sold/).fill('4');
    await dlg.getByLabel('Proceeds').fill('130000');
    await dlg.getByRole('button', { name: 'Record sale' }).click();
    await dlg.getByRole('alert').filter({ hasText: 'EA-100 holds 3.50000000 BTC that can be sold; cannot sell 4.00000000' }).waitFor();
    await shot('assets-oversell-refused');
    await dlg.getByLabel(/Quantity sold/).fill('1.25');
    await dlg.getByLabel('Costs of the sale').fill('500');
    await dlg.getByLabel('Sale date').fill('2026-07-01');
    await dlg.getByRole('button', { name: 'Record sale' }).click();
    await page.getByRole('heading', { name: /EA-100\s*Realizing/ }).waitFor();
    const facts = page.getByRole('region', { name: 'Unit ledger' });
    expect(await facts.textContent()).toMatch(/Held2\.25000000BTC/);
    expect(await facts.textContent()).toMatch(/Realized1\.25000000BTC/);
    const sale = page.getByRole('region', { name: 'Sales' }).locator('tbody tr').first();
    // petition mark 91,234.56 × 1.25 = 114,043.20; net 129,500.00 → gain 15,456.80
    expect(await sale.textContent()).toContain('15,456.80');
    await sale.scrollIntoViewIfNeeded();
    await shot('assets-partial-sale');
  });

  it('attaches an evidence document to the asset', async () => {
    const { page } = e;
    await page.getByLabel('Attach an evidence document').setInputFiles({ name: 'consent-order.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 consent order') });
    const docs = page.getByRole('region', { name: 'Evidence documents' });
    await docs.getByRole('button', { name: 'consent-order.pdf' }).waitFor();
    expect(await docs.textContent()).toMatch(/added by \S+/);
    await page.locator('.history li', { hasText: 'estate_asset.document' }).waitFor();
    await docs.scrollIntoViewIfNeeded();
    await shot('assets-document');
  });

  it('records an expense in the ledger; available falls by it', async () => {
    const { page } = e;
    await page.getByRole('button', { name: '← All assets' }).click();
    // the sale is in the cash: 12,497,949.00 + 130,000.00 − 500.00
    await page.locator('.estate-summary').waitFor();
    expect(await available()).toBe('12,627,449.00');
    await page.getByRole('tab', { name: 'Expenses' }).click();
    await page.getByRole('region', { name: 'Expenses ledger' }).waitFor();
    const before = await page.locator('section[aria-label="Expenses ledger"] tbody tr').count();
    await page.getByRole('button', { name: 'Record expense' }).click();
    const dlg = page.getByRole('dialog', { name: 'Record an expense' });
    await dlg.getByLabel('Category').selectOption('custody');
    await dlg.getByLabel('Amount').fill('2000');
    await dlg.getByLabel('Payee').fill('Anchor Custody');
    await dlg.getByLabel('Memo').fill('Hardware wallet vaulting, July');
    await dlg.getByLabel('Date paid').fill('2026-07-02');
    await dlg.getByRole('button', { name: 'Record expense' }).click();
    await page.locator('section[aria-label="Expenses ledger"] tbody tr', { hasText: 'Hardware wallet vaulting, July' }).waitFor();
    expect(await page.locator('section[aria-label="Expenses ledger"] tbody tr').count()).toBe(before + 1);
    await page.waitForFunction(() => document.querySelector('.estate-summary tr[data-currency="USD"] td:last-child')?.textContent === '12,625,449.00USD');
    await shot('assets-expense');
  });

  it('shows the valuation history chart of an asset with marks', async () => {
    const { page } = e;
    await page.getByRole('tab', { name: 'Asset register' }).click();
    await page.getByRole('button', { name: 'Open EA-001' }).click();
    const chart = page.getByRole('img', { name: /Marks of BTC for EA-001/ });
    await chart.waitFor();
    // the price table's petition-date and quarter-end prices, and the custodian's two statements in between
    expect(await chart.getAttribute('aria-label')).toMatch(/4 marks from 2025-11-14 \(91,234\.56\) to 2026-06-30 \(104,500\.00\)/);
    expect(await page.locator('.line .dot').count()).toBe(4);
    expect(await page.locator('.line .dot.hollow').count()).toBe(2);
    await chart.scrollIntoViewIfNeeded();
    await shot('assets-valuation-chart');
  });

  it('the Dashboard waterfall reflects the sale and the expense', async () => {
    const { page } = e;
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Dashboard', exact: true }).click();
    await page.getByRole('heading', { name: /Estate: from recoveries/ }).waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('.waterfall-legend div')].some((d) => d.textContent === 'Available12,625,449.00 USD'));
    const label = await page.getByRole('img', { name: /Estate waterfall in USD/ }).getAttribute('aria-label');
    expect(label).toContain('Gross recoveries: 17,657,155.00 USD');
    expect(label).toContain('Expenses: −2,522,300.00 USD');
    await page.locator('.estate-card').scrollIntoViewIfNeeded();
    await shot('assets-dashboard-after');
  });
});
