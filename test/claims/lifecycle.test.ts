import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { bulkStatus, updateClaim } from '../../src/services/claims-lifecycle.js';
import { getClaim } from '../../src/services/claims-detail.js';
import { verifyAuditChain } from '../../src/store/audit.js';
import { auditOf, fixture, statusOf, type Fixture } from './fixture.js';

function refused(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected a refusal');
}

describe('claim lifecycle', () => {
  let f: Fixture;
  beforeEach(() => {
    f = fixture();
    const a = f.creditor('CR-1', 'Ada Lovelace');
    f.claim({ ref: 'C-1', creditor: a, asset: 'BTC', asserted: '2' });
    f.claim({ ref: 'C-2', creditor: a, asset: 'USD', asserted: '100.00', status: 'under_review' });
    f.claim({ ref: 'C-3', creditor: a, asset: 'USD', asserted: '50.00', status: 'withdrawn' });
    f.claim({ ref: 'C-4', creditor: a, asset: 'ETH', asserted: '1.5', status: 'under_review' });
  });
  afterEach(() => f.close());

  it('moves a claim along an allowed transition and audits who, what and why', () => {
    updateClaim(f.db, 'dana', { ref: 'C-1', status: 'under_review', reason: 'Proof of claim received' });
    expect(statusOf(f, 'C-1')).toBe('under_review');
    const [entry] = auditOf(f, 'C-1');
    expect(entry).toMatchObject({ actor: 'dana', action: 'claim.status', reason: 'Proof of claim received' });
    expect(JSON.parse(entry!.before!)).toEqual({ status: 'filed' });
    expect(JSON.parse(entry!.after!)).toEqual({ status: 'under_review' });
    expect(verifyAuditChain(f.read).ok).toBe(true);
    // the detail lists it as history and offers the next statuses
    const d = getClaim(f.read, 'C-1');
    expect(d.history[0]).toMatchObject({ actor: 'dana', summary: 'filed → under review', reason: 'Proof of claim received' });
    expect(d.next).toEqual(['allowed', 'disputed', 'disallowed', 'withdrawn', 'duplicate']);
  });

  it('refuses an invalid transition with the reason, and changes and audits nothing', () => {
    const e = refused(() => updateClaim(f.db, 'dana', { ref: 'C-1', status: 'allowed', reason: 'Looks fine' }));
    expect(e.code).toBe('invalid_state');
    expect(e.message).toBe('C-1: A filed claim cannot become allowed; it can become under review, withdrawn, superseded, duplicate');
    expect(refused(() => updateClaim(f.db, 'dana', { ref: 'C-3', status: 'under_review', reason: 'Reopen' })).message).toMatch(
      /withdrawn claim is closed/,
    );
    expect(refused(() => updateClaim(f.db, 'dana', { ref: 'C-2', status: 'superseded', reason: 'Replaced' })).message).toMatch(
      /amending claim/,
    );
    expect(statusOf(f, 'C-1')).toBe('filed');
    expect(auditOf(f, 'C-1')).toHaveLength(0);
  });

  it('writes the audit entry in the same transaction: a failed audit leaves the claim unchanged', () => {
    f.db.exec(
      "CREATE TRIGGER audit_fails BEFORE INSERT ON audit WHEN NEW.reason = 'make the audit fail' BEGIN SELECT RAISE(ABORT, 'audit refused'); END",
    );
    expect(() => updateClaim(f.db, 'dana', { ref: 'C-2', status: 'allowed', reason: 'make the audit fail' })).toThrow(/audit refused/);
    expect(statusOf(f, 'C-2')).toBe('under_review');
    expect(() => updateClaim(f.db, 'dana', { ref: 'C-2', allowed: '90', reason: 'make the audit fail' })).toThrow(/audit refused/);
    expect(getClaim(f.read, 'C-2')).toMatchObject({ allowed: null, value: '100.00' });
  });

  it('marks a duplicate against its original and clears the link when it is reopened', () => {
    expect(refused(() => updateClaim(f.db, 'dana', { ref: 'C-2', status: 'duplicate', reason: 'Filed twice' })).message).toMatch(
      /Name the original/,
    );
    updateClaim(f.db, 'dana', { ref: 'C-2', status: 'duplicate', duplicateOf: 'C-1', reason: 'Filed twice' });
    expect(getClaim(f.read, 'C-2')).toMatchObject({ status: 'duplicate', duplicateOf: 'C-1' });
    expect(
      refused(() => updateClaim(f.db, 'dana', { ref: 'C-4', status: 'duplicate', duplicateOf: 'C-2', reason: 'Same' })).message,
    ).toMatch(/C-2 is itself a duplicate of C-1/);
    updateClaim(f.db, 'dana', { ref: 'C-2', status: 'under_review', reason: 'Not the same after all' });
    expect(getClaim(f.read, 'C-2')).toMatchObject({ status: 'under_review', duplicateOf: null });
    expect(JSON.parse(auditOf(f, 'C-2')[1]!.before!)).toEqual({ status: 'duplicate', duplicateOf: 'C-1' });
  });

  it('sets the allowed quantity at the asset scale and re-values the claim (half-even at the petition price)', () => {
    // 1.23456789 BTC × 50,000.125 = 61,728.5488...→ 61,728.55
    updateClaim(f.db, 'dana', { ref: 'C-1', allowed: '1.23456789', reason: 'Agreed with the creditor' });
    const d = getClaim(f.read, 'C-1');
    expect(d).toMatchObject({ allowed: '1.23456789', value: '61728.55' });
    expect(d.valuation).toMatchObject({
      basis: 'allowed',
      quantity: '1.23456789',
      price: '50000.125',
      priceDate: '2026-01-15',
      value: '61728.55',
    });
    const entry = auditOf(f, 'C-1').at(-1)!;
    expect(entry.action).toBe('claim.allowed');
    expect(JSON.parse(entry.after!)).toEqual({ allowed: '1.23456789', value: '61728.55', asset: 'BTC' });
    // more decimals than BTC has: refused, not rounded
    expect(refused(() => updateClaim(f.db, 'dana', { ref: 'C-1', allowed: '1.123456789', reason: 'Typo' })).message).toBe(
      'Allowed quantity for C-1 (BTC): "1.123456789" has 9 decimals; at most 8 allowed for this asset',
    );
    // clearing it values the asserted quantity again: 2 × 50,000.125 = 100,000.25
    updateClaim(f.db, 'dana', { ref: 'C-1', allowed: null, reason: 'Back to the asserted amount' });
    expect(getClaim(f.read, 'C-1')).toMatchObject({ allowed: null, value: '100000.25' });
    expect(refused(() => updateClaim(f.db, 'dana', { ref: 'C-3', allowed: '10', reason: 'Closed' })).message).toMatch(/closed claim/);
  });

  it('refuses to value a claim when the case has no petition-date price for its asset', () => {
    f.db.prepare('DELETE FROM prices WHERE asset = ?').run('ETH');
    const e = refused(() => updateClaim(f.db, 'dana', { ref: 'C-4', allowed: '1', reason: 'Agreed' }));
    expect(e.message).toMatch(/no ETH price for the petition date 2026-01-15/);
    expect(getClaim(f.read, 'C-4').valuation.note).toMatch(/No ETH price/);
  });

  it('changes status and allowed quantity together, in one transaction', () => {
    updateClaim(f.db, 'dana', { ref: 'C-4', status: 'allowed', allowed: '1.25', reason: 'Allowed in part' });
    // 1.25 ETH × 2,500.5 = 3,125.625: the half goes to the even cent
    expect(getClaim(f.read, 'C-4')).toMatchObject({ status: 'allowed', allowed: '1.250000000000000000', value: '3125.62' });
    expect(auditOf(f, 'C-4').map((e) => e.action)).toEqual(['claim.allowed', 'claim.status']);
  });
});

