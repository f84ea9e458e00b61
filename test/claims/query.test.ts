import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countClaims, listClaims, planPage, type Key, type ListArgs } from '../../src/services/claims-query.js';
import { compareBytes } from '../../src/money/allocate.js';
import { CLAIM_SORTS, type ClaimFilter, type ClaimRow } from '../../src/api/contract/claims.js';
import type { ClaimStatus, CreditorType, KycState } from '../../src/domain/claims.js';
import { fixture, type Fixture } from './fixture.js';

/** A register full of ties: few distinct values, dates (some missing) and creditor names. */
interface Truth {
  id: number;
  ref: string;
  value: bigint;
  filedOn: string | null;
  creditorName: string;
  creditorId: number;
  status: ClaimStatus;
  asset: string;
  classCode: string | null;
  type: CreditorType;
  kyc: KycState;
}

const STATUSES: ClaimStatus[] = ['filed', 'under_review', 'allowed', 'disputed', 'withdrawn'];
const TYPES: CreditorType[] = ['individual', 'entity', 'government'];
const KYCS: KycState[] = ['verified', 'pending', 'restricted'];
const NAMES = ['Ana Brown', 'Ana Brown', 'Björn Müller', 'Zed Ltd', 'Иван Петров', 'Ana Brown'];

describe('claims register queries', () => {
  let f: Fixture;
  const truth: Truth[] = [];
  beforeAll(() => {
    f = fixture();
    const creditors = NAMES.map((name, i) => ({
      id: f.creditor(`CR-${i}`, name, { type: TYPES[i % 3]!, kyc: KYCS[(i * 2) % 3]! }),
      name,
      type: TYPES[i % 3]!,
      kyc: KYCS[(i * 2) % 3]!,
    }));
    const amounts = ['10.00', '25.50', '10.00', '99.99', '0.01'];
    for (let i = 0; i < 160; i++) {
      const cr = creditors[(i * 7) % creditors.length]!;
      const asserted = amounts[i % amounts.length]!;
      const filedOn = i % 5 === 0 ? null : `2026-0${1 + (i % 3)}-1${i % 2}`;
      const status = STATUSES[(i * 3) % STATUSES.length]!;
      const classCode = i % 4 === 0 ? null : 'GUC';
      const ref = `CL-${String((i * 37) % 1000).padStart(4, '0')}`;
      const id = f.claim({ ref, creditor: cr.id, asserted, filedOn, status, classCode });
      truth.push({
        id,
        ref,
        value: BigInt(asserted.replace('.', '')),
        filedOn,
        creditorName: cr.name,
        creditorId: cr.id,
        status,
        asset: 'USD',
        classCode,
        type: cr.type,
        kyc: cr.kyc,
      });
    }
  });
  afterAll(() => f.close());

  const cmpKey =
    (sort: ListArgs['sort']) =>
    (a: Truth, b: Truth): number => {
      const num = (x: bigint | number, y: bigint | number) => (x < y ? -1 : x > y ? 1 : 0);
      switch (sort) {
        case 'ref':
          return compareBytes(a.ref, b.ref);
        case 'value':
          return num(a.value, b.value) || num(a.id, b.id);
        case 'filed':
          return (
            (a.filedOn === b.filedOn ? 0 : a.filedOn === null ? -1 : b.filedOn === null ? 1 : compareBytes(a.filedOn, b.filedOn)) ||
            num(a.id, b.id)
          );
        case 'creditor':
          return compareBytes(a.creditorName, b.creditorName) || num(a.creditorId, b.creditorId) || num(a.id, b.id);
      }
    };

  const matches = (t: Truth, flt: ClaimFilter) =>
    (!flt.status || t.status === flt.status) &&
    (flt.class === undefined || (flt.class === '' ? t.classCode === null : t.classCode === flt.class)) &&
    (!flt.creditorType || t.type === flt.creditorType) &&
    (!flt.kyc || t.kyc === flt.kyc);

  function pageAll(a: Omit<ListArgs, 'after'>): ClaimRow[] {
    const out: ClaimRow[] = [];
    let after: Key[] | undefined;
    for (let guard = 0; guard < 1000; guard++) {
      const p = listClaims(f.read, { ...a, ...(after ? { after } : {}) });
      expect(p.rows.length).toBeLessThanOrEqual(a.limit);
      out.push(...p.rows);
      if (!p.next) return out;
      after = p.next;
    }
    throw new Error('paging did not end');
  }

  it('pages through every sort in both directions: each claim once, in order, ties broken by id', () => {
    for (const sort of CLAIM_SORTS) {
      for (const dir of ['asc', 'desc'] as const) {
        const got = pageAll({ filter: {}, sort, dir, limit: 7 }).map((r) => r.ref);
        const want = [...truth].sort(cmpKey(sort));
        if (dir === 'desc') want.reverse();
        expect(got, `${sort} ${dir}`).toEqual(want.map((t) => t.ref));
      }
    }
  });

  it('filters by status, class, creditor type and KYC state, alone and together, with matching counts', () => {
    const filters: ClaimFilter[] = [
      { status: 'allowed' },
      { class: '' },
      { class: 'GUC', status: 'disputed' },
      { creditorType: 'government' },
      { kyc: 'restricted', status: 'filed' },
      { creditorType: 'individual', kyc: 'verified', class: 'GUC' },
      { status: 'withdrawn', creditorType: 'entity', kyc: 'pending' },
    ];
    for (const filter of filters) {
      const want = truth.filter((t) => matches(t, filter));
      for (const sort of CLAIM_SORTS) {
        const got = pageAll({ filter, sort, dir: 'desc', limit: 9 });
        expect(
          got.map((r) => r.ref),
          `${JSON.stringify(filter)} by ${sort}`,
        ).toEqual(
          [...want]
            .sort(cmpKey(sort))
            .reverse()
            .map((t) => t.ref),
        );
      }
      const c = countClaims(f.read, filter);
      expect(c.count, JSON.stringify(filter)).toBe(want.length);
      expect(c.value).toBe(((s) => `${s / 100n}.${String(s % 100n).padStart(2, '0')}`)(want.reduce((s, t) => s + t.value, 0n)));
    }
  });

  it('searches by claim reference prefix, creditor reference, and transliterated creditor name', () => {
    const byRef = pageAll({ filter: { search: 'cl-00' }, sort: 'ref', dir: 'asc', limit: 50 }).map((r) => r.ref);
    expect(byRef).toEqual(
      truth
        .filter((t) => t.ref.startsWith('CL-00'))
        .map((t) => t.ref)
        .sort(),
    );
    const ivan = truth
      .filter((t) => t.creditorName === 'Иван Петров')
      .map((t) => t.ref)
      .sort();
    expect(pageAll({ filter: { search: 'ivan' }, sort: 'ref', dir: 'asc', limit: 50 }).map((r) => r.ref)).toEqual(ivan);
    expect(
      pageAll({ filter: { search: 'Петров' }, sort: 'value', dir: 'asc', limit: 5 })
        .map((r) => r.ref)
        .sort(),
    ).toEqual(ivan);
    expect(
      pageAll({ filter: { search: 'CR-4' }, sort: 'creditor', dir: 'asc', limit: 50 })
        .map((r) => r.ref)
        .sort(),
    ).toEqual(ivan);
    expect(countClaims(f.read, { search: 'ivan', status: 'allowed' }).count).toBe(
      truth.filter((t) => t.creditorName === 'Иван Петров' && t.status === 'allowed').length,
    );
    expect(listClaims(f.read, { filter: { search: 'nobody at all' }, sort: 'ref', dir: 'asc', limit: 10 }).rows).toEqual([]);
  });

  it('refuses a page position that does not fit the sort', () => {
    expect(() => listClaims(f.read, { filter: {}, sort: 'value', dir: 'asc', limit: 10, after: ['CL-0001'] })).toThrow(
      /does not fit this sort order/,
    );
  });

  it('walks an index for every page query (EXPLAIN QUERY PLAN): no table scan, and only a bounded set of matches is ever sorted', () => {
    const filters: ClaimFilter[] = [
      {},
      { status: 'allowed' },
      { asset: 'USD', class: '' },
      { creditorType: 'entity', kyc: 'pending' },
      { status: 'filed', kyc: 'verified' },
    ];
    for (const filter of filters) {
      for (const sort of CLAIM_SORTS) {
        for (const dir of ['asc', 'desc'] as const) {
          for (const after of [
            undefined,
            ...(sort === 'filed'
              ? [
                  [null, 5],
                  ['2026-02-10', 5],
                ]
              : []),
          ] as Array<Key[] | undefined>) {
            const args: ListArgs = { filter, sort, dir, limit: 100, ...(after ? { after } : {}) };
            for (const seg of planPage(f.read, args)) {
              const plan = (f.read.prepare('EXPLAIN QUERY PLAN ' + seg.sql).all(...seg.params, 101) as Array<{ detail: string }>).map(
                (r) => r.detail,
              );
              const label = `${JSON.stringify(filter)} ${sort} ${dir}: ${plan.join(' | ')}`;
              for (const line of plan.filter((l) => /^(SCAN|SEARCH) (c|r)\b/.test(l)))
                expect(line, label).toMatch(/USING (COVERING )?INDEX (claims_reg|creditors_reg)|INTEGER PRIMARY KEY/);
              // a plan reads rows in the sort's own order, or walks a bounded set of matches (a few creditors' claims,
              // a narrow reference range, or, sorting by creditor, the claims of a rare filter) and sorts only those
              if (!filter.creditorType && !filter.kyc && sort !== 'creditor') expect(plan.join(' | '), label).not.toMatch(/TEMP B-TREE/);
              if (/TEMP B-TREE/.test(plan.join(' '))) {
                const driver = plan.find((l) => /^(SCAN|SEARCH) c\b/.test(l)) ?? '';
                expect(driver, label).toMatch(
                  sort === 'creditor' ? /claims_reg_(creditor|ref|value)/ : /^SEARCH c USING (COVERING )?INDEX claims_reg_(creditor|ref) /,
                );
              }
            }
          }
        }
      }
    }
  });
});
