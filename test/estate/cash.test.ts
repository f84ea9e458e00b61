import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addAsset, estateLedger, setStatus, writeOff } from '../../src/services/estate.js';
import { realize, voidRealization } from '../../src/services/estate-realize.js';
import { addExpense, addHoldback, estateCash, releaseHoldback, voidExpense } from '../../src/services/estate-cash.js';
import { returnSegregated, segregate } from '../../src/services/estate-encumbrance.js';
import { cashRows, estateSummary } from '../../src/services/estate-view.js';
import { formatDecimal } from '../../src/money/decimal.js';
import { AppError } from '../../src/errors.js';
import { auditOf, tmpCase } from './helpers.js';

describe('estate cash', () => {
  it('cash = proceeds − costs − expenses − distributed; available = cash − active holdbacks', () => {
    const c = tmpCase();
    addAsset(c.db, 'a', { ref: 'EA-1', kind: 'bank_account', asset: 'USD', quantity: '1000000', status: 'under_control' });
    realize(c.db, 'a', { ref: 'EA-1', quantity: '400000', proceeds: '400000', costs: '125.50', date: '2026-01-10' });
    const x = addExpense(c.db, 'a', { date: '2026-01-11', category: 'professional_fees', currency: 'USD', amount: '25000', payee: 'Examiner LLP' });
    addExpense(c.db, 'a', { date: '2026-01-12', category: 'custody', currency: 'USD', amount: '1200.01', payee: 'Anchor Custody' });
    const h = addHoldback(c.db, 'a', 'USD', '50000', 'Reserve for the clawback litigation');
    expect(estateCash(c.read).USD).toEqual({
      proceeds: 40000000n,
      costs: 12550n,
      expenses: 2620001n,
      distributed: 0n,
      cash: 37367449n,
      holdbacks: 5000000n,
      available: 32367449n,
    });
    voidExpense(c.db, 'a', x, 'Billed twice');
    releaseHoldback(c.db, 'a', h, 'Litigation settled');
    expect(estateCash(c.read).USD).toMatchObject({ expenses: 120001n, cash: 39867449n, holdbacks: 0n, available: 39867449n });
    expect(auditOf(c, 'estate_expense', `EXP-${x}`).map((e) => e.action)).toEqual(['estate.expense', 'estate.expense_void']);
    expect(auditOf(c, 'estate_holdback', `HB-${h}`).map((e) => e.reason)).toEqual(['Reserve for the clawback litigation', 'Litigation settled']);
  });

  it('reads distributions paid from the runs ledger once it exists (a table or a view)', () => {
    const c = tmpCase();
    addAsset(c.db, 'a', { ref: 'EA-1', kind: 'bank_account', asset: 'USD', quantity: '1000', status: 'under_control' });
    realize(c.db, 'a', { ref: 'EA-1', quantity: '1000', proceeds: '1000', date: '2026-01-10' });
    // stand in for the runs area's ledger (a view over finalized runs) with payments of our own
    c.db.exec('DROP VIEW IF EXISTS distributions_ledger');
    expect(estateSummary(c.read).distributionsTracked).toBe(false);
    c.db.exec(`CREATE TABLE run_payments (currency TEXT, amount TEXT);
      INSERT INTO run_payments VALUES ('USD','30000'), ('USD','12345'), ('USDT','5');
      CREATE VIEW distributions_ledger AS SELECT currency, amount FROM run_payments;`);
    const cash = estateCash(c.read);
    expect(cash.USD).toMatchObject({ distributed: 42345n, cash: 57655n, available: 57655n });
    expect(cash.USDT).toMatchObject({ distributed: 5n, cash: -5n });
    expect(cashRows(c.read).map((r) => r.currency)).toEqual(['USD', 'USDT']);
    expect(estateSummary(c.read).distributionsTracked).toBe(true);
  });

  it('refuses an expense without payee, in an unknown currency, or with a bad amount', () => {
    const c = tmpCase();
    const base = { date: '2026-01-11', category: 'legal' as const, currency: 'USD', amount: '10', payee: 'X' };
    expect(() => addExpense(c.db, 'a', { ...base, payee: ' ' })).toThrow(/needs a payee/);
    expect(() => addExpense(c.db, 'a', { ...base, currency: 'XYZ' })).toThrow(/Unknown asset XYZ/);
    expect(() => addExpense(c.db, 'a', { ...base, amount: '1,000' })).toThrow(/ambiguous/);
    expect(() => addExpense(c.db, 'a', { ...base, amount: '0' })).toThrow(/more than zero/);
    expect(() => addHoldback(c.db, 'a', 'USD', '-5', 'Negative')).toThrow(/negative/);
  });

  it('segregated property is returned in kind: no cash, never sold, never written off', () => {
    const c = tmpCase();
    addAsset(c.db, 'a', { ref: 'EA-1', kind: 'exchange_account', asset: 'USDT', quantity: '1000', status: 'under_control' });
    const s = segregate(c.db, 'a', 'EA-1', 'CR-1', '400', 'Customer funds in a trust sub-account', 'Trust deed of 2024');
    expect(() => realize(c.db, 'a', { ref: 'EA-1', quantity: '601', proceeds: '601', date: '2026-02-01' })).toThrow(/held for named creditors/);
    expect(() => writeOff(c.db, 'a', 'EA-1', undefined, 'x')).toThrow(/return it before/);
    realize(c.db, 'a', { ref: 'EA-1', quantity: '600', proceeds: '598.50', date: '2026-02-01' });
    expect(() => setStatus(c.db, 'a', 'EA-1', 'realized', 'done')).toThrow(AppError);
    returnSegregated(c.db, 'a', s, '2026-02-03', '0xabc', 'Returned under the trust deed');
    const l = estateLedger(c.read)[0]!;
    expect(l).toMatchObject({ registered: 1000_000000n, realized: 600_000000n, returned: 400_000000n, held: 0n, balanced: true });
    expect(estateCash(c.read).USD!.proceeds).toBe(59850n);
    expect(estateCash(c.read).USDT).toBeUndefined();
    expect(auditOf(c, 'estate_asset', 'EA-1').map((e) => e.action)).toContain('estate_asset.return');
    expect(c.db.prepare("SELECT status FROM estate_assets WHERE ref='EA-1'").pluck().get()).toBe('realized');
  });
});

