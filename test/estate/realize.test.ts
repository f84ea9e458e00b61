import { describe, expect, it } from 'vitest';
import { addAsset, setStatus } from '../../src/services/estate.js';
import { realize, voidRealization } from '../../src/services/estate-realize.js';
import { addValuation, removeValuation } from '../../src/services/estate-valuation.js';
import { assetDetail, estateSummary } from '../../src/services/estate-view.js';
import { estateCash } from '../../src/services/estate-cash.js';
import { auditOf, tmpCase } from './helpers.js';

describe('realizations', () => {
  it('a partial sale reduces the units held and moves under control → realizing; the last sale → realized', () => {
    const c = tmpCase();
    addAsset(c.db, 'a', { ref: 'EA-1', kind: 'wallet', asset: 'BTC', quantity: '10', status: 'under_control' });
    realize(c.db, 'carol', { ref: 'EA-1', quantity: '4', proceeds: '400000', costs: '1500.25', date: '2026-03-01' });
    let d = assetDetail(c.read, 'EA-1');
    expect(d).toMatchObject({ held: '6.00000000', status: 'realizing' });
    realize(c.db, 'carol', { ref: 'EA-1', quantity: '6', proceeds: '630000.10', date: '2026-04-01' });
    d = assetDetail(c.read, 'EA-1');
    expect(d).toMatchObject({ held: '0.00000000', status: 'realized' });
    expect(d.ledger).toMatchObject({ registered: '10.00000000', realized: '10.00000000', balanced: true });
    const statuses = auditOf(c, 'estate_asset', 'EA-1').filter((e) => e.action === 'estate_asset.status');
    expect(statuses.map((e) => JSON.parse(e.after!).status)).toEqual(['realizing', 'realized']);
    expect(statuses.every((e) => e.reason && e.reason.length > 10)).toBe(true);
    expect(estateCash(c.read).USD).toMatchObject({ proceeds: 103000010n, costs: 150025n, cash: 102849985n });
  });

  it('refuses a sale before the estate controls the asset, an oversell and a future date', () => {
    const c = tmpCase();
    addAsset(c.db, 'a', { ref: 'EA-1', kind: 'wallet', asset: 'BTC', quantity: '1', status: 'frozen' });
    expect(() => realize(c.db, 'a', { ref: 'EA-1', quantity: '1', proceeds: '1', date: '2026-03-01' })).toThrow(/once the estate controls it/);
    setStatus(c.db, 'a', 'EA-1', 'under_control', 'Court order');
    expect(() => realize(c.db, 'a', { ref: 'EA-1', quantity: '1.00000001', proceeds: '1', date: '2026-03-01' })).toThrow(/holds 1.00000000 BTC that can be sold; cannot sell 1.00000001/);
    expect(() => realize(c.db, 'a', { ref: 'EA-1', quantity: '1', proceeds: '1', date: '2999-01-01' })).toThrow(/in the future/);
    expect(() => realize(c.db, 'a', { ref: 'EA-1', quantity: '1', proceeds: '1.001', date: '2026-03-01' })).toThrow(/Proceeds: .*at most 2/);
    expect(c.db.prepare('SELECT count(*) FROM estate_realizations').pluck().get()).toBe(0n);
  });

  it('measures the gain or loss of each sale against the petition-date mark, net of costs', () => {
    const c = tmpCase();
    addAsset(c.db, 'a', { ref: 'EA-1', kind: 'wallet', asset: 'BTC', quantity: '2', status: 'under_control' });
    // petition mark 91,234.56 from the price table: 1.5 BTC = 136,851.84
    realize(c.db, 'a', { ref: 'EA-1', quantity: '1.5', proceeds: '150000', costs: '300', date: '2026-04-02' });
    const r = assetDetail(c.read, 'EA-1').realizations[0]!;
    expect(r).toMatchObject({ petitionValue: '136851.84', netInCase: '149700.00', gainLoss: '12848.16' });
    expect(assetDetail(c.read, 'EA-1').petitionMark).toMatchObject({ date: '2025-11-14', price: '91234.56', origin: 'price_list' });
    expect(estateSummary(c.read).gainLoss).toBe('12848.16');
  });

  it('values proceeds in another currency at that currency’s price on the sale date', () => {
    const c = tmpCase();
    addAsset(c.db, 'a', { ref: 'EA-1', kind: 'wallet', asset: 'BTC', quantity: '1', status: 'under_control' });
    realize(c.db, 'a', { ref: 'EA-1', quantity: '1', proceeds: '100000', currency: 'USDT', date: '2026-01-02' });
    const r = assetDetail(c.read, 'EA-1').realizations[0]!;
    // 100,000 USDT × 0.9987 = 99,870.00 USD; petition value 91,234.56
    expect(r).toMatchObject({ currency: 'USDT', proceeds: '100000.000000', netInCase: '99870.00', gainLoss: '8635.44' });
    const cash = estateCash(c.read);
    expect(cash.USDT!.cash).toBe(100_000_000_000n);
    expect(cash.USD!.cash).toBe(0n);
  });

  it('voiding a sale puts its units back and reopens a realized asset; the void is kept and audited', () => {
    const c = tmpCase();
    addAsset(c.db, 'a', { ref: 'EA-1', kind: 'bank_account', asset: 'USD', quantity: '500', status: 'under_control' });
    const r = realize(c.db, 'a', { ref: 'EA-1', quantity: '500', proceeds: '500', date: '2026-02-01' });
    voidRealization(c.db, 'dan', r.id, 'Transfer bounced');
    const d = assetDetail(c.read, 'EA-1');
    expect(d).toMatchObject({ held: '500.00', status: 'realizing' });
    expect(d.realizations[0]!.voided).toMatchObject({ by: 'dan', reason: 'Transfer bounced' });
    expect(d.ledger.balanced).toBe(true);
    expect(estateCash(c.read).USD!.proceeds).toBe(0n);
    expect(() => voidRealization(c.db, 'dan', r.id, 'again')).toThrow(/already void/);
  });
});

