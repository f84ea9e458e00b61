/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, type E2E } from './harness.js';

describe('classification: ladder, rules, review and sign-off in the browser', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await launch();
    await e.page.getByRole('heading', { name: 'Case path' }).waitFor();
  });
  afterAll(async () => {
    await e?.close();
  });

  const tab = (name: string) => e.page.getByRole('tab', { name, exact: true }).click();
  const ladderOrder = () => e.page.locator('.ladder-table tbody tr').evaluateAll((rows) => rows.map((r) => r.querySelector('code')?.textContent ?? ''));

  it('shows the demo ladder with its shared rank grouped', async () => {
    const { page } = e;
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Classification', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Classification' }).waitFor();
    await page.locator('.ladder-table').waitFor();
    expect(await ladderOrder()).toEqual(['ADMIN', 'SEC', 'PRIO', 'CUST', 'CONV', 'GUC', 'SUB', 'EQ']);
    // CONV and GUC share rank 5: one group, GUC's box ticked
    expect(await page.locator('tbody.rank-group.shared tr').count()).toBe(2);
    expect(await page.getByLabel('GUC shares the rank of the class above').isChecked()).toBe(true);
    // a demo built before ladder versions has none yet; one built since has version 1
    expect(await page.locator('.page-header .subtitle').textContent()).toMatch(/Ladder version 1 .* not signed off|Ladder not versioned yet/);
    await e.shot('classification-ladder');
    // adding a class puts it in the draft above equity; discarding brings the saved ladder back
    await page.getByRole('button', { name: 'Add class' }).click();
    const form = page.getByRole('dialog', { name: 'Add a class' });
    await form.getByLabel('Code').fill('interco');
    await form.getByLabel('Name').fill('Intercompany claims');
    await form.getByLabel('Treatment').selectOption('fixed_pct');
    await form.getByLabel('Percentage (fraction of value)').fill('0.25');
    await e.shot('classification-class-form');
    await form.getByRole('button', { name: 'Add to draft' }).click();
    expect(await ladderOrder()).toEqual(['ADMIN', 'SEC', 'PRIO', 'CUST', 'CONV', 'GUC', 'SUB', 'INTERCO', 'EQ']);
    expect(await page.getByRole('row', { name: /^INTERCO/ }).textContent()).toContain('25% of value');
    await page.getByRole('button', { name: 'Discard changes' }).click();
    expect(await ladderOrder()).toEqual(['ADMIN', 'SEC', 'PRIO', 'CUST', 'CONV', 'GUC', 'SUB', 'EQ']);
  });

  it('reorders ranks by keyboard and by dragging, then saves a new version', async () => {
    const { page } = e;
    const prio = page.getByRole('row', { name: /^PRIO Priority employee wages, rank 3/ });
    await prio.focus();
    await page.keyboard.press('Alt+ArrowUp');
    expect(await ladderOrder()).toEqual(['ADMIN', 'PRIO', 'SEC', 'CUST', 'CONV', 'GUC', 'SUB', 'EQ']);
    // focus stays on the moved row, so it can keep moving
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^PRIO .*rank 2/);
    await page.getByText('PRIO is now at rank 2 of 7').waitFor({ state: 'attached' });
    await page.keyboard.press('Alt+ArrowDown');
    await page.keyboard.press('Alt+ArrowDown');
    expect(await ladderOrder()).toEqual(['ADMIN', 'SEC', 'CUST', 'PRIO', 'CONV', 'GUC', 'SUB', 'EQ']);
    // drag SUB onto CUST: SUB takes CUST's place as its own rank
    await page.locator('.ladder-table tr[aria-label^="SUB"]').dragTo(page.locator('.ladder-table tr[aria-label^="CUST"]'));
    expect(await ladderOrder()).toEqual(['ADMIN', 'SEC', 'SUB', 'CUST', 'PRIO', 'CONV', 'GUC', 'EQ']);
    await page.getByRole('button', { name: 'Move SUB down' }).click();
    expect(await ladderOrder()).toEqual(['ADMIN', 'SEC', 'CUST', 'SUB', 'PRIO', 'CONV', 'GUC', 'EQ']);
    await e.shot('classification-ladder-reordered');
    // an invalid order is refused with the reason: PRIO's overflow class must rank below it
    await page.getByRole('button', { name: 'Move PRIO down' }).click();
    await page.getByRole('button', { name: 'Move PRIO down' }).click();
    await page.getByRole('button', { name: 'Save ladder' }).click();
    await page.getByRole('alert').filter({ hasText: 'its overflow class GUC (rank 5) must rank below it' }).waitFor();
    await e.shot('classification-ladder-refused');
    await page.getByRole('button', { name: 'Move PRIO up' }).click();
    await page.getByRole('button', { name: 'Move PRIO up' }).click();
    await page.getByLabel('Note for the version (optional)').fill('Subordinated claims ahead of priority wages, per plan term sheet');
    await page.getByRole('button', { name: 'Save ladder' }).click();
    await page.getByText('Saved the ladder as version 2').waitFor();
    expect(await ladderOrder()).toEqual(['ADMIN', 'SEC', 'CUST', 'SUB', 'PRIO', 'CONV', 'GUC', 'EQ']);
    expect(await page.locator('.ladder-table tbody[data-rank]').evaluateAll((g) => g.map((x) => x.getAttribute('data-rank')))).toEqual(['1', '2', '3', '4', '5', '6', '7']);
  });

  it('adds a rule and watches its live preview before applying it', async () => {
    const { page } = e;
    await tab('Rules');
    await page.getByText('No rules yet').waitFor();
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByLabel('Rule 1 class').selectOption('PRIO');
    await page.getByLabel('Rule 1: Creditor type Employee').check();
    const preview = page.getByLabel('Rule 1 preview');
    await preview.getByText(/Moves \d+ claims/).waitFor();
    const text = (await preview.textContent()) ?? '';
    const moves = Number(/Moves ([\d,]+) claims/.exec(text)![1]!.replace(/,/g, ''));
    expect(moves).toBeGreaterThan(10);
    expect(text).toMatch(/from CUST: \d+/);
    // narrowing the rule shrinks the preview
    await page.getByLabel('Rule 1 value up to').fill('1000.00');
    await page.waitForFunction((before) => {
      const t = document.querySelector('[aria-label="Rule 1 preview"]')?.textContent ?? '';
      const m = /Moves ([\d,]+) claims?/.exec(t);
      return m && Number(m[1]!.replace(/,/g, '')) < before;
    }, moves);
    await e.shot('classification-rules-preview');
    await page.getByLabel('Rule 1 value up to').fill('');
    await page.getByLabel('Rule 1 name').fill('Employees: priority wages');
    await page.getByRole('button', { name: 'Save rules' }).click();
    await page.getByText('Saved the rules as version 3').waitFor();
    await page.getByRole('button', { name: 'Apply rules…' }).click();
    await page.getByRole('button', { name: /^Apply to \d+ claims$/ }).click();
    await page.getByText(/Proposed a new class for \d+ claims/).waitFor();
    await e.shot('classification-rules-applied');
  });

  it('shows the class summary with approved against pending', async () => {
    const { page } = e;
    await tab('Summary');
    const prio = page.locator('table.class-summary tbody tr').filter({ hasText: 'PRIO' });
    await prio.waitFor();
    // the rule's proposals are pending review
    expect(await prio.locator('.stack .pending').evaluate((el) => (el as HTMLElement).style.width)).toMatch(/^[1-9]|^0\.[1-9]/);
    expect(await page.locator('table.class-summary tfoot').textContent()).toMatch(/Total/);
    await e.shot('classification-summary');
  });

  it("refuses the proposer's own approval, then a second user approves, overrides with a citation and approves all", async () => {
    const { page } = e;
    await tab('Review queue');
    await page.getByLabel('Proposed by').selectOption('mine');
    const mine = page.locator('table.queue tbody tr').first();
    await mine.getByText(/rule \d+ \(Employees: priority wages\)/).waitFor();
    expect(await mine.getByRole('button', { name: /^Approve / }).isDisabled()).toBe(true);
    expect(await mine.getByRole('button', { name: /^Approve / }).getAttribute('title')).toBe('You proposed this; someone else must review it');
    await e.shot('classification-review-own');
    // become a second person
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByLabel(/Your name/).fill('Dana Reviewer');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByText('You now act as Dana Reviewer').waitFor();
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Classification', exact: true }).click();
    await tab('Review queue');
    await page.getByRole('combobox', { name: /^Class/ }).selectOption('PRIO');
    // a proposal of the rule the first user ran (the page also holds imported PRIO proposals)
    const first = page.locator('table.queue tbody tr').filter({ hasText: 'Employees: priority wages' }).first();
    await first.waitFor();
    const values = await page.locator('table.queue tbody td.num').allTextContents();
    const minor = values.map((v) => BigInt(v.replace(/[,.]/g, '')));
    expect(minor).toEqual([...minor].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
    const ref = (await first.locator('.ref').textContent())!;
    await first.getByRole('button', { name: `Approve ${ref}` }).click();
    await page.getByText(`Approved ${ref} in PRIO`).waitFor();
    // the queue refetches after the toast: wait until the approved proposal has left it
    await page.locator('table.queue tbody tr').filter({ hasText: ref }).waitFor({ state: 'detached' });
    const second = page.locator('table.queue tbody tr').filter({ hasText: 'Employees: priority wages' }).first();
    const ref2 = (await second.locator('.ref').textContent())!;
    expect(ref2).not.toBe(ref);
    await second.getByRole('button', { name: `Override ${ref2}` }).click();
    const dialog = page.getByRole('dialog', { name: `Override the class of ${ref2}` });
    await dialog.getByLabel('New class').selectOption('GUC');
    await dialog.getByLabel(/Reason/).fill('Severance beyond the 180-day window is a general unsecured claim');
    await dialog.getByLabel('Citation (optional)').fill('11 U.S.C. § 507(a)(4)');
    await e.shot('classification-override');
    await dialog.getByRole('button', { name: 'Override' }).click();
    await page.getByText(`${ref2} overridden to GUC`).waitFor();
    await page.getByRole('combobox', { name: /^Class/ }).selectOption('');
    await page.getByRole('button', { name: 'Approve all proposals of others…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Approve all' }).click();
    await page.getByText(/Approved [\d,]+ proposals/).waitFor();
    await page.getByText('Nothing awaits review').waitFor();
    await e.shot('classification-review-done');
  });

  it('signs off the current version as the second user and compares versions', async () => {
    const { page } = e;
    await tab('Versions');
    await page.getByRole('button', { name: 'Sign off version 3' }).click();
    await page.getByText('Version 3 signed off by Dana Reviewer').waitFor();
    await page.locator('.page-header .subtitle').getByText('signed off by Dana Reviewer').waitFor();
    await page.getByLabel('From version').selectOption('1');
    await page.getByLabel('To version').selectOption('3');
    await page.getByRole('button', { name: 'Compare' }).click();
    const diff = page.getByLabel('Differences');
    await diff.getByText('Rules added: Employees: priority wages').waitFor();
    expect(await diff.textContent()).toMatch(/SUB: rank 6 → 4/);
    expect(await diff.textContent()).toMatch(/[\d,]+ claims move class/);
    await e.shot('classification-versions');
  });

  it('shows a template with its legal note and sources, and explains why it cannot replace a ladder still in use', async () => {
    const { page } = e;
    await tab('Ladder');
    await page.getByRole('button', { name: 'Load template…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Load a ladder template' });
    await dialog.getByLabel('Template').selectOption('uk-administration');
    await dialog.getByText('Insolvency Act 1986, s. 176A', { exact: true }).waitFor();
    expect(await dialog.textContent()).toMatch(/not legal advice/);
    await e.shot('classification-template');
    await dialog.getByRole('button', { name: 'Load template' }).click();
    // the demo's claims sit in classes the UK ladder lacks: they are kept, and two residual classes cannot coexist
    await dialog.getByRole('alert').filter({ hasText: 'The UK administration template was not loaded: 3 problems' }).waitFor();
    expect(await dialog.getByRole('alert').textContent()).toContain('Only one class can be residual (it takes what is left after every rank); found SH, EQ');
    expect(await dialog.getByRole('alert').textContent()).toMatch(/Classes kept because they still hold claims: ADMIN, SEC, CUST, SUB, PRIO, CONV, GUC, EQ/);
    await e.shot('classification-template-refused');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await ladderOrder()).toEqual(['ADMIN', 'SEC', 'CUST', 'SUB', 'PRIO', 'CONV', 'GUC', 'EQ']);
  });
});