/** One step of an administrator's work, chosen at random. */
type Op =
  | { t: 'add'; asset: 'USD' | 'BTC' | 'ETH'; q: bigint }
  | { t: 'sell'; i: number; part: number; proceeds: bigint; costs: bigint; cur: 'USD' | 'USDT' }
  | { t: 'expense'; cur: 'USD' | 'USDT'; amount: bigint }
  | { t: 'void'; i: number }
  | { t: 'voidExpense'; i: number }
  | { t: 'writeOff'; i: number; part: number }
  | { t: 'segregate'; i: number; part: number }
  | { t: 'return'; i: number }
  | { t: 'holdback'; cur: 'USD' | 'USDT'; amount: bigint }
  | { t: 'pay'; cur: 'USD' | 'USDT'; amount: bigint };

const SCALE: Record<string, number> = { USD: 2, USDT: 6, BTC: 8, ETH: 18 };
const money = fc.bigInt({ min: 0n, max: 10n ** 14n });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ t: fc.constant('add' as const), asset: fc.constantFrom('USD' as const, 'BTC' as const, 'ETH' as const), q: fc.bigInt({ min: 1n, max: 10n ** 24n }) }),
  fc.record({ t: fc.constant('sell' as const), i: fc.nat(), part: fc.integer({ min: 1, max: 100 }), proceeds: money, costs: money, cur: fc.constantFrom('USD' as const, 'USDT' as const) }),
  fc.record({ t: fc.constant('expense' as const), cur: fc.constantFrom('USD' as const, 'USDT' as const), amount: fc.bigInt({ min: 1n, max: 10n ** 12n }) }),
  fc.record({ t: fc.constant('void' as const), i: fc.nat() }),
  fc.record({ t: fc.constant('voidExpense' as const), i: fc.nat() }),
  fc.record({ t: fc.constant('writeOff' as const), i: fc.nat(), part: fc.integer({ min: 1, max: 100 }) }),
  fc.record({ t: fc.constant('segregate' as const), i: fc.nat(), part: fc.integer({ min: 1, max: 100 }) }),
  fc.record({ t: fc.constant('return' as const), i: fc.nat() }),
  fc.record({ t: fc.constant('holdback' as const), cur: fc.constantFrom('USD' as const, 'USDT' as const), amount: fc.bigInt({ min: 1n, max: 10n ** 12n }) }),
  fc.record({ t: fc.constant('pay' as const), cur: fc.constantFrom('USD' as const, 'USDT' as const), amount: fc.bigInt({ min: 1n, max: 10n ** 12n }) }),
);

