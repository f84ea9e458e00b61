import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countCreditors, getCreditor, listCreditors } from '../../src/services/creditors.js';
import type { CreditorFilter, CreditorRow } from '../../src/api/contract/creditors.js';
import { fixture, type Fixture } from './fixture.js';

describe('creditors', () => {
  let f: Fixture;
  beforeAll(() => {
    f = fixture();
    const names = ['Zoë Adams', 'Ana Brown', 'Ana Brown', 'Иван Петров', 'Kestrel Capital Ltd', 'Bob Stone'];
    names.forEach((n, i) => f.creditor(`CR-${i + 1}`, n, { type: i === 4 ? 'entity' : 'individual', kyc: i % 2 ? 'pending' : 'verified' }));
    f.claim({ ref: 'C-1', creditor: 4, asset: 'BTC', asserted: '1.5', status: 'allowed', allowed: '1.2' });
    f.claim({ ref: 'C-2', creditor: 4, asset: 'BTC', asserted: '0.5', status: 'disputed' });
    f.claim({ ref: 'C-3', creditor: 4, asset: 'USD', asserted: '100.00', status: 'withdrawn' });
    f.claim({ ref: 'C-4', creditor: 2, asset: 'USD', asserted: '7.00' });
  });
  afterAll(() => f.close());

  const all = (filter: CreditorFilter): CreditorRow[] => {
    const out: CreditorRow[] = [];
    let after: [string, number] | undefined;
    for (;;) {
      const p = listCreditors(f.read, { filter, limit: 2, ...(after ? { after } : {}) });
      out.push(...p.rows);
      if (!p.next) return out;
      after = p.next;
    }
  };

  it('lists creditors by name in keyset pages, ties by id, with their claim counts', () => {
    expect(all({}).map((r) => [r.ref, r.claims])).toEqual([
      ['CR-2', 1],
      ['CR-3', 0],
      ['CR-6', 0],
      ['CR-5', 0],
      ['CR-1', 0],
      ['CR-4', 3],
    ]);
  });

  it('filters by type and KYC state and searches names (transliterated) and references', () => {
    expect(all({ type: 'entity' }).map((r) => r.name)).toEqual(['Kestrel Capital Ltd']);
    expect(all({ kyc: 'pending' }).map((r) => r.ref)).toEqual(['CR-2', 'CR-6', 'CR-4']);
    expect(all({ search: 'petrov' }).map((r) => r.name)).toEqual(['Иван Петров']);
    expect(all({ search: 'cr-5' }).map((r) => r.name)).toEqual(['Kestrel Capital Ltd']);
    expect(all({ search: 'ana', kyc: 'verified' }).map((r) => r.ref)).toEqual(['CR-3']);
    expect(countCreditors(f.read, { kyc: 'pending' }).count).toBe(3);
    expect(countCreditors(f.read, { search: 'nobody' }).count).toBe(0);
  });

  it("shows a creditor's claims and totals per asset", () => {
    const d = getCreditor(f.read, 'CR-4');
    expect(d.claimRows.map((r) => r.ref)).toEqual(['C-1', 'C-2', 'C-3']);
    // BTC: allowed 1.2 at 50,000.125 = 60,000.15; disputed 0.5 = 25,000.0625 → 25,000.06; the withdrawn USD claim has no value
    expect(d.totals).toEqual([
      { asset: 'BTC', scale: 8, claims: 2, asserted: '2.00000000', allowed: '1.20000000', value: '85000.21' },
      { asset: 'USD', scale: 2, claims: 1, asserted: '100.00', allowed: '0.00', value: '0.00' },
    ]);
    expect(d.totalValue).toBe('85000.21');
    expect(() => getCreditor(f.read, 'CR-404')).toThrow(/No creditor with reference CR-404/);
  });
});