describe('valuation marks', () => {
  it('takes marks by hand with a source or from the price table; book value uses the latest', () => {
    const c = tmpCase();
    addAsset(c.db, 'a', { ref: 'EA-1', kind: 'wallet', asset: 'BTC', quantity: '2' });
    // latest price-table price: 104,500 on 2026-03-31
    expect(assetDetail(c.read, 'EA-1').bookValue).toBe('209000.00');
    addValuation(c.db, 'a', { ref: 'EA-1', date: '2026-05-01', price: '80000', source: 'Broker quote (illiquid UTXOs)' });
    let d = assetDetail(c.read, 'EA-1');
    expect(d.bookValue).toBe('160000.00');
    expect(d.mark).toMatchObject({ origin: 'manual', source: 'Broker quote (illiquid UTXOs)' });
    expect(() => addValuation(c.db, 'a', { ref: 'EA-1', date: '2026-05-02', price: '1' })).toThrow(/needs its source/);
    expect(() => addValuation(c.db, 'a', { ref: 'EA-1', date: '2026-05-01', price: '2', source: 'x' })).toThrow(/already has a hand-entered mark/);
    addValuation(c.db, 'a', { ref: 'EA-1', date: '2026-04-15', fromPriceTable: true });
    d = assetDetail(c.read, 'EA-1');
    expect(d.marks.map((m) => [m.date, m.origin])).toEqual([
      ['2025-11-14', 'price_list'],
      ['2026-03-31', 'price_list'],
      ['2026-04-15', 'price_table'],
      ['2026-05-01', 'manual'],
    ]);
    removeValuation(c.db, 'a', d.marks[3]!.id!, 'Quote withdrawn');
    expect(assetDetail(c.read, 'EA-1').bookValue).toBe('209000.00');
    expect(auditOf(c, 'estate_asset', 'EA-1').map((e) => e.action)).toContain('estate_asset.valuation_remove');
  });

  it('the case currency is at par; an asset without any price has no book value and is counted as unvalued', () => {
    const c = tmpCase();
    addAsset(c.db, 'a', { ref: 'EA-1', kind: 'receivable', asset: 'USD', quantity: '3100000' });
    addAsset(c.db, 'a', { ref: 'EA-2', kind: 'wallet', asset: 'SOL', quantity: '10' });
    expect(assetDetail(c.read, 'EA-1').bookValue).toBe('3100000.00');
    expect(assetDetail(c.read, 'EA-2').bookValue).toBeNull();
    const s = estateSummary(c.read);
    expect(s.book).toMatchObject({ total: '3100000.00', unvalued: 1 });
    expect(s.book.byStatus.find((x) => x.status === 'identified')).toMatchObject({ count: 2, value: '3100000.00' });
  });
});
