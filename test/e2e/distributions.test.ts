/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, type E2E } from './harness.js';

describe('Distributions: the wizard on the demo case, approval by a second person, the history, loss allocation', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await launch();
  });
  afterAll(async () => {
    await e?.close();
  });

  const nav = (name: string) => e.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name, exact: true }).click();
  const shot = async (name: string) => {
    await e.page.locator('.toast button').evaluateAll((bs) => bs.forEach((b) => (b as HTMLButtonElement).click()));
    await e.shot(name);
  };
  const actAs = async (who: string) => {
    await nav('Settings');
    await e.page.getByLabel(/Your name/).fill(who);
    await e.page.getByRole('button', { name: 'Save name' }).click();
    await e.page.getByText(`You now act as ${who}`).waitFor();
  };

  it('starts with no runs and explains what a run is', async () => {
    const { page } = e;
    await page.getByRole('heading', { name: 'Case path' }).waitFor();
    await actAs('Alice Drafter');
    await nav('Distributions');
    await page.getByRole('heading', { name: 'No runs yet' }).waitFor();
    expect(await page.locator('.pool-strip').textContent()).toMatch(/Can still be released/);
    await shot('distributions-empty');
  });

  it('drafts a run through pool, options and preview, computed as a job', async () => {
    const { page } = e;
    await page.getByRole('button', { name: 'New distribution run' }).click();
    const pool = page.getByRole('form', { name: 'Pool' });
    await pool.waitFor();
    expect(await pool.locator('.pool-facts').textContent()).toMatch(/Available cash \(USD\)\s*[\d,]+\.\d\d/);
    await shot('distributions-pool');
    await pool.getByLabel(/Amount to release/).fill('5000000.00');
    await pool.getByRole('button', { name: 'Next: options' }).click();
    const options = page.getByRole('form', { name: 'Options' });
    await options.getByLabel(/Withhold payment from creditors whose KYC is not verified/).check();
    await shot('distributions-options');
    await options.getByRole('button', { name: 'Compute preview' }).click();
    await page.getByRole('heading', { name: 'Demand against allocation' }).waitFor({ timeout: 60_000 });
    const chart = page.getByRole('img', { name: /Class demand and allocation in R-001/ });
    expect(await chart.getAttribute('aria-label')).toMatch(/ADMIN: allocated [\d,.]+ of [\d,.]+ USD \(\d+\.\d\d%\)/);
    // the class summary with recovery, the pool held exactly, the claims left out, and the schedule
    expect(await page.locator('section[aria-label="Class summary"] tbody tr').count()).toBeGreaterThan(3);
    expect(await page.locator('.totals-table').textContent()).toMatch(/Paid this run[\d,.]+USD/);
    expect(await page.locator('section[aria-label="Unapproved claims"] h2').textContent()).toMatch(
      /Claims whose class is not approved \([\d,]+/,
    );
    await page.locator('table.schedule-table tbody tr').first().waitFor();
    expect(await page.locator('table.schedule-table tbody tr').count()).toBe(50);
    expect(await page.locator('.schedule .pager').textContent()).toMatch(/[\d,]+ claim portions/);
    await page.locator('.wizard-steps').scrollIntoViewIfNeeded();
    await shot('distributions-preview');
    await page.locator('section[aria-label="Class summary"]').scrollIntoViewIfNeeded();
    await shot('distributions-preview-classes');
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByText(/page 2/).waitFor();
    await shot('distributions-schedule');
  });

  it('refuses the drafter as approver and points to Settings; a second person approves and finalizes', async () => {
    const { page } = e;
    await page.getByRole('button', { name: 'Continue to approval' }).click();
    const approve = page.getByRole('form', { name: 'Approve' });
    await approve.getByText(/You \(Alice Drafter\) drafted R-001\. Another person must approve it/).waitFor();
    expect(await approve.getByRole('button', { name: 'Approve as Alice Drafter' }).isDisabled()).toBe(true);
    await shot('distributions-approve-refused');
    await approve.getByRole('button', { name: 'Change user in Settings' }).click();
    await page.getByLabel(/Your name/).fill('Bob Approver');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByText('You now act as Bob Approver').waitFor();
    await nav('Distributions');
    // back where the wizard was
    const again = page.getByRole('form', { name: 'Approve' });
    await again.getByLabel(/Note for the audit log/).fill('Checked against the bank statement of 30 June');
    await again.getByRole('button', { name: 'Approve as Bob Approver' }).click();
    const fin = page.getByRole('region', { name: 'Finalize' });
    await fin.waitFor();
    await fin.getByRole('button', { name: 'Finalize…' }).click();
    const dlg = page.getByRole('dialog', { name: 'Finalize R-001?' });
    expect(await dlg.textContent()).toMatch(/A finalized run never changes/);
    await shot('distributions-finalize-confirm');
    await dlg.getByRole('button', { name: 'Finalize R-001' }).click();
    const row = page.locator('table.runs-table tbody tr[data-run="R-001"]');
    await row.waitFor({ timeout: 60_000 });
    expect(await row.textContent()).toMatch(/finalized/);
    expect(await row.locator('td.who').textContent()).toBe('drafted by Alice Drafter, approved by Bob Approver, finalized by Bob Approver');
    expect(await row.locator('td.num').first().textContent()).toBe('5,000,000.00USD');
    await shot('distributions-history');
  });

  it('shows the finalized run with its proof root, and it verifies', async () => {
    const { page } = e;
    await page.getByRole('button', { name: 'Open R-001' }).click();
    await page.getByText('Proof root').waitFor();
    await page.getByRole('button', { name: /Verify/ }).click();
    await page.getByText(/R-001 verified: the input hash matches/).waitFor({ timeout: 60_000 });
    await shot('distributions-finalized');
    await page.getByRole('button', { name: 'Back to the runs' }).click();
  });

  it('compares a what-if draft (disputed claims at 100%) with the real draft, per class and per claim', async () => {
    const { page } = e;
    const draft = async (disputed: string) => {
      await page.getByRole('button', { name: 'New distribution run' }).click();
      await page.getByLabel(/Amount to release/).fill('1000000');
      await page.getByRole('button', { name: 'Next: options' }).click();
      await page.getByLabel('Disputed claims').selectOption(disputed);
      await page.getByRole('button', { name: 'Compute preview' }).click();
      await page.getByRole('heading', { name: 'Demand against allocation' }).waitFor({ timeout: 60_000 });
      await page.getByRole('button', { name: 'Back to the runs' }).click();
    };
    await draft('reserve');
    await draft('100');
    const whatIf = page.locator('table.runs-table tbody tr[data-run="R-003"]');
    expect(await whatIf.textContent()).toMatch(/draft\s*what-if/);
    await page.getByLabel('Pick R-002 to compare').check();
    await page.getByLabel('Pick R-003 to compare').check();
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    const cmp = page.getByRole('region', { name: 'Compare R-002 and R-003' });
    await cmp.waitFor();
    expect(await cmp.locator('h2').first().textContent()).toMatch(
      /R-002 \(draft, releases 1,000,000\.00 USD\) against R-003 \(draft, disputed at 100%/,
    );
    const reserved = cmp.locator('tr.total-row', { hasText: 'Reserved' });
    expect(await reserved.textContent()).toMatch(/−[\d,.]+USD$/);
    await cmp.locator('table.compare-table tbody tr').first().waitFor();
    await shot('distributions-compare');
    await cmp.locator('table.compare-table').scrollIntoViewIfNeeded();
    await shot('distributions-compare-claims');
    await page.getByRole('button', { name: 'Back to the runs' }).click();
  });

  it('allocates a loss over the CCP default waterfall template', async () => {
    const { page } = e;
    await page.getByRole('tab', { name: 'Loss allocation' }).click();
    await page.getByLabel('Start from a template').selectOption('ccp-default-waterfall');
    expect(await page.getByLabel(/Layers \(CSV/).inputValue()).toMatch(/^layer,layer_name,contributor,capacity/);
    await page.getByLabel(/Shortfall/).fill('70000000.00');
    await page.getByRole('button', { name: 'Allocate' }).click();
    const table = page.locator('table.loss-table');
    await table.waitFor();
    expect(await table.locator('tr', { hasText: 'CM-01 Alder Clearing' }).first().textContent()).toMatch(/3,571,428\.5\d\s*USD\s*25\.51%/);
    expect(await page.locator('.loss-result .stat', { hasText: 'Left uncovered' }).textContent()).toMatch(/0\.00/);
    await page.getByRole('button', { name: 'Save as a loss run' }).click();
    await page.getByText(/Saved as L-001/).waitFor();
    await page.locator('.loss-result').scrollIntoViewIfNeeded();
    await shot('distributions-losses');
    // the saved allocation is a run of its own in the history, waiting for a second person
    await page.getByRole('tab', { name: 'Runs' }).click();
    expect(await page.locator('table.runs-table tbody tr[data-run="L-001"]').textContent()).toMatch(/loss allocation\s*draft/);
  });
});
