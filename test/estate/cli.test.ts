import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../../src/cli/main.js';

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, mkdtempSync(join(tmpdir(), 'recourse-cli-data-')));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('recourse asset / estate / expense / holdback', () => {
  it('registers, realizes in part, records an expense and a holdback, and reports the estate per currency', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'recourse-cli-estate-'));
    const f = join(dir, 'c.recourse');
    expect((await cli('case', 'new', f, '--name', 'E', '--petition-date', '2025-11-14')).code).toBe(0);
    const add = await cli('asset', 'add', f, 'EA-1', '--kind', 'bank_account', '--asset', 'USD', '--quantity', '1000000', '--status', 'under_control', '--as', 'ana');
    expect(add.out).toBe('Registered EA-1: 1000000.00 USD, under control');
    const sale = await cli('asset', 'realize', f, 'EA-1', '--quantity', '250000', '--proceeds', '250000', '--costs', '99.99', '--date', '2026-02-01', '--as', 'ana');
    expect(sale.code).toBe(0);
    expect(sale.out).toMatch(/holds 750000.00 USD, realizing/);
    expect((await cli('expense', 'add', f, '--date', '2026-02-02', '--category', 'legal', '--currency', 'USD', '--amount', '12000', '--payee', 'Counsel LLP')).code).toBe(0);
    expect((await cli('holdback', 'add', f, '--currency', 'USD', '--amount', '50000', '--reason', 'Reserve for appeal costs')).code).toBe(0);
    const j = JSON.parse((await cli('estate', f, '--json')).out);
    expect(j.cash[0]).toEqual({
      currency: 'USD',
      scale: 2,
      proceeds: '250000.00',
      costs: '99.99',
      expenses: '12000.00',
      distributed: '0.00',
      cash: '237900.01',
      holdbacks: '50000.00',
      available: '187900.01',
    });
    expect(j.ledger.balanced).toBe(true);
    const text = (await cli('estate', f)).out;
    expect(text).toMatch(/USD\s+250000\.00\s+99\.99\s+12000\.00\s+0\.00\s+237900\.01\s+50000\.00\s+187900\.01/);
    const audit = JSON.parse((await cli('audit', f, '--entity', 'estate_asset', '--json')).out) as Array<{ action: string; actor: string }>;
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['estate_asset.add', 'estate_asset.realize', 'estate_asset.status']));
    expect(audit.every((a) => a.actor === 'ana')).toBe(true);
  });

  it('imports an assets CSV through a job, attaches and retrieves evidence, and refuses bad input with exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'recourse-cli-estate-'));
    const f = join(dir, 'c.recourse');
    await cli('case', 'new', f, '--name', 'E', '--petition-date', '2025-11-14');
    const imp = await cli('asset', 'import', f, resolve('assets/samples/assets.csv'));
    expect(imp.out).toBe('Imported 7 assets from assets.csv (2 sales, 1 written off)');
    const list = JSON.parse((await cli('asset', 'list', f, '--status', 'realized', '--json')).out);
    expect(list.map((r: { ref: string }) => r.ref)).toEqual(['EA-104']);
    writeFileSync(join(dir, 'order.pdf'), '%PDF-1.4 freezing order');
    expect((await cli('asset', 'attach', f, 'EA-101', join(dir, 'order.pdf'))).out).toMatch(/Attached order.pdf to EA-101 \(document \d+\)/);
    const id = JSON.parse((await cli('asset', 'show', f, 'EA-101', '--json')).out).documents[0].id;
    await cli('asset', 'document', f, String(id), '--out', join(dir, 'copy.pdf'));
    expect(readFileSync(join(dir, 'copy.pdf'), 'utf8')).toBe('%PDF-1.4 freezing order');
    const over = await cli('asset', 'realize', f, 'EA-103', '--quantity', '9999999', '--proceeds', '1');
    expect(over.code).toBe(1);
    expect(over.err).toMatch(/EA-103 holds 4200000.000000 USDT that can be sold/);
    expect((await cli('asset', 'realize', f, 'EA-103', '--proceeds', '1')).code).toBe(2);
    // `recourse import … --kind assets` is the same importer
    const again = await cli('import', f, resolve('assets/samples/assets.csv'), '--kind', 'assets');
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/7 problems, nothing was imported/);
  });
});
