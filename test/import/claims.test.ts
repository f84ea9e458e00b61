import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { verifyAuditChain } from '../../src/store/audit.js';
import { CLAIMS_HEADER, count, file, newCase, run } from './helpers.js';

const SAMPLES = fileURLToPath(new URL('../../assets/samples/', import.meta.url));

describe('claims import: validation report', () => {
  it('names every bad row and column of the sample with errors, and writes nothing', async () => {
    const c = newCase({ classes: true });
    const before = { claims: count(c, 'SELECT count(*) FROM claims'), creditors: count(c, 'SELECT count(*) FROM creditors'), audit: count(c, 'SELECT count(*) FROM audit') };
    const r = await run(c, 'claims', SAMPLES + 'claims-with-errors.csv');
    expect(r.ok).toBe(false);
    expect(r.committed).toBe(false);
    const at = (row: number, column: string) => r.errors.filter((e) => e.row === row && e.column === column).map((e) => e.message).join(' | ');
    expect(at(2, 'amount')).toMatch(/"15,250" is ambiguous/);
    expect(at(3, 'amount')).toMatch(/more decimals than BTC allows \(8\)/);
    expect(at(4, 'amount')).toMatch(/negative/);
    expect(at(5, 'asset')).toMatch(/Unknown asset DOGE/);
    expect(at(6, 'ref')).toMatch(/Duplicate reference: POC-0004 is also on row 5/);
    expect(at(6, 'status')).toMatch(/"approved" is not a known status/);
    expect(at(7, 'class')).toMatch(/Unknown class code VIP/);
    expect(at(7, 'filed_on')).toMatch(/write dates as YYYY-MM-DD/);
    expect(at(8, 'creditor_name')).toMatch(/CR-9000007 is not in the case; give its name/);
    expect(at(9, 'creditor_type')).toMatch(/"state body" is not a known creditor type/);
    expect(at(9, 'kyc')).toMatch(/"unknown" is not a known KYC state/);
    expect(at(10, 'secured_by')).toMatch(/No estate asset EA-999/);
    expect(at(11, 'amends')).toMatch(/Amended claim POC-9999 is not in the case or in this file/);
    expect(at(12, 'amount')).toMatch(/Missing/);
    expect(r.errorRows).toBe(11);
    expect(r.errors.map((e) => e.row)).toEqual([...r.errors.map((e) => e.row)].sort((a, b) => a - b));
    expect(r.message).toMatch(/Rejected: 14 problems on 11 rows\. Nothing was written/);
    // whole or nothing: the valid rows were not written either
    expect(count(c, 'SELECT count(*) FROM claims')).toBe(before.claims);
    expect(count(c, 'SELECT count(*) FROM creditors')).toBe(before.creditors);
    expect(count(c, 'SELECT count(*) FROM audit')).toBe(before.audit);
  });

  it('writes nothing when a single row of many is bad', async () => {
    const c = newCase();
    const rows = [CLAIMS_HEADER];
    for (let i = 1; i <= 500; i++) rows.push(`C-${i},CR-${i},Creditor ${i},USD,${i}.50,filed,2026-01-10`);
    rows.push('C-501,CR-501,Creditor 501,USD,1.999,filed,2026-01-10');
    const r = await run(c, 'claims', file('claims.csv', rows.join('\n')));
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual([{ row: 502, column: 'amount', message: expect.stringMatching(/"1\.999" has more decimals than USD allows \(2\)/) }]);
    expect(count(c, 'SELECT count(*) FROM claims')).toBe(0);
    expect(count(c, 'SELECT count(*) FROM creditors')).toBe(0);
    expect(count(c, 'SELECT count(*) FROM imports')).toBe(0);
  });

  it('refuses a claim whose asset has no petition-date price, naming the asset', async () => {
    const c = newCase({ prices: false });
    const r = await run(c, 'claims', file('c.csv', `${CLAIMS_HEADER}\nC-1,CR-1,Ann,BTC,1.5,filed,2026-01-10\nC-2,CR-2,Bo,USD,10,filed,2026-01-10`));
    expect(r.errors).toEqual([{ row: 2, column: 'asset', message: 'No price for BTC on the petition date 2025-11-14; import prices first' }]);
  });

  it('reports rows of one creditor that disagree on its name', async () => {
    const c = newCase();
    const r = await run(c, 'claims', file('c.csv', `${CLAIMS_HEADER}\nC-1,CR-1,Anna Smith,USD,1,filed,2026-01-10\nC-2,CR-1,Anna Smyth,USD,2,filed,2026-01-10`));
    expect(r.errors).toEqual([{ row: 3, column: 'creditor_name', message: 'Creditor CR-1 has name "Anna Smith" on row 2; this row says "Anna Smyth"' }]);
  });

  it('refuses a status change the lifecycle does not allow', async () => {
    const c = newCase();
    expect((await run(c, 'claims', file('a.csv', `${CLAIMS_HEADER}\nC-1,CR-1,Ann,USD,10,withdrawn,2026-01-10`))).ok).toBe(true);
    const r = await run(c, 'claims', file('b.csv', `${CLAIMS_HEADER}\nC-1,CR-1,Ann,USD,10,allowed,2026-01-10`));
    expect(r.errors).toEqual([{ row: 2, column: 'status', message: 'C-1: A withdrawn claim is closed and cannot change status' }]);
  });
});

