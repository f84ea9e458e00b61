/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, type E2E } from './harness.js';

describe('browser mode: the demo case, every section', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await launch();
  });
  afterAll(async () => {
    await e?.close();
  });

  it('opens a copy of the demo case on first start and shows its dashboard', async () => {
    const { page } = e;
    await page.getByRole('heading', { name: 'Case path' }).waitFor();
    const statusbar = page.getByLabel('Status bar');
    expect(await statusbar.textContent()).toContain(e.dataDir);
    expect(await page.locator('.case-button').textContent()).toContain('Meridian Derivatives');
    // Real figures: 3,000 claims, 2,100 creditors
    const stats = await page.locator('.stat').allTextContents();
    expect(stats.join(' ')).toMatch(/Claims\s*3,000/);
    expect(stats.join(' ')).toMatch(/Creditors\s*2,100/);
    // The case path shows all nine steps, each with a button
    expect(await page.locator('.steps li').count()).toBe(9);
    await e.shot('dashboard');
  });

  it('visits every section from the navigation', async () => {
    const { page } = e;
    for (const [label, heading] of [
      ['Claims', 'Claims'],
      ['Creditors', 'Creditors'],
      ['Assets', 'Assets'],
      ['Classification', 'Classification'],
      ['Distributions', 'Distributions'],
      ['Exports', 'Exports'],
      ['Audit log', 'Audit log'],
      ['Settings', 'Settings'],
      ['Dashboard', 'Dashboard'],
    ] as const) {
      await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: label, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      expect(await page.locator('nav [aria-current="page"]').textContent()).toBe(label);
      await e.shot(`section-${label.toLowerCase().replace(/\s+/g, '-')}`);
    }
  });

  it('filters the audit log by actor and pages through it', async () => {
    const { page } = e;
    await page.getByRole('button', { name: 'Audit log', exact: true }).click();
    await page.getByText('Hash chain intact').waitFor();
    await page.getByLabel('Actor').selectOption('j.tanaka');
    await page.waitForFunction(() => {
      const cells = [...document.querySelectorAll('table.audit tbody tr td:nth-child(2)')];
      return cells.length > 0 && cells.every((c) => c.textContent === 'j.tanaka');
    });
    await page.getByLabel('Search reference or reason').fill('CL-0000');
    await page.getByRole('button', { name: 'Older' }).click();
    await page.getByText(/page 2/).waitFor();
    await e.shot('audit-filtered');
  });

  it('sets the user name in Settings and records it', async () => {
    const { page } = e;
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const field = page.getByLabel(/Your name/);
    await field.fill('Dana Reviewer');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByText('You now act as Dana Reviewer').waitFor();
    expect(await page.getByLabel('Status bar').textContent()).toContain('Dana Reviewer');
    await e.shot('settings');
  });

  it('creates a new case from the case menu and lands on its empty dashboard', async () => {
    const { page } = e;
    await page.getByRole('button', { name: /Case/ }).first().click();
    await page.getByRole('menuitem', { name: 'New case…' }).click();
    await page.getByLabel('Case name').fill('In re Example Exchange');
    await page.getByLabel('Petition date').fill('2026-01-15');
    await page.getByLabel(/Interest rate/).fill('0.09');
    await page.getByRole('button', { name: 'Create case' }).click();
    await page.getByText('Created In re Example Exchange').waitFor();
    expect(await page.locator('.case-button').textContent()).toContain('In re Example Exchange');
    await page.getByText('No claims yet: import the ledger or filed proofs').waitFor();
    await e.shot('new-case-dashboard');
  });

  it('shows a readable error when a case file does not exist', async () => {
    const { page } = e;
    await page.getByRole('button', { name: /Case/ }).first().click();
    await page.getByRole('menuitem', { name: 'Open case file…' }).click();
    await page.getByLabel('Path of the .recourse file').fill('/nonexistent/nowhere.recourse');
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'No case file at /nonexistent/nowhere.recourse' }).waitFor();
    await e.shot('open-error');
  });
});
