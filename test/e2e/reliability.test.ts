/// <reference lib="dom" />
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { launch, type E2E } from './harness.js';
import { backupBefore } from '../../src/store/backup.js';
import { setCaseAccess } from '../../src/store/db.js';
import { corruptMiddle, exited, holdOpen, makeCase, tmpDir } from '../reliability/helpers.js';

let e: E2E | null = null;
let holder: ChildProcess | null = null;
afterEach(async () => {
  await e?.close();
  e = null;
  if (holder) {
    holder.kill('SIGKILL');
    await exited(holder);
    holder = null;
  }
});

const statusbar = () => e!.page.getByLabel('Status bar');

describe('reliability in the browser', () => {
  it('Settings lists backups, backs up now and restores one; the Audit log verifies the case', async () => {
    e = await launch();
    const { page } = e;
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('heading', { name: 'Backups', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Back up now' }).click();
    await page.getByText(/Backed up to .*manual\.recourse \(checked\)/).waitFor();
    const rows = page.locator('table.backups tbody tr');
    await rows.filter({ hasText: 'manual' }).first().waitFor();
    await e.shot('reliability-backups');
    await rows.filter({ hasText: 'manual' }).first().getByRole('button', { name: /Restore the backup/ }).click();
    await page.getByRole('dialog', { name: 'Restore this backup?' }).getByRole('button', { name: 'Restore' }).click();
    await page.getByText(/Restored the backup of/).waitFor();
    await rows.filter({ hasText: 'before-restore' }).first().waitFor();
    await e.shot('reliability-restored');
    // The passphrase card sits below: protect the case, and the status follows.
    await page.getByLabel('New passphrase (at least 8 characters)').fill('a long passphrase');
    await page.getByLabel('New passphrase again').fill('a long passphrase');
    await page.getByRole('button', { name: 'Encrypt with this passphrase' }).click();
    await page.getByText(/The case is encrypted with the new passphrase/).waitFor();
    await page.getByRole('button', { name: 'Change passphrase' }).waitFor();
    await e.shot('reliability-encrypted');

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Audit log', exact: true }).click();
    await page.getByRole('button', { name: 'Verify case' }).click();
    const dlg = page.getByRole('dialog', { name: 'The case verifies' });
    await dlg.waitFor();
    expect(await dlg.getByRole('list', { name: 'Checks' }).textContent()).toMatch(/OK File structure.*OK References.*OK Audit log hash chain/);
    await e.shot('reliability-verify');
  });

  it('offers a restore instead of crashing when the case is damaged', async () => {
    const p = join(tmpDir(), 'damaged.recourse');
    makeCase(p, { claims: 3000 });
    backupBefore(p, 'import');
    corruptMiddle(p);
    e = await launch({ openCase: p });
    const { page } = e;
    const dlg = page.getByRole('dialog', { name: 'This case file is damaged' });
    await dlg.waitFor();
    expect(await dlg.textContent()).toMatch(/failed its integrity check/);
    await e.shot('reliability-damaged');
    await dlg.getByRole('button', { name: /Restore the backup taken/ }).first().click();
    await page.getByText(/Restored Reliability test estate from the backup/).waitFor();
    expect(await statusbar().textContent()).toContain(p);
    expect(await statusbar().textContent()).toContain('Open for writing');
  });

  it('offers read-only when the case is open for writing in another process', async () => {
    const p = join(tmpDir(), 'busy.recourse');
    makeCase(p, { claims: 5 });
    holder = (await holdOpen(p)).child;
    e = await launch({ openCase: p });
    const { page } = e;
    const dlg = page.getByRole('dialog', { name: 'This case is open elsewhere' });
    await dlg.waitFor();
    await e.shot('reliability-locked');
    await dlg.getByRole('button', { name: 'Open read-only' }).click();
    await page.getByText(/read-only/).first().waitFor();
    expect(await statusbar().textContent()).toContain('Read-only');
    expect(await statusbar().textContent()).toContain(p);
  });

  it('asks for the passphrase of an encrypted case, and says when it is wrong', async () => {
    const p = join(tmpDir(), 'secret.recourse');
    makeCase(p, { passphrase: 'correct horse battery' });
    setCaseAccess(p, null);
    e = await launch({ openCase: p });
    const { page } = e;
    const dlg = page.getByRole('dialog', { name: 'Enter the case passphrase' });
    await dlg.waitFor();
    await dlg.getByLabel('Passphrase').fill('not the passphrase');
    await dlg.getByRole('button', { name: 'Open case' }).click();
    await dlg.getByRole('alert').filter({ hasText: /passphrase is wrong/ }).waitFor();
    await e.shot('reliability-passphrase');
    await dlg.getByLabel('Passphrase').fill('correct horse battery');
    await dlg.getByRole('button', { name: 'Open case' }).click();
    await page.getByText('Opened Reliability test estate').waitFor();
    expect(await statusbar().textContent()).toContain(p);
  });
});
