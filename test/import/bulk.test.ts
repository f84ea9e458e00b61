import { describe, expect, it } from 'vitest';
import { CLAIMS_HEADER, count, file, newCase, run } from './helpers.js';
import { BULK_ROWS } from '../../src/services/import/run.js';

const indexes = (c: ReturnType<typeof newCase>) =>
  c.db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('claims', 'creditors') ORDER BY name").all();

describe('a large import into a small register', () => {
  it('writes every row and leaves the same indexes, intact and used', async () => {
    const c = newCase();
    const before = indexes(c);
    const pragmas = () => ({ threads: c.db.pragma('threads', { simple: true }), cache: c.db.pragma('cache_size', { simple: true }) });
    const settings = pragmas();
    const n = BULK_ROWS + 5000;
    const rows = [CLAIMS_HEADER];
    for (let i = 1; i <= n; i++) rows.push(`C-${String(i).padStart(6, '0')},CR-${i % 9000},Creditor ${i % 9000},${i % 3 ? 'USD' : 'BTC'},${i}.25,filed,2026-01-10`);
    const r = await run(c, 'claims', file('big.csv', rows.join('\n')));
    expect(r).toMatchObject({ ok: true, new: n, creditors: { new: 9000, updated: 0 } });
    expect(indexes(c)).toEqual(before);
    // the rebuild's sort settings (helper threads, a small cache) last only as long as the rebuild
    expect(pragmas()).toEqual(settings);
    expect(c.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(count(c, 'SELECT count(*) FROM claims')).toBe(n);
    // the rows are found through the rebuilt indexes
    expect(count(c, "SELECT count(*) FROM claims WHERE asset = 'BTC'")).toBe(Math.floor(n / 3));
    expect(c.db.prepare("SELECT c.ref FROM claims c JOIN creditors k ON k.id = c.creditor_id WHERE k.ref = 'CR-1' ORDER BY c.id LIMIT 1").pluck().get()).toBe('C-000001');
  });

  it('rolls back a rejected large import completely, indexes included', async () => {
    const c = newCase();
    const before = indexes(c);
    const rows = [CLAIMS_HEADER];
    for (let i = 1; i <= BULK_ROWS + 100; i++) rows.push(`C-${i},CR-${i},Creditor ${i},USD,${i},filed,2026-01-10`);
    rows.push('C-1,CR-1,Creditor 1,USD,1,filed,2026-01-10');
    const r = await run(c, 'claims', file('dup.csv', rows.join('\n')));
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual([{ row: BULK_ROWS + 102, column: 'ref', message: 'Duplicate reference: C-1 is also on row 2' }]);
    expect(indexes(c)).toEqual(before);
    expect(count(c, 'SELECT count(*) FROM claims')).toBe(0);
  });
});
