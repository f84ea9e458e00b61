/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, type E2E } from './harness.js';
import { fixture } from '../claims/fixture.js';

/** Text of one column (1-based, after the selection checkbox) for the rendered rows of the grid. */
async function column(e: E2E, n: number): Promise<string[]> {
  return e.page.$$eval(
    `[role=grid][aria-label=Claims] [role=row]:not(.vt-head):not(.vt-pending) [role=gridcell]:nth-child(${n + 1})`,
    (cells) => cells.map((c) => c.textContent ?? ''),
  );
}
const cents = (t: string) => BigInt(t.replace(/[^\d]/g, ''));

describe('browser mode: the claims register', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await launch();
    await e.page.getByRole('heading', { name: 'Case path' }).waitFor();
    await e.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Claims', exact: true }).click();
    await e.page.getByRole('heading', { level: 1, name: 'Claims' }).waitFor();
  });
  afterAll(async () => {
    await e?.close();
  });

  it('shows the register as a windowed grid that loads pages as it scrolls', async () => {
    const { page } = e;
    await page.getByText('3,000 claims').waitFor();
    await page.locator('[role=grid] [role=row][aria-rowindex="2"]').getByText('CL-0000001').waitFor();
    await e.shot('claims-register');
    const grid = page.getByRole('grid', { name: 'Claims' });
    // keyset pages arrive as the user scrolls towards the end of what is loaded
    const target = page.locator('[role=row][aria-rowindex="1800"]').getByText('CL-0001799');
    for (let i = 0; i < 60 && !(await target.isVisible()); i++) {
      await grid.evaluate((el) => (el.scrollTop = Math.min(el.scrollHeight, 1799 * 34 - 200)));
      await page.waitForTimeout(100);
    }
    await target.waitFor();
    // only what is on screen (plus a small buffer) is in the page
    expect(await page.locator('[role=grid] [role=row]').count()).toBeLessThan(60);
    await grid.evaluate((el) => (el.scrollTop = 0));
    await page.locator('[role=row][aria-rowindex="2"]').getByText('CL-0000001').waitFor();
    // keyboard: arrows move, Space selects, Enter opens, Escape closes
    await grid.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press(' ');
    await page.getByRole('form', { name: 'Change the status of the selected claims' }).getByText('1 selected').waitFor();
    await page.keyboard.press('Enter');
    const panel = page.getByRole('complementary', { name: 'Claim CL-0000003' });
    await panel.getByRole('heading', { name: 'CL-0000003' }).waitFor();
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Clear selection' }).click();
  });

  it('filters by status and sorts by value, largest first', async () => {
    const { page } = e;
    await page.getByRole('search', { name: 'Filter claims' }).getByLabel('Status').selectOption('disputed');
    const matching = page.locator('.subtitle').getByText(/^[\d,]+ claims match/);
    await matching.waitFor();
    expect(Number((await matching.textContent())!.split(' ')[0]!.replace(/,/g, ''))).toBeLessThan(3000);
    const statuses = await column(e, 3);
    expect(statuses.length).toBeGreaterThan(5);
    expect(new Set(statuses)).toEqual(new Set(['Disputed']));
    await page.getByRole('button', { name: /^Value \(USD\)/ }).click();
    await page.locator('[role=columnheader][aria-sort=descending]').getByText('Value (USD)').waitFor();
    await page.waitForFunction(() => document.querySelector('[role=row][aria-rowindex="2"] .ref')?.textContent !== 'CL-0000005');
    const values = (await column(e, 5)).slice(0, 10).map(cents);
    expect(values).toEqual([...values].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
    await e.shot('claims-filtered-sorted');
  });

  it('opens a claim, changes its status with a reason and shows the new history row', async () => {
    const { page } = e;
    const first = page.locator('[role=row][aria-rowindex="2"]');
    const ref = (await first.locator('.ref').first().textContent())!;
    await first.click();
    const panel = page.getByRole('complementary', { name: `Claim ${ref}` });
    await panel.getByRole('heading', { name: ref }).waitFor();
    await panel
      .getByText(/petition date|case currency/)
      .first()
      .waitFor();
    await panel.getByLabel('New status').selectOption('allowed');
    await panel.getByLabel('Reason (recorded in the audit log)').first().fill('Agreed with the creditor on a call');
    await panel.getByRole('button', { name: 'Change status' }).click();
    await panel.locator('.cl-history li').first().getByText('disputed → allowed').waitFor();
    await panel
      .locator('.cl-history li')
      .first()
      .getByText(/Agreed with the creditor on a call/)
      .waitFor();
    // the row in the register shows the new status without reloading the list
    await page.locator('[role=row].vt-open').getByText('Allowed').waitFor();
    await panel.locator('.cl-history').scrollIntoViewIfNeeded();
    await e.shot('claims-detail-changed');
    // a transition the rules refuse is not offered
    const options = await panel.getByLabel('New status').locator('option').allTextContents();
    expect(options).not.toContain('Filed');
    // attach the proof of claim: stored with its hash and listed
    const chooser = page.waitForEvent('filechooser');
    await panel.getByRole('button', { name: 'Attach document…' }).click();
    await (
      await chooser
    ).setFiles({ name: 'proof-of-claim.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 proof of claim\n') });
    await panel.getByRole('button', { name: 'proof-of-claim.pdf' }).waitFor();
    await panel.getByText(/sha256 [0-9a-f]{12}…/).waitFor();
    await panel.locator('.cl-history li').first().getByText('Attached "proof-of-claim.pdf"').waitFor();
    await panel.locator('.cl-docs').scrollIntoViewIfNeeded();
    await e.shot('claims-detail-documents');
    await panel.getByRole('button', { name: 'Close the claim' }).click();
  });

  it('changes the status of two selected claims in one go, with a reason', async () => {
    const { page } = e;
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('search', { name: 'Filter claims' }).getByLabel('Status').selectOption('under_review');
    await page.getByText(/claims match/).waitFor();
    await page.waitForFunction(() => document.querySelector('[role=row][aria-rowindex="2"] .badge')?.textContent === 'Under review');
    const refs: string[] = [];
    for (const i of [2, 3]) {
      const row = page.locator(`[role=row][aria-rowindex="${i}"]`);
      refs.push((await row.locator('.ref').first().textContent())!);
      await row.getByRole('checkbox').check();
    }
    const bar = page.getByRole('form', { name: 'Change the status of the selected claims' });
    await bar.getByText('2 selected').waitFor();
    await bar.getByLabel('New status').selectOption('disputed');
    await bar.getByLabel('Reason (recorded in the audit log)').fill('Balances differ from the ledger');
    await bar.getByRole('button', { name: 'Change 2 claims' }).click();
    await page.getByText('2 claims are now disputed').waitFor();
    for (const i of [2, 3]) await page.locator(`[role=row][aria-rowindex="${i}"]`).getByText('Disputed').waitFor();
    await e.shot('claims-bulk-changed');
    // both changes are in the audit log with the reason
    await page.getByRole('button', { name: 'Audit log', exact: true }).click();
    await page.getByLabel('Search reference or reason').fill('Balances differ from the ledger');
    await page.waitForFunction(() => document.querySelectorAll('table.audit tbody tr').length === 2);
    const audited = await page.locator('table.audit tbody tr .ref').allTextContents();
    expect(audited.map((s) => s.trim()).sort()).toEqual([...refs].sort());
  });

  it('searches a creditor by a transliterated name and opens the creditor page with totals', async () => {
    const { page } = e;
    await page.getByRole('button', { name: 'Creditors', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Creditors' }).waitFor();
    await page.getByText('2,100 creditors').waitFor();
    // Latin letters find a name written in Cyrillic
    await page.getByLabel('Search name or reference').fill('smirnova');
    await page.getByText(/^[\d,]+ creditors match/).waitFor();
    const names = page.locator('[role=grid][aria-label=Creditors] [role=row]:not(.vt-head) [role=gridcell]:first-child');
    await page.waitForFunction(() =>
      document.querySelector('[role=grid][aria-label=Creditors] [role=row][aria-rowindex="2"]')?.textContent?.includes('Смирнова'),
    );
    expect((await names.allTextContents()).every((n) => n.includes('Смирнова'))).toBe(true);
    await page.getByLabel('Search name or reference').fill('');
    await page.getByLabel('Type').selectOption('entity');
    await page.getByText(/^[1-9][\d,]* creditors match/).waitFor();
    const first = page.locator('[role=grid][aria-label=Creditors] [role=row][aria-rowindex="2"]');
    await first.getByText('Entity').waitFor();
    const name = (await first.locator('[role=gridcell]').first().textContent())!;
    await first.click();
    const panel = page.getByRole('complementary', { name: /^Creditor CR-/ });
    await panel.getByRole('heading', { name }).waitFor();
    await panel.getByRole('rowheader', { name: 'All' }).waitFor();
    await e.shot('creditor-detail');
    // a claim of the creditor opens in the register
    const claimRef = (await panel.getByRole('button', { name: /^CL-/ }).first().textContent())!;
    await panel.getByRole('button', { name: claimRef }).click();
    await page
      .getByRole('complementary', { name: `Claim ${claimRef}` })
      .getByRole('heading', { name: claimRef })
      .waitFor();
    await e.shot('claims-from-creditor');
  });
});

