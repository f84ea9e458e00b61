import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { CLAIMS_HEADER, count, file, newCase, run } from './helpers.js';

const SAMPLES = fileURLToPath(new URL('../../assets/samples/', import.meta.url));

describe('prices import', () => {
  it('adds prices, and a new petition-date price re-values the claims in that asset (one audit entry per asset)', async () => {
    const c = newCase({ prices: false });
    await run(c, 'prices', file('p0.csv', 'asset,date,price\nBTC,2025-11-14,80000'));
    await run(c, 'claims', file('c.csv', `${CLAIMS_HEADER}\nC-1,CR-1,Ann,BTC,1.5,filed,2026-01-10\nC-2,CR-2,Bo,BTC,0.1,filed,2026-01-10\nC-3,CR-2,Bo,USD,10,filed,2026-01-10`));
    expect(c.db.prepare("SELECT value_minor FROM claims WHERE ref = 'C-1'").pluck().get()).toBe(12000000n);
    const r = await run(c, 'prices', SAMPLES + 'prices.csv');
    expect(r).toMatchObject({ ok: true, new: 7, updated: 1, unchanged: 0, revalued: 2 });
    // 1.5 BTC × 91,234.56 = 136,851.84
    expect(c.db.prepare("SELECT value_minor FROM claims WHERE ref = 'C-1'").pluck().get()).toBe(13685184n);
    expect(c.db.prepare("SELECT value_minor FROM claims WHERE ref = 'C-3'").pluck().get()).toBe(1000n);
    const upd = c.db.prepare("SELECT before, after FROM audit WHERE action = 'price.update'").get() as { before: string; after: string; reason: string };
    expect(JSON.parse(upd.before)).toMatchObject({ price: '80000' });
    expect(JSON.parse(upd.after)).toMatchObject({ price: '91234.56' });
    const rev = JSON.parse(c.db.prepare("SELECT after FROM audit WHERE action = 'claims.revalue'").pluck().get() as string);
    expect(rev).toEqual({ price: '91234.56', date: '2025-11-14', claims: 2 });
    const again = await run(c, 'prices', SAMPLES + 'prices.csv');
    expect(again).toMatchObject({ ok: true, committed: false, unchanged: 8, revalued: 0 });
    expect(again.message).toMatch(/Nothing changed/);
  });

  it('reports unknown assets, the case currency, bad prices and duplicate dates by row and column', async () => {
    const c = newCase({ prices: false });
    const r = await run(c, 'prices', file('p.csv', 'asset,date,price\nDOGE,2025-11-14,0.2\nUSD,2025-11-14,1\nBTC,2025-11-14,-5\nETH,2025-11-31,3000\nSOL,2025-11-14,"1,5"\nBTC,2026-01-01,90000\nBTC,2026-01-01,91000'));
    const msgs = r.errors.map((e) => `${e.row}:${e.column}`);
    expect(msgs).toEqual(['2:asset', '3:asset', '4:price', '5:date', '6:price', '8:date']);
    expect(r.errors[1]!.message).toMatch(/USD is the case currency/);
    expect(r.errors[5]!.message).toMatch(/Duplicate price: BTC on 2026-01-01 is also on row 7/);
    expect(count(c, 'SELECT count(*) FROM prices')).toBe(0);
  });
});
