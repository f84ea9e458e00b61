import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main.js';
import { fixture } from './fixture.js';

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, mkdtempSync(join(tmpdir(), 'recourse-cli-data-')));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('recourse claims / claim commands', () => {
  let file: string;
  beforeAll(() => {
    const f = fixture();
    const a = f.creditor('CR-1', 'Ada Lovelace');
    const b = f.creditor('CR-2', 'Bob Stone', { kyc: 'pending' });
    f.claim({ ref: 'C-1', creditor: a, asset: 'BTC', asserted: '2', status: 'under_review' });
    f.claim({ ref: 'C-2', creditor: b, asset: 'USD', asserted: '100.00', status: 'under_review' });
    f.claim({ ref: 'C-3', creditor: b, asset: 'USD', asserted: '30.00', status: 'filed' });
    file = f.path;
    f.close();
  });

  it('lists claims with a status filter, as text and as JSON', async () => {
    const text = await cli('claims', 'list', file, '--status', 'under_review');
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/C-1\s+under_review\s+BTC\s+2\.00000000\s+-\s+100000\.25\s.*Ada Lovelace \(CR-1\) {2}not scheduled/);
    expect(text.out).not.toContain('C-3');
    expect(text.out).toMatch(/2 of 2 claims, value 100100\.25 USD/);
    const j = JSON.parse((await cli('claims', 'list', file, '--sort', 'value', '--desc', '--json')).out) as Array<{
      ref: string;
      value: string;
    }>;
    expect(j.map((r) => [r.ref, r.value])).toEqual([
      ['C-1', '100000.25'],
      ['C-2', '100.00'],
      ['C-3', '30.00'],
    ]);
    expect((await cli('claims', 'list', file, '--status', 'approved')).code).toBe(2);
  });

  it('shows a claim, updates it with a reason as the --as user, and refuses an invalid transition', async () => {
    const shown = JSON.parse((await cli('claim', 'show', file, 'C-1', '--json')).out);
    expect(shown).toMatchObject({ ref: 'C-1', status: 'under_review', valuation: { price: '50000.125', priceDate: '2026-01-15' } });
    const up = await cli(
      'claim',
      'update',
      file,
      'C-1',
      '--status',
      'allowed',
      '--allowed',
      '1.5',
      '--reason',
      'Agreed with creditor',
      '--as',
      'carol',
    );
    expect(up.code).toBe(0);
    expect(up.out).toBe('C-1: allowed, allowed 1.50000000 BTC, value 75000.19 USD');
    const text = (await cli('claim', 'show', file, 'C-1')).out;
    expect(text).toMatch(/carol +under review → allowed +\(Agreed with creditor\)/);
    expect(text).toMatch(/1\.50000000 BTC \(allowed\) × 50000\.125 USD on 2026-01-15/);
    const bad = await cli('claim', 'update', file, 'C-3', '--status', 'allowed', '--reason', 'Too early');
    expect(bad.code).toBe(1);
    expect(bad.err).toBe(
      'recourse: C-3: A filed claim cannot become allowed; it can become under review, withdrawn, superseded, duplicate',
    );
    expect((await cli('claim', 'update', file, 'C-3', '--status', 'under_review')).code).toBe(2);
  });

  it('moves several claims at once, or none when one cannot move', async () => {
    const refused = await cli('claims', 'bulk-status', file, 'C-2', 'C-3', '--status', 'disputed', '--reason', 'Ledger differs');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/1 of 2 claims cannot become disputed, so none was changed\. C-3: A filed claim cannot become disputed/);
    const ok = await cli('claims', 'bulk-status', file, 'C-2', '--status', 'disputed', '--reason', 'Ledger differs');
    expect(ok.out).toBe('1 claims are now disputed');
  });

  it('lists creditors and shows one with totals', async () => {
    expect((await cli('creditors', 'list', file, '--kyc', 'pending')).out).toMatch(/CR-2 .* pending .* 2 claims +Bob Stone/);
    expect((await cli('creditor', 'show', file, 'CR-2')).out).toMatch(/USD +2 claims +asserted 130\.00/);
  });
});
