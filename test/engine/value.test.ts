/** Claim value (spec §2) and the exact helpers: interest, in-kind split, percentages, ordering. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { valueOf, simpleInterest, inKindSplit, percentString, actualDays, EngineError } from '../../src/engine/index.js';
import { byteComparator, residueRecipients, sortByRef } from '../../src/engine/order.js';
import { compareBytes, distributeResidue, parseDecimal, parseRatio } from '../../src/money/index.js';

describe('valueOf (§2)', () => {
  it('values a quantity at the petition-date price, half-even to the cent', () => {
    // 0.12345678 BTC × 43,210.99 = 5,334.6916… → 5,334.69
    const v = valueOf({ quantity: parseDecimal('0.12345678', 8), assetScale: 8, currencyScale: 2, price: parseRatio('43210.99') });
    expect(v).toBe(533469n);
    // 0.5 unit at 0.01 = 0.005 → 0.00 (half to even), 1.5 units → 0.015 → 0.02
    expect(valueOf({ quantity: 5n, assetScale: 1, currencyScale: 2, price: parseRatio('0.01') })).toBe(0n);
    expect(valueOf({ quantity: 15n, assetScale: 1, currencyScale: 2, price: parseRatio('0.01') })).toBe(2n);
  });

  it('uses the allowed quantity once set, and a claim in the case currency is worth its quantity', () => {
    expect(valueOf({ quantity: 1000n, allowedQuantity: 400n, assetScale: 2, currencyScale: 2 })).toBe(400n);
    expect(valueOf({ quantity: 1000n, allowedQuantity: 0n, assetScale: 2, currencyScale: 2 })).toBe(0n);
    expect(valueOf({ quantity: 12345n, assetScale: 2, currencyScale: 2 })).toBe(12345n);
  });

  it('reduces the value by a set-off, never below zero', () => {
    expect(valueOf({ quantity: 10000n, assetScale: 2, currencyScale: 2, setOff: 2500n })).toBe(7500n);
    expect(valueOf({ quantity: 10000n, assetScale: 2, currencyScale: 2, setOff: 25000n })).toBe(0n);
    expect(valueOf({ quantity: 2n, assetScale: 0, currencyScale: 2, price: parseRatio('10'), setOff: 500n })).toBe(1500n);
  });

  it('refuses negative quantities and a missing price for a foreign asset', () => {
    expect(() => valueOf({ quantity: -1n, assetScale: 2, currencyScale: 2 })).toThrow(EngineError);
    expect(() => valueOf({ quantity: 1n, assetScale: 8, currencyScale: 2 })).toThrow(/case currency/);
  });
});

describe('interest, days, in kind, percentages', () => {
  it('counts actual days', () => {
    expect(actualDays('2024-01-01', '2025-01-01')).toBe(366n);
    expect(actualDays('2023-03-01', '2023-02-01')).toBe(0n);
  });

  it('computes simple actual/365 interest, half-even', () => {
    expect(simpleInterest(36500n, { num: 1n, den: 100n }, 1n)).toBe(1n); // exactly 1
    expect(simpleInterest(18250n, { num: 1n, den: 100n }, 1n)).toBe(0n); // 0.5 → 0
    expect(simpleInterest(54750n, { num: 1n, den: 100n }, 1n)).toBe(2n); // 1.5 → 2
  });

  it('never delivers more than the payment in kind', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.bigInt({ min: 1n, max: 10n ** 9n }),
        fc.bigInt({ min: 1n, max: 10n ** 4n }),
        fc.integer({ min: 0, max: 18 }),
        (payment, num, den, scale) => {
          const { units, cash } = inKindSplit(payment, { num, den }, scale, 2);
          expect(units >= 0n && cash >= 0n).toBe(true);
          // Value of units (cents) × den·10^scale: units·num·100. Together with cash, at most the payment,
          // and less than one more asset minor unit plus one cent short of it.
          const K = den * 10n ** BigInt(scale);
          const deliveredTimesK = units * num * 100n + cash * K;
          expect(deliveredTimesK <= payment * K).toBe(true);
          expect((units + 1n) * num * 100n > payment * K).toBe(true);
          expect(payment * K - deliveredTimesK < K).toBe(true);
        },
      ),
    );
  });

  it('writes percentages with two decimals, half-even', () => {
    expect(percentString(2n, 3n)).toBe('66.67%');
    expect(percentString(1n, 8n)).toBe('12.50%');
    expect(percentString(1n, 0n)).toBe('0.00%');
  });
});

describe('ordering', () => {
  const refChar = fc.constantFrom('a', 'B', 'z', '0', '-', 'é', '\u00ff', '\u4e00', '\uffee', '\ud83d\ude00', '\ud800\udc00');
  const ref = fc.array(refChar, { maxLength: 5 }).map((xs) => xs.join(''));

  it('sorts references exactly as compareBytes (UTF-8 byte order)', () => {
    fc.assert(
      fc.property(fc.array(ref, { maxLength: 30 }), (refs) => {
        const items = refs.map((r, i) => ({ ref: r, i }));
        const mine = sortByRef(items).map((x) => x.ref);
        const expected = refs.slice().sort(compareBytes);
        expect(mine).toEqual(expected);
        const cmp = byteComparator(refs);
        for (const a of refs) for (const b of refs) expect(Math.sign(cmp(a, b))).toBe(Math.sign(compareBytes(a, b)));
      }),
    );
  });

  it('hands out a residue exactly as distributeResidue does when positions follow byte order', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(ref, { minLength: 1, maxLength: 40 }),
        fc.array(fc.bigInt({ min: 0n, max: 6n }), { minLength: 40, maxLength: 40 }),
        fc.nat(),
        fc.boolean(),
        (refs, rems, pick, wide) => {
          const keys = refs.slice().sort(compareBytes);
          const remainders = keys.map((_, i) => rems[i]!);
          const residue = BigInt(pick % (keys.length + 1));
          const expected = distributeResidue(residue, remainders, keys);
          const col = wide ? remainders.slice() : BigInt64Array.from(remainders);
          const got = new Set(
            residueRecipients(
              residue,
              keys.map((_, i) => i),
              col,
            ),
          );
          expect(keys.map((_, i) => (got.has(i) ? 1n : 0n))).toEqual(expected);
        },
      ),
    );
  });
});