describe('browser mode: duplicate candidates', () => {
  let e: E2E;
  beforeAll(async () => {
    const f = fixture();
    const ivan = f.creditor('CR-1', 'Иван Петров');
    const latin = f.creditor('CR-2', 'Ivan Petrov');
    f.claim({ ref: 'D-1', creditor: ivan, asset: 'BTC', asserted: '1.5', status: 'under_review' });
    f.claim({ ref: 'D-2', creditor: ivan, asset: 'BTC', asserted: '1.5' });
    f.claim({ ref: 'D-3', creditor: latin, asset: 'BTC', asserted: '1.5', status: 'under_review' });
    const path = f.path;
    f.close();
    e = await launch({ openCase: path });
    await e.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Claims', exact: true }).click();
  });
  afterAll(async () => {
    await e?.close();
  });

  it('dismisses one candidate and confirms another, each with a reason', async () => {
    const { page } = e;
    await page.locator('[role=row][aria-rowindex="2"]').getByText('D-1').click();
    const panel = page.getByRole('complementary', { name: 'Claim D-1' });
    const items = panel.locator('.cl-dups li');
    await items
      .nth(1)
      .getByText(/Same creditor name once normalised \("Ivan Petrov"\)/)
      .waitFor();
    await items.nth(1).getByRole('button', { name: 'Not a duplicate' }).click();
    await panel.getByLabel('Reason (recorded in the audit log)').last().fill('Different people');
    await panel.getByRole('button', { name: 'Dismiss' }).click();
    await items.nth(1).getByText('Dismissed').waitFor();
    await items.first().getByRole('button', { name: 'Duplicate of this' }).click();
    await panel.getByLabel('Reason (recorded in the audit log)').last().fill('Filed twice by the same person');
    await panel.getByRole('button', { name: 'Mark D-1 a duplicate of D-2' }).click();
    await items.first().getByText('Confirmed duplicate').waitFor();
    await panel.locator('.cl-history li').first().getByText('under review → duplicate of D-2').waitFor();
    await page.locator('[role=row].vt-open').getByText('Duplicate').waitFor();
    await panel.locator('.cl-dups').scrollIntoViewIfNeeded();
    await e.shot('claims-duplicates');
  });
});
