import { describe, expect, it } from 'vitest';
import { addAsset, estateLedger, setStatus, updateAsset, writeOff } from '../../src/services/estate.js';
import { realize } from '../../src/services/estate-realize.js';
import { assetDetail } from '../../src/services/estate-view.js';
import { AppError } from '../../src/errors.js';
import { verifyAuditChain } from '../../src/store/audit.js';
import { auditOf, tmpCase } from './helpers.js';

const err = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected an error');
};

describe('asset register', () => {
  it('registers an asset with its location fields and audits it', () => {
    const c = tmpCase();
    const a = addAsset(c.db, 'alice', { ref: 'EA-1', kind: 'wallet', asset: 'BTC', quantity: '12.5', chain: 'bitcoin', address: 'bc1qxyz', custodian: 'Anchor' });
    expect(a.held).toBe(1_250_000_000n);
    expect(a.status).toBe('identified');
    const d = assetDetail(c.read, 'EA-1');
    expect(d).toMatchObject({ held: '12.50000000', registered: '12.50000000', chain: 'bitcoin', address: 'bc1qxyz', custodian: 'Anchor' });
    expect(auditOf(c, 'estate_asset', 'EA-1')[0]).toMatchObject({ action: 'estate_asset.add', actor: 'alice' });
  });

  it('refuses a duplicate reference, an unknown asset, too many decimals and a zero quantity', () => {
    const c = tmpCase();
    addAsset(c.db, 'a', { ref: 'EA-1', kind: 'wallet', asset: 'BTC', quantity: '1' });
    expect(err(() => addAsset(c.db, 'a', { ref: 'EA-1', kind: 'wallet', asset: 'BTC', quantity: '1' })).message).toMatch(/already exists/);
    expect(err(() => addAsset(c.db, 'a', { ref: 'EA-2', kind: 'wallet', asset: 'DOGE', quantity: '1' })).message).toMatch(/Unknown asset DOGE; this case knows .*BTC/);
    expect(err(() => addAsset(c.db, 'a', { ref: 'EA-2', kind: 'bank_account', asset: 'USD', quantity: '1.005' })).message).toMatch(/Quantity: .*at most 2/);
    expect(err(() => addAsset(c.db, 'a', { ref: 'EA-2', kind: 'bank_account', asset: 'USD', quantity: '0' })).message).toMatch(/more than zero/);
    expect(err(() => addAsset(c.db, 'a', { ref: 'EA-2', kind: 'bank_account', asset: 'USD', quantity: '5', status: 'realized' })).code).toBe('invalid_args');
    expect(c.db.prepare('SELECT count(*) FROM estate_assets').pluck().get()).toBe(1n);
  });

  it('moves along the lifecycle, each change audited with its reason', () => {
    const c = tmpCase();
    addAsset(c.db, 'a', { ref: 'EA-1', kind: 'exchange_account', asset: 'USDT', quantity: '1000' });
    setStatus(c.db, 'bob', 'EA-1', 'frozen', 'Freezing order of 3 Dec');
    setStatus(c.db, 'bob', 'EA-1', 'under_control', 'Exchange transferred control to the estate');
    const entries = auditOf(c, 'estate_asset', 'EA-1').filter((e) => e.action === 'estate_asset.status');
    expect(entries.map((e) => [JSON.parse(e.before!).status, JSON.parse(e.after!).status, e.reason])).toEqual([
      ['identified', 'frozen', 'Freezing order of 3 Dec'],
      ['frozen', 'under_control', 'Exchange transferred control to the estate'],
    ]);
    expect(verifyAuditChain(c.read).ok).toBe(true);
  });

  it('refuses realized while units are held, and any change of a closed asset', () => {
    const c = tmpCase();
    addAsset(c.db, 'a', { ref: 'EA-1', kind: 'bank_account', asset: 'USD', quantity: '100', status: 'under_control' });
    const e = err(() => setStatus(c.db, 'a', 'EA-1', 'realized', 'All done'));
    expect(e.code).toBe('invalid_state');
    expect(e.message).toMatch(/still holds units/);
    expect(err(() => setStatus(c.db, 'a', 'EA-1', 'under_control', 'again')).message).toMatch(/already under control/);
    realize(c.db, 'a', { ref: 'EA-1', quantity: '100', proceeds: '100', date: '2026-01-05' });
    expect(assetDetail(c.read, 'EA-1').status).toBe('realized');
    expect(err(() => setStatus(c.db, 'a', 'EA-1', 'frozen', 'Mistake')).message).toMatch(/void one of its realizations/);
  });

  it('writes off part of a holding, then the rest, and every unit stays accounted for', () => {
    const c = tmpCase();
    addAsset(c.db, 'a', { ref: 'EA-1', kind: 'wallet', asset: 'ETH', quantity: '10', status: 'under_control' });
    writeOff(c.db, 'a', 'EA-1', '2.5', 'Stolen in the March hack');
    let d = assetDetail(c.read, 'EA-1');
    expect(d).toMatchObject({ held: '7.500000000000000000', status: 'under_control' });
    expect(d.ledger.writtenOff).toBe('2.500000000000000000');
    setStatus(c.db, 'a', 'EA-1', 'written_off', 'Keys lost for good');
    d = assetDetail(c.read, 'EA-1');
    expect(d).toMatchObject({ held: '0.000000000000000000', status: 'written_off' });
    expect(d.ledger).toMatchObject({ registered: '10.000000000000000000', writtenOff: '10.000000000000000000', balanced: true });
    expect(err(() => writeOff(c.db, 'a', 'EA-1', undefined, 'again')).message).toMatch(/already written off/);
  });

  it('corrects a quantity with a reason, moving the registered total with it', () => {
    const c = tmpCase();
    addAsset(c.db, 'a', { ref: 'EA-1', kind: 'wallet', asset: 'BTC', quantity: '1' });
    expect(err(() => updateAsset(c.db, 'a', { ref: 'EA-1', quantity: '1.5' })).message).toMatch(/needs a reason/);
    updateAsset(c.db, 'a', { ref: 'EA-1', quantity: '1.5', reason: 'A second UTXO was traced', location: 'Vault 2' });
    const l = estateLedger(c.read)[0]!;
    expect([l.registered, l.held, l.balanced]).toEqual([150_000_000n, 150_000_000n, true]);
    const last = auditOf(c, 'estate_asset', 'EA-1').at(-1)!;
    expect(last).toMatchObject({ action: 'estate_asset.update', reason: 'A second UTXO was traced' });
    expect(JSON.parse(last.after!)).toMatchObject({ held: '1.50000000', location: 'Vault 2' });
  });

  it('offers only the statuses an asset may move to', () => {
    const c = tmpCase();
    addAsset(c.db, 'a', { ref: 'EA-1', kind: 'wallet', asset: 'BTC', quantity: '1', status: 'frozen' });
    expect(assetDetail(c.read, 'EA-1').nextStatuses).toEqual(['identified', 'under_control', 'realizing', 'written_off']);
  });
});
