import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getClaim } from '../../src/services/claims-detail.js';
import { reviewDuplicate } from '../../src/services/claims-duplicates.js';
import { compareNames } from '../../src/domain/name-match.js';
import { assetScales } from '../../src/store/util.js';
import { auditOf, fixture, statusOf, type Fixture } from './fixture.js';

describe('close creditor names', () => {
  it('treats case, accents, transliteration, word order and company suffixes as the same name', () => {
    expect(compareNames('Иван Петров', 'Ivan Petrov')).toBe('same');
    expect(compareNames('PETROV, Ivan', 'ivan petrov')).toBe('same');
    expect(compareNames('Björn Müller', 'Bjorn Muller')).toBe('same');
    expect(compareNames('Sable Quant Ltd', 'Sable Quant Inc.')).toBe('same');
  });
  it('tolerates a typo in a longer name, not in a short one, and not a different person', () => {
    expect(compareNames('Katarina Novakova', 'Katarina Novakowa')).toBe('close');
    expect(compareNames('Li Wei', 'Li Wen')).toBeNull();
    expect(compareNames('Ada Lovelace', 'Bob Stone')).toBeNull();
  });
});

describe('duplicate candidates', () => {
  let f: Fixture;
  beforeEach(() => {
    f = fixture();
    const ivan = f.creditor('CR-1', 'Иван Петров');
    const ivan2 = f.creditor('CR-2', 'Ivan Petrov');
    const kat = f.creditor('CR-3', 'Katarina Novakova');
    const kat2 = f.creditor('CR-4', 'Katarina Novakowa');
    const other = f.creditor('CR-5', 'Someone Else Entirely');
    f.claim({ ref: 'D-1', creditor: ivan, asset: 'BTC', asserted: '1.5', status: 'under_review' });
    f.claim({ ref: 'D-2', creditor: ivan, asset: 'BTC', asserted: '1.5' }); // same creditor, asset, amount
    f.claim({ ref: 'D-3', creditor: ivan2, asset: 'BTC', asserted: '1.50000000', status: 'under_review' }); // transliterated name
    f.claim({ ref: 'D-4', creditor: ivan2, asset: 'BTC', asserted: '1.5000001' }); // different amount
    f.claim({ ref: 'D-5', creditor: other, asset: 'BTC', asserted: '1.5' }); // same amount, unrelated name
    f.claim({ ref: 'D-6', creditor: ivan, asset: 'ETH', asserted: '1.5' }); // other asset
    f.claim({ ref: 'D-7', creditor: ivan, asset: 'BTC', asserted: '1.5', source: 'scheduled' }); // the scheduled line: a match, not a duplicate
    f.claim({ ref: 'K-1', creditor: kat, asset: 'USD', asserted: '250.00' });
    f.claim({ ref: 'K-2', creditor: kat2, asset: 'USD', asserted: '250' });
  });
  afterEach(() => f.close());

  it('finds the same creditor, asset and amount, and close or transliterated names with the same amount', () => {
    const d = getClaim(f.read, 'D-1');
    expect(d.duplicates.map((c) => [c.ref, c.why])).toEqual([
      ['D-2', 'Same creditor, same amount (1.50000000 BTC)'],
      ['D-3', 'Same creditor name once normalised ("Ivan Petrov"), same amount'],
    ]);
    expect(getClaim(f.read, 'K-2').duplicates.map((c) => [c.ref, c.why])).toEqual([
      ['K-1', 'Similar creditor name ("Katarina Novakova"), same amount'],
    ]);
    expect(getClaim(f.read, 'D-5').duplicates).toEqual([]);
  });

  it('confirming marks the claim duplicate of the candidate, records the review and audits it with the reason', () => {
    reviewDuplicate(
      f.db,
      'dana',
      { ref: 'D-3', candidate: 'D-1', decision: 'confirm', reason: 'Same person, filed under a Latin spelling' },
      assetScales(f.read),
    );
    const d = getClaim(f.read, 'D-3');
    expect(d).toMatchObject({ status: 'duplicate', duplicateOf: 'D-1' });
    expect(d.duplicates.find((c) => c.ref === 'D-1')?.review).toMatchObject({
      state: 'confirmed',
      reviewer: 'dana',
      reason: 'Same person, filed under a Latin spelling',
    });
    // the original sees the same decision from its side
    expect(getClaim(f.read, 'D-1').duplicates.find((c) => c.ref === 'D-3')?.review?.state).toBe('confirmed');
    const entry = auditOf(f, 'D-3').at(-1)!;
    expect(entry).toMatchObject({ action: 'claim.status', actor: 'dana', reason: 'Same person, filed under a Latin spelling' });
    expect(JSON.parse(entry.after!)).toEqual({ status: 'duplicate', duplicateOf: 'D-1' });
  });

  it('dismissing keeps the status, records the review and audits it', () => {
    reviewDuplicate(
      f.db,
      'erik',
      { ref: 'D-1', candidate: 'D-2', decision: 'dismiss', reason: 'Two separate deposits of the same size' },
      assetScales(f.read),
    );
    expect(statusOf(f, 'D-1')).toBe('under_review');
    expect(getClaim(f.read, 'D-1').duplicates.find((c) => c.ref === 'D-2')?.review).toMatchObject({ state: 'dismissed', reviewer: 'erik' });
    expect(auditOf(f, 'D-1').at(-1)).toMatchObject({
      action: 'claim.duplicate_dismissed',
      reason: 'Two separate deposits of the same size',
    });
    expect(getClaim(f.read, 'D-1').history[0]!.summary).toBe('Not a duplicate of D-2');
  });

  it('refuses a pair that is not a candidate, and a transition the claim cannot make', () => {
    const scales = assetScales(f.read);
    expect(() =>
      reviewDuplicate(f.db, 'dana', { ref: 'D-1', candidate: 'D-4', decision: 'confirm', reason: 'Looks alike' }, scales),
    ).toThrow(/D-4 is not a duplicate candidate of D-1/);
    f.db.prepare("UPDATE claims SET status = 'withdrawn' WHERE ref = 'D-2'").run();
    expect(() =>
      reviewDuplicate(f.db, 'dana', { ref: 'D-2', candidate: 'D-1', decision: 'confirm', reason: 'Same claim' }, scales),
    ).toThrow(/withdrawn claim is closed/);
    expect(statusOf(f, 'D-2')).toBe('withdrawn');
    expect(f.read.prepare('SELECT count(*) FROM duplicate_reviews').pluck().get()).toBe(0n);
  });
});