describe('bulk status change', () => {
  let f: Fixture;
  beforeEach(() => {
    f = fixture();
    const a = f.creditor('CR-1', 'Ada Lovelace');
    for (let i = 1; i <= 5; i++) f.claim({ ref: `B-${i}`, creditor: a, asserted: `${i}0`, status: 'under_review' });
    f.claim({ ref: 'B-6', creditor: a, asserted: '60', status: 'withdrawn' });
  });
  afterEach(() => f.close());

  it('moves every claim of the selection with one audit entry each', () => {
    const r = bulkStatus(f.db, 'dana', { refs: ['B-1', 'B-2', 'B-3'], status: 'allowed', reason: 'Reconciled to the ledger' });
    expect(r).toEqual({ changed: 3, status: 'allowed' });
    for (const ref of ['B-1', 'B-2', 'B-3']) {
      expect(statusOf(f, ref)).toBe('allowed');
      expect(auditOf(f, ref)).toEqual([
        expect.objectContaining({ action: 'claim.status', reason: 'Reconciled to the ledger', actor: 'dana' }),
      ]);
    }
    expect(statusOf(f, 'B-4')).toBe('under_review');
  });

  it('changes nothing when any claim cannot move, and names each one and why', () => {
    const e = (() => {
      try {
        bulkStatus(f.db, 'dana', { refs: ['B-1', 'B-6', 'B-2', 'NOPE'], status: 'allowed', reason: 'Reconciled' });
      } catch (err) {
        return err as AppError;
      }
      throw new Error('expected a refusal');
    })();
    expect(e.code).toBe('invalid_state');
    expect(e.message).toMatch(/^2 of 4 claims cannot become allowed, so none was changed/);
    expect(e.details).toEqual({
      problems: [
        { ref: 'B-6', problem: 'A withdrawn claim is closed and cannot change status' },
        { ref: 'NOPE', problem: 'No claim with this reference' },
      ],
    });
    expect(statusOf(f, 'B-1')).toBe('under_review');
    expect(auditOf(f, 'B-1')).toHaveLength(0);
  });

  it('does not mark duplicates or superseded claims in bulk', () => {
    expect(() => bulkStatus(f.db, 'dana', { refs: ['B-1'], status: 'duplicate', reason: 'Twice' })).toThrow(/one at a time/);
  });
});