describe('claims import: writing', () => {
  it('creates creditors and claims, valued at the petition-date price, and flags late claims', async () => {
    const c = newCase({ classes: true });
    const r = await run(c, 'claims', SAMPLES + 'claims.csv');
    expect(r).toMatchObject({ ok: true, committed: true, rows: 12, new: 12, updated: 0, unchanged: 0, creditors: { new: 8, updated: 0 }, encoding: 'UTF-8' });
    const v = (ref: string) => c.db.prepare('SELECT value_minor, asserted, allowed, status, late, class_code, class_status FROM claims WHERE ref = ?').get(ref) as Record<string, unknown>;
    // 15,250.75 USDT × 0.99870 = 15,230.9249… → 15,230.92 (half-even, cents)
    expect(v('POC-0001')).toMatchObject({ value_minor: 1523092n, asserted: '15250750000', class_code: 'CUST', class_status: 'proposed' });
    // a claim in the case currency is worth its quantity
    expect(v('POC-0004')).toMatchObject({ value_minor: 250000n });
    // set-off (case currency) reduces the value: 250,000 USDC × 1.0001 − 10,000 = 240,025.00
    expect(v('POC-0006')).toMatchObject({ value_minor: 24002500n });
    expect(v('POC-0010')).toMatchObject({ late: 1n });
    expect(v('POC-0001')).toMatchObject({ late: 0n });
    const cred = c.db.prepare("SELECT name, type, kyc, email FROM creditors WHERE ref = 'CR-9000004'").get();
    expect(cred).toEqual({ name: '王芳', type: 'individual', kyc: 'not_started', email: 'wang.fang@example.cn' });
    // one entry for the import, one for the classes it proposed, one for the superseded claim; none per new claim
    const actions = (c.db.prepare('SELECT action FROM audit WHERE id > 1 ORDER BY id').pluck().all() as string[]);
    expect(actions.sort()).toEqual(['claim.status', 'class.propose', 'import.claims']);
    const entry = JSON.parse(c.db.prepare("SELECT after FROM audit WHERE action = 'import.claims'").pluck().get() as string);
    expect(entry).toMatchObject({ file: 'claims.csv', rows: 12, new: 12, updated: 0, unchanged: 0, sha256: r.sha256 });
    expect(verifyAuditChain(c.db).ok).toBe(true);
  });

  it('supersedes the amended claim (audited), even when the amending claim comes first in the file', async () => {
    const c = newCase();
    const r = await run(c, 'claims', file('c.csv', `ref,creditor_ref,creditor_name,asset,amount,amends\nC-2,CR-1,Ann,USD,12,C-1\nC-1,CR-1,Ann,USD,10,`));
    expect(r).toMatchObject({ ok: true, new: 2, superseded: 1 });
    expect(c.db.prepare("SELECT status FROM claims WHERE ref = 'C-1'").pluck().get()).toBe('superseded');
    expect(c.db.prepare("SELECT a.ref FROM claims c JOIN claims a ON a.id = c.amends_id WHERE c.ref = 'C-2'").pluck().get()).toBe('C-1');
    const e = c.db.prepare("SELECT before, after, reason FROM audit WHERE action = 'claim.status' AND entity_ref = 'C-1'").get() as { before: string; after: string; reason: string };
    expect(JSON.parse(e.before)).toEqual({ status: 'filed' });
    expect(JSON.parse(e.after)).toEqual({ status: 'superseded', amendedBy: 'C-2' });
    expect(e.reason).toMatch(/Amended by C-2/);
  });

  it('changes nothing when the same file is imported again, and says so', async () => {
    const c = newCase({ classes: true });
    await run(c, 'claims', SAMPLES + 'claims.csv');
    const audit = count(c, 'SELECT count(*) FROM audit');
    const r = await run(c, 'claims', SAMPLES + 'claims.csv');
    expect(r).toMatchObject({ ok: true, committed: false, new: 0, updated: 0, unchanged: 12, creditors: { new: 0, updated: 0 } });
    expect(r.message).toMatch(/^Nothing changed: all 12 rows already match the case \(this file was imported on \d{4}-\d{2}-\d{2} by tester\)\.$/);
    expect(count(c, 'SELECT count(*) FROM audit')).toBe(audit);
    expect(count(c, 'SELECT count(*) FROM imports')).toBe(1);
  });

  it('counts updated claims and audits each with its before and after', async () => {
    const c = newCase();
    await run(c, 'claims', file('a.csv', `${CLAIMS_HEADER}\nC-1,CR-1,Ann,USD,10,filed,2026-01-10\nC-2,CR-1,Ann,BTC,1,filed,2026-01-10\nC-3,CR-2,Bo,USD,5,filed,2026-01-10`));
    const r = await run(c, 'claims', file('b.csv', `${CLAIMS_HEADER}\nC-1,CR-1,Ann,USD,10,under_review,2026-01-10\nC-2,CR-1,Ann,BTC,1.25,filed,2026-01-10\nC-3,CR-2,Bo,USD,5,filed,2026-01-10\nC-4,CR-2,Bo,USD,7,filed,2026-01-11`));
    expect(r).toMatchObject({ ok: true, new: 1, updated: 2, unchanged: 1 });
    const upd = c.db.prepare("SELECT before, after, reason FROM audit WHERE action = 'claim.update' AND entity_ref = 'C-2'").get() as { before: string; after: string; reason: string };
    expect(JSON.parse(upd.before)).toEqual({ asserted: '1.00000000', value_minor: '91234.56' });
    expect(JSON.parse(upd.after)).toEqual({ asserted: '1.25000000', value_minor: '114043.20' });
    expect(upd.reason).toBe('Imported from b.csv');
    const st = c.db.prepare("SELECT before, after FROM audit WHERE action = 'claim.status' AND entity_ref = 'C-1'").get() as { before: string; after: string; reason: string };
    expect([JSON.parse(st.before), JSON.parse(st.after)]).toEqual([{ status: 'filed' }, { status: 'under_review' }]);
    // a blank cell keeps the stored value
    const r2 = await run(c, 'claims', file('c.csv', `${CLAIMS_HEADER}\nC-1,CR-1,,USD,10,,`));
    expect(r2).toMatchObject({ ok: true, unchanged: 1, updated: 0 });
  });

  it('records a class as a proposal awaiting review, with an audit entry naming the import', async () => {
    const c = newCase({ classes: true });
    const r = await run(c, 'claims', file('c.csv', `ref,creditor_ref,creditor_name,asset,amount,class\nC-1,CR-1,Ann,USD,10,GUC\nC-2,CR-1,Ann,USD,11,`));
    expect(r.classesProposed).toBe(1);
    expect(c.db.prepare("SELECT class_code, class_status FROM claims WHERE ref = 'C-1'").get()).toEqual({ class_code: 'GUC', class_status: 'proposed' });
    expect(c.db.prepare("SELECT reason FROM audit WHERE action = 'class.propose'").pluck().get()).toMatch(/proposed by import of c\.csv/);
  });
});