describe('the estate ledger balances to the minor unit (property)', () => {
  it('over random sequences of sales, voids, expenses, write-offs and returns', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), (ops) => {
        const c = tmpCase();
        try {
          const refs: Array<{ ref: string; asset: string }> = [];
          const sales: number[] = [];
          const expenses: number[] = [];
          const segs: number[] = [];
          // the model: what the administrator recorded, summed independently of the services
          const model: Record<string, { proceeds: bigint; costs: bigint; expenses: bigint; distributed: bigint; holdbacks: bigint }> = {};
          const m = (cur: string) => (model[cur] ??= { proceeds: 0n, costs: 0n, expenses: 0n, distributed: 0n, holdbacks: 0n });
          // distribution runs record their payments in this ledger (the runs area owns it)
          c.db.exec('DROP VIEW IF EXISTS distributions_ledger; CREATE TABLE distributions_ledger (currency TEXT NOT NULL, amount TEXT NOT NULL)');
          const saleRows = new Map<number, { cur: string; proceeds: bigint; costs: bigint }>();
          const expenseRows = new Map<number, { cur: string; amount: bigint }>();
          const tryIt = (fn: () => void) => {
            try {
              fn();
              return true;
            } catch (e) {
              if (!(e instanceof AppError)) throw e;
              return false; // refused: nothing may have changed (checked by the ledger below)
            }
          };
          const held = (ref: string) => BigInt(c.db.prepare('SELECT quantity FROM estate_assets WHERE ref = ?').pluck().get(ref) as string);
          for (const o of ops) {
            if (o.t === 'add') {
              const ref = `EA-${refs.length + 1}`;
              addAsset(c.db, 'p', { ref, kind: 'wallet', asset: o.asset, quantity: formatDecimal(o.q, SCALE[o.asset]!), status: 'under_control' });
              refs.push({ ref, asset: o.asset });
            } else if (o.t === 'sell' && refs.length) {
              const a = refs[o.i % refs.length]!;
              const q = (held(a.ref) * BigInt(o.part)) / 100n;
              const f = (v: bigint) => formatDecimal(v, SCALE[o.cur]!);
              let id = 0;
              if (tryIt(() => (id = realize(c.db, 'p', { ref: a.ref, quantity: formatDecimal(q, SCALE[a.asset]!), proceeds: f(o.proceeds), costs: f(o.costs), currency: o.cur, date: '2026-02-01' }).id))) {
                sales.push(id);
                saleRows.set(id, { cur: o.cur, proceeds: o.proceeds, costs: o.costs });
                m(o.cur).proceeds += o.proceeds;
                m(o.cur).costs += o.costs;
              }
            } else if (o.t === 'void' && sales.length) {
              const id = sales.splice(o.i % sales.length, 1)[0]!;
              if (tryIt(() => voidRealization(c.db, 'p', id, 'Recorded in error'))) {
                const s = saleRows.get(id)!;
                m(s.cur).proceeds -= s.proceeds;
                m(s.cur).costs -= s.costs;
              }
            } else if (o.t === 'expense') {
              const id = addExpense(c.db, 'p', { date: '2026-02-02', category: 'custody', currency: o.cur, amount: formatDecimal(o.amount, SCALE[o.cur]!), payee: 'Custodian' });
              expenses.push(id);
              expenseRows.set(id, { cur: o.cur, amount: o.amount });
              m(o.cur).expenses += o.amount;
            } else if (o.t === 'voidExpense' && expenses.length) {
              const id = expenses.splice(o.i % expenses.length, 1)[0]!;
              voidExpense(c.db, 'p', id, 'Billed twice');
              m(expenseRows.get(id)!.cur).expenses -= expenseRows.get(id)!.amount;
            } else if (o.t === 'writeOff' && refs.length) {
              const a = refs[o.i % refs.length]!;
              const q = (held(a.ref) * BigInt(o.part)) / 100n;
              tryIt(() => writeOff(c.db, 'p', a.ref, formatDecimal(q, SCALE[a.asset]!), 'Lost'));
            } else if (o.t === 'segregate' && refs.length) {
              const a = refs[o.i % refs.length]!;
              const q = (held(a.ref) * BigInt(o.part)) / 100n;
              let id = 0;
              if (tryIt(() => (id = segregate(c.db, 'p', a.ref, 'CR-1', formatDecimal(q, SCALE[a.asset]!), undefined, 'Trust property')))) segs.push(id);
            } else if (o.t === 'return' && segs.length) {
              const id = segs.splice(o.i % segs.length, 1)[0]!;
              tryIt(() => returnSegregated(c.db, 'p', id, '2026-02-03', undefined, 'Returned to owner'));
            } else if (o.t === 'holdback') {
              addHoldback(c.db, 'p', o.cur, formatDecimal(o.amount, SCALE[o.cur]!), 'Future costs');
              m(o.cur).holdbacks += o.amount;
            } else if (o.t === 'pay') {
              c.db.prepare('INSERT INTO distributions_ledger VALUES (?, ?)').run(o.cur, o.amount.toString());
              m(o.cur).distributed += o.amount;
            }
          }
          // every unit of every asset is held, realized, returned or written off
          for (const l of estateLedger(c.read)) {
            expect(l.registered).toBe(l.held + l.realized + l.returned + l.writtenOff);
            expect(l.held >= l.segregatedHeld).toBe(true);
            expect(l.balanced).toBe(true);
          }
          // cash = proceeds − costs − expenses − distributions paid exactly, in every currency
          const cash = estateCash(c.read);
          for (const [cur, x] of Object.entries(model)) {
            // a currency whose every entry was voided may drop out of the cash table: it holds nothing
            const l = cash[cur] ?? { proceeds: 0n, costs: 0n, expenses: 0n, distributed: 0n, holdbacks: 0n, cash: 0n, available: 0n };
            expect([l.proceeds, l.costs, l.expenses, l.distributed, l.holdbacks]).toEqual([x.proceeds, x.costs, x.expenses, x.distributed, x.holdbacks]);
            expect(l.cash).toBe(x.proceeds - x.costs - x.expenses - x.distributed);
            expect(l.available).toBe(x.proceeds - x.costs - x.expenses - x.distributed - x.holdbacks);
          }
          expect(estateSummary(c.read).ledger.balanced).toBe(true);
        } finally {
          c.read.close();
          c.db.close();
        }
      }),
      { numRuns: 60 },
    );
  });
});
