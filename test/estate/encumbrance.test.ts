import { describe, expect, it } from 'vitest';
import { addAsset } from '../../src/services/estate.js';
import { realize } from '../../src/services/estate-realize.js';
import { collateralProceeds, removeSecured, setSecured } from '../../src/services/estate-encumbrance.js';
import { assetDetail } from '../../src/services/estate-view.js';
import { auditOf, tmpCase } from './helpers.js';

describe('secured claims on an asset', () => {
  it('links a claim to its collateral with a lien order, audited on the claim', () => {
    const c = tmpCase();
    addAsset(c.db, 'a', { ref: 'EA-1', kind: 'wallet', asset: 'BTC', quantity: '5', status: 'under_control' });
    setSecured(c.db, 'lee', 'EA-1', 'CL-2', 2, 'Second charge per the loan agreement');
    setSecured(c.db, 'lee', 'EA-1', 'CL-1', 1, 'First charge registered 2023');
    const d = assetDetail(c.read, 'EA-1');
    expect(d.secured.map((s) => [s.claimRef, s.lien, s.creditorName])).toEqual([
      ['CL-1', 1, 'Bank of Tests'],
      ['CL-2', 2, 'Ada Lovelace'],
    ]);
    expect(d.securedClaims).toBe(2);
    expect(auditOf(c, 'claim', 'CL-1')[0]).toMatchObject({ action: 'claim.collateral', reason: 'First charge registered 2023' });
    expect(JSON.parse(auditOf(c, 'claim', 'CL-1')[0]!.after!)).toEqual({ lien: 1, securedBy: 'EA-1' });
    removeSecured(c.db, 'lee', 'CL-2', 'Charge released');
    expect(assetDetail(c.read, 'EA-1').secured).toHaveLength(1);
    expect(() => removeSecured(c.db, 'lee', 'CL-2', 'again')).toThrow(/names no collateral/);
    expect(() => setSecured(c.db, 'lee', 'EA-1', 'CL-404', 1, 'x')).toThrow(/No claim with reference CL-404/);
  });

  it('gives the engine each collateral’s net realized proceeds in the case currency', () => {
    const c = tmpCase();
    addAsset(c.db, 'a', { ref: 'EA-1', kind: 'wallet', asset: 'BTC', quantity: '5', status: 'under_control' });
    addAsset(c.db, 'a', { ref: 'EA-2', kind: 'wallet', asset: 'BTC', quantity: '5', status: 'under_control' });
    setSecured(c.db, 'a', 'EA-1', 'CL-1', 1, 'First charge');
    realize(c.db, 'a', { ref: 'EA-1', quantity: '1', proceeds: '100000', costs: '250', date: '2026-02-01' });
    realize(c.db, 'a', { ref: 'EA-1', quantity: '1', proceeds: '50000', currency: 'USDT', date: '2026-02-01' });
    realize(c.db, 'a', { ref: 'EA-2', quantity: '1', proceeds: '99999', date: '2026-02-01' });
    // 99,750.00 + 50,000 USDT × 0.9987 = 49,935.00 → 149,685.00; EA-2 secures nothing
    expect(collateralProceeds(c.read)).toEqual([{ ref: 'EA-1', proceeds: 14968500n }]);
  });
});
