import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getClaim } from '../../src/services/claims-detail.js';
import { attachDocument, saveDocument } from '../../src/services/claims-documents.js';
import { listClaims } from '../../src/services/claims-query.js';
import { updateClaim } from '../../src/services/claims-lifecycle.js';
import { auditOf, fixture, type Fixture } from './fixture.js';

describe('claim detail', () => {
  let f: Fixture;
  beforeEach(() => {
    f = fixture();
    const a = f.creditor('CR-A', 'Ada Lovelace');
    const b = f.creditor('CR-B', 'Bob Stone');
    // Ada: scheduled 2 BTC from the ledger; she filed for 2.5 BTC (higher) and 100 USDT (no schedule)
    f.claim({ ref: 'S-1', creditor: a, asset: 'BTC', asserted: '2', source: 'scheduled', filedOn: null, status: 'under_review' });
    f.claim({ ref: 'F-1', creditor: a, asset: 'BTC', asserted: '2.5', filedOn: '2026-03-01' });
    f.claim({ ref: 'F-2', creditor: a, asset: 'USDT', asserted: '100', filedOn: '2026-07-01' });
    // Bob: scheduled 1,000 USD in two lines; filed exactly that, late; and a lower ETH claim
    f.claim({ ref: 'S-2', creditor: b, asset: 'USD', asserted: '600', source: 'scheduled', filedOn: null });
    f.claim({ ref: 'S-3', creditor: b, asset: 'USD', asserted: '400', source: 'scheduled', filedOn: null });
    f.claim({ ref: 'S-4', creditor: b, asset: 'ETH', asserted: '3', source: 'scheduled', filedOn: null });
    f.claim({ ref: 'S-5', creditor: b, asset: 'ETH', asserted: '7', source: 'scheduled', filedOn: null, status: 'withdrawn' });
    f.claim({ ref: 'F-3', creditor: b, asset: 'USD', asserted: '1000', filedOn: '2026-07-15', setoff: '250.50' });
    f.claim({ ref: 'F-4', creditor: b, asset: 'ETH', asserted: '2.75', filedOn: '2026-06-30' });
  });
  afterEach(() => f.close());

  it('shows the value with the price and date used (quantity × petition-date price, half-even)', () => {
    const d = getClaim(f.read, 'F-1');
    // 2.5 × 50,000.125 = 125,000.3125 → 125,000.31
    expect(d.valuation).toEqual({
      quantity: '2.50000000',
      basis: 'asserted',
      price: '50000.125',
      priceDate: '2026-01-15',
      caseCurrency: false,
      gross: '125000.31',
      setoff: null,
      value: '125000.31',
      currency: 'USD',
      note: null,
    });
  });

  it('values a claim in the case currency at its quantity, less the set-off', () => {
    const d = getClaim(f.read, 'F-3');
    expect(d.valuation).toMatchObject({ caseCurrency: true, price: '1', gross: '1000.00', setoff: '250.50', value: '749.50' });
    expect(d.setoff).toBe('250.50');
  });

  it('says when the stored value no longer matches the petition-date price', () => {
    f.db.prepare("UPDATE prices SET price = '60000' WHERE asset = 'BTC'").run();
    expect(getClaim(f.read, 'F-1').valuation.note).toMatch(/differs .*150000\.00 USD/);
  });

  it('matches a filed claim to the scheduled amount of the same creditor and asset', () => {
    expect(getClaim(f.read, 'F-1').match).toEqual({
      state: 'higher',
      scheduled: '2.00000000',
      difference: '0.50000000',
      scheduledRefs: ['S-1'],
    });
    expect(getClaim(f.read, 'F-3').match).toEqual({
      state: 'agreed',
      scheduled: '1000.00',
      difference: '0.00',
      scheduledRefs: ['S-2', 'S-3'],
    });
    // the withdrawn scheduled line does not count: 2.75 against 3
    expect(getClaim(f.read, 'F-4').match).toMatchObject({ state: 'lower', difference: '-0.250000000000000000', scheduledRefs: ['S-4'] });
    expect(getClaim(f.read, 'F-2').match).toMatchObject({ state: 'not_scheduled', scheduled: null });
    // a scheduled claim has no match of its own but lists the filed claims against it
    const s = getClaim(f.read, 'S-2');
    expect(s.match).toBeNull();
    expect(s.filedAgainst).toEqual(['F-3']);
    // the register's rows carry the same match
    const rows = listClaims(f.read, { filter: { search: 'F-' }, sort: 'ref', dir: 'asc', limit: 10 }).rows;
    expect(rows.map((r) => [r.ref, r.match?.state])).toEqual([
      ['F-1', 'higher'],
      ['F-2', 'not_scheduled'],
      ['F-3', 'agreed'],
      ['F-4', 'lower'],
    ]);
  });

  it('flags claims filed after the bar date as late, never scheduled ones', () => {
    const late = Object.fromEntries(
      listClaims(f.read, { filter: {}, sort: 'ref', dir: 'asc', limit: 20 }).rows.map((r) => [r.ref, r.late]),
    );
    // bar date 2026-06-30: filed on it is in time, the day after is late
    expect(late).toMatchObject({ 'F-1': false, 'F-2': true, 'F-3': true, 'F-4': false, 'S-1': false });
    expect(getClaim(f.read, 'F-2')).toMatchObject({ late: true, barDate: '2026-06-30', filedOn: '2026-07-01' });
  });

  it('stores attached documents with their SHA-256, lists them and writes them back byte for byte', () => {
    const src = join(f.dir, 'proof of claim.pdf');
    const bytes = Buffer.from('%PDF-1.4 proof of claim for F-1\n' + 'x'.repeat(5000));
    writeFileSync(src, bytes);
    const doc = attachDocument(f.db, 'dana', { ref: 'F-1', path: src });
    expect(doc).toMatchObject({
      name: 'proof of claim.pdf',
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      addedBy: 'dana',
    });
    expect(getClaim(f.read, 'F-1').documents).toEqual([doc]);
    expect(auditOf(f, 'F-1').at(-1)).toMatchObject({ action: 'claim.document', actor: 'dana' });
    expect(getClaim(f.read, 'F-1').history[0]!.summary).toBe('Attached "proof of claim.pdf"');
    // the same file again on the same claim is refused
    expect(() => attachDocument(f.db, 'dana', { ref: 'F-1', path: src, name: 'again.pdf' })).toThrow(
      /already attached to F-1 \(as "proof of claim.pdf"\)/,
    );
    const out = join(f.dir, 'out', 'copy.pdf');
    const saved = saveDocument(f.read, f.dir, { id: doc.id, path: out });
    expect(readFileSync(saved.path).equals(bytes)).toBe(true);
    expect(() => saveDocument(f.read, f.dir, { id: doc.id, path: out })).toThrow(/already exists/);
    // without a path it lands in the data folder's exports, for a browser download
    const dl = saveDocument(f.read, f.dir, { id: doc.id });
    expect(dl.download).toBe(`documents/${doc.id}-proof of claim.pdf`);
    expect(readFileSync(dl.path).equals(bytes)).toBe(true);
    expect(() => attachDocument(f.db, 'dana', { ref: 'F-1', path: join(f.dir, 'missing.pdf') })).toThrow(/No file at/);
  });

  it('reads the status history from the audit log, newest first, and only for that claim', () => {
    updateClaim(f.db, 'dana', { ref: 'F-1', status: 'under_review', reason: 'Review opened' });
    updateClaim(f.db, 'erik', { ref: 'F-2', status: 'under_review', reason: 'Other claim' });
    updateClaim(f.db, 'dana', { ref: 'F-1', status: 'disputed', reason: 'Ledger shows 2 BTC' });
    expect(getClaim(f.read, 'F-1').history.map((h) => [h.actor, h.summary, h.reason])).toEqual([
      ['dana', 'under review → disputed', 'Ledger shows 2 BTC'],
      ['dana', 'filed → under review', 'Review opened'],
    ]);
  });
});
