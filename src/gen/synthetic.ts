/**
 * Realistic synthetic cases: the bundled demo (3,000 claims) and benchmark
 * cases up to a million claims. Deterministic for a given seed.
 */
import { createCase, closeCase } from '../services/case.js';
import { appendAudit } from '../store/audit.js';
import { tx } from '../store/db.js';
import { recordVersion } from '../store/ladder-versions.js';
import { parseRatio } from '../money/decimal.js';
import { claimValue } from '../domain/valuation.js';
import { normaliseName } from '../domain/names.js';
import type { ClaimStatus, CreditorType, KycState } from '../domain/claims.js';
import { Rng } from './rng.js';
import { ENTITY_KINDS, ENTITY_STEMS, GIVEN, JURISDICTIONS, STREETS } from './names.js';
import { seedEstate } from './estate.js';

export interface GenOptions {
  path: string;
  claims: number;
  seed?: number;
  name?: string;
  /** Fixed timestamps so the same seed gives the same file content. */
  at?: string;
  actor?: string;
  /** Write a per-claim audit history for decided claims (demo only; skipped at scale). */
  history?: boolean;
  onProgress?: (done: number, total: number) => void;
}

const PETITION = '2025-11-14';
const PRICES: Record<string, string> = { USD: '1', BTC: '91234.56', ETH: '3120.4455', USDT: '0.99870', USDC: '1.0001', SOL: '142.371' };
const CLAIM_ASSETS: ReadonlyArray<readonly [string, number]> = [['USDT', 40], ['BTC', 22], ['USD', 18], ['ETH', 15], ['USDC', 3], ['SOL', 2]];
/** Digit-length ranges of claim sizes per asset, in minor units. */
const SIZE: Record<string, [number, number]> = { USD: [4, 8], USDT: [6, 11], USDC: [6, 10], BTC: [5, 9], ETH: [15, 20], SOL: [8, 12] };
const STATUS_MIX: ReadonlyArray<readonly [ClaimStatus, number]> = [
  ['allowed', 48], ['under_review', 14], ['filed', 11], ['disputed', 8], ['disallowed', 7], ['withdrawn', 4], ['superseded', 4], ['duplicate', 4],
];
const CLASSES = [
  ['ADMIN', 'Administrative expenses', 1, 'pro_rata', null, null, 0, null, null, null, 0],
  ['SEC', 'Secured (collateral)', 2, 'pro_rata', null, null, 1, 'GUC', null, null, 0],
  ['PRIO', 'Priority employee wages', 3, 'pro_rata', null, null, 0, null, '1515000', 'GUC', 0],
  ['CUST', 'Customer entitlement', 4, 'pro_rata', null, null, 0, null, null, null, 1],
  ['CONV', 'Convenience (50%, up to 1,000.00)', 5, 'fixed_pct', '0.5', '100000', 0, null, null, null, 0],
  ['GUC', 'General unsecured', 5, 'pro_rata', null, null, 0, null, null, null, 1],
  ['SUB', 'Subordinated', 6, 'pro_rata', null, null, 0, null, null, null, 0],
  ['EQ', 'Equity', 7, 'residual', null, null, 0, null, null, null, 0],
] as const;
const ESTATE = [
  ['EA-001', 'wallet', 'BTC', '61200000000', 'bitcoin bc1qmeridiancold0000000000000000000', 'under_control'],
  ['EA-002', 'wallet', 'ETH', '18250000000000000000000', 'ethereum 0x7a5f…c0de (Meridian hot wallet)', 'frozen'],
  ['EA-003', 'exchange_account', 'USDT', '8400000000000', 'Kraken sub-account, frozen by court order', 'frozen'],
  ['EA-004', 'bank_account', 'USD', '1275000000', 'Silvergate-style operating account (receiver)', 'realized'],
  ['EA-005', 'bank_account', 'USD', '420000000', 'Escrow at Fiduciary Bank', 'under_control'],
  ['EA-006', 'wallet', 'SOL', '90000000000000', 'solana Mer1d…Sol (staked)', 'realizing'],
  ['EA-007', 'exchange_account', 'BTC', '4500000000', 'Binance account recovered', 'identified'],
  ['EA-008', 'receivable', 'USD', '310000000', 'Loan to affiliate Meridian Labs', 'identified'],
  ['EA-009', 'litigation_claim', 'USD', '2500000000', 'Clawback action v. former CFO', 'identified'],
  ['EA-010', 'wallet', 'USDC', '2150000000000', 'ethereum 0x91b2…77aa', 'under_control'],
  ['EA-011', 'other', 'ETH', '350000000000000000000', 'Hardware wallets seized at office', 'written_off'],
  ['EA-012', 'exchange_account', 'USDT', '650000000000', 'OKX institutional account', 'realized'],
] as const;

function personName(rng: Rng): string {
  const script = rng.weighted<keyof typeof GIVEN>([['latin', 60], ['cyrillic', 10], ['greek', 4], ['cjk', 16], ['arabic', 6], ['hebrew', 4]]);
  if (script === 'latin' || script === 'latinFamily') return `${rng.pick(GIVEN.latin)} ${rng.pick(GIVEN.latinFamily)}`;
  return rng.pick(GIVEN[script]);
}

export function generateCase(o: GenOptions): { creditors: number; claims: number } {
  const rng = new Rng(o.seed ?? 20251114);
  const at = o.at ?? '2025-11-20T09:00:00.000Z';
  const actor = o.actor ?? 'generator';
  const c = createCase({ path: o.path, name: o.name ?? 'Meridian Derivatives Ltd (in liquidation)', currency: 'USD', petitionDate: PETITION, barDate: '2026-03-31', interestRate: '0.05' }, actor);
  const db = c.db;
  const nCreditors = Math.max(1, Math.round(o.claims * 0.7));
  try {
    tx(db, () => {
      const price = db.prepare('INSERT INTO prices (asset, date, price, source) VALUES (?, ?, ?, ?)');
      for (const [asset, p] of Object.entries(PRICES)) price.run(asset, PETITION, p, 'Petition-date close (synthetic)');
      price.run('BTC', '2026-06-30', '104500.00', 'Quarter close (synthetic)');
      price.run('ETH', '2026-06-30', '3480.10', 'Quarter close (synthetic)');
      const cls = db.prepare(
        'INSERT INTO classes (code, name, rank, treatment, pct, cap, secured, deficiency_class, portion_cap, overflow_class, interest_bearing, position) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)',
      );
      CLASSES.forEach((k, i) => cls.run(...k, i));
      recordVersion(db, actor, 'Ladder of the synthetic case', at);
      const ea = db.prepare('INSERT INTO estate_assets (ref, kind, asset, quantity, location, status, updated_at) VALUES (?,?,?,?,?,?,?)');
      for (const e of ESTATE) ea.run(...e, at);
      appendAudit(db, { actor, action: 'case.generate', entity: 'case', at, after: { claims: o.claims, creditors: nCreditors, seed: o.seed ?? 20251114 } });
    });

    const scales = new Map([['USD', 2], ['BTC', 8], ['ETH', 18], ['USDT', 6], ['USDC', 6], ['SOL', 9]]);
    const ratios = new Map(Object.entries(PRICES).map(([k, v]) => [k, parseRatio(v)]));
    const insCred = db.prepare('INSERT INTO creditors (ref, name, name_key, type, address, email, jurisdiction, kyc, tax_form, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)');
    const insClaim = db.prepare(
      `INSERT INTO claims (ref, creditor_id, source, asset, asserted, allowed, status, secured_by, lien, setoff, reserve_estimate, filed_on, amends_id, duplicate_of, class_code, class_status, notes, value_minor, updated_at)
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    );
    const batch = 20_000;
    let creditorId = 0;
    tx(db, () => {
      for (let i = 1; i <= nCreditors; i++) {
        const type = rng.weighted<CreditorType>([['individual', 78], ['entity', 15], ['employee', 3], ['insider', 1], ['government', 1], ['affiliate', 2]]);
        const name = type === 'entity' || type === 'affiliate' ? `${rng.pick(ENTITY_STEMS)} ${rng.pick(ENTITY_KINDS)}` + (rng.next() < 0.5 ? ` ${rng.int(1, 99)}` : '') : personName(rng);
        const kyc = rng.weighted<KycState>([['verified', 70], ['pending', 12], ['not_started', 10], ['failed', 4], ['restricted', 4]]);
        const jur = rng.pick(JURISDICTIONS);
        insCred.run(`CR-${String(i).padStart(7, '0')}`, name, normaliseName(name), type, `${rng.int(1, 400)} ${rng.pick(STREETS)}, ${jur}`, `creditor${i}@example.org`, jur, kyc, rng.next() < 0.6 ? 1 : 0, at);
      }
    });
    creditorId = nCreditors;
    let made = 0;
    const refs: Array<{ id: number; status: ClaimStatus }> = [];
    while (made < o.claims) {
      const end = Math.min(o.claims, made + batch);
      tx(db, () => {
        for (let i = made + 1; i <= end; i++) {
          const cred = i <= creditorId ? i : rng.int(1, creditorId);
          const asset = rng.weighted(CLAIM_ASSETS);
          const scale = scales.get(asset)!;
          const [lo, hi] = SIZE[asset]!;
          const asserted = rng.digits(lo, hi);
          let status = rng.weighted(STATUS_MIX);
          let amends: number | null = null;
          let dup: number | null = null;
          if ((status === 'superseded' || status === 'duplicate') && refs.length < 10) status = 'filed';
          if (status === 'duplicate') dup = rng.pick(refs).id;
          if (status === 'allowed' && refs.length > 10 && rng.next() < 0.04) {
            const old = refs[refs.length - 1 - rng.int(0, Math.min(50, refs.length - 1))]!;
            amends = old.id;
          }
          const allowed = status === 'allowed' ? (rng.next() < 0.8 ? asserted : (asserted * BigInt(rng.int(50, 99))) / 100n) : null;
          const setoff = rng.next() < 0.03 ? rng.digits(3, 6) : null;
          const reserve = status === 'disputed' && rng.next() < 0.5 ? (claimValue(asserted, scale, ratios.get(asset)!, 2) * BigInt(rng.int(10, 60))) / 100n : null;
          const value = claimValue(allowed ?? asserted, scale, ratios.get(asset)!, 2, setoff ?? 0n);
          const source = rng.next() < 0.6 ? 'scheduled' : 'filed';
          const day = rng.int(0, 170);
          const filedOn = new Date(Date.UTC(2025, 10, 20 + day)).toISOString().slice(0, 10);
          const live = !['disallowed', 'withdrawn', 'superseded', 'duplicate'].includes(status);
          const klass = live ? pickClass(rng, asset, value) : null;
          const classStatus = klass ? rng.weighted<'approved' | 'proposed'>([['approved', 62], ['proposed', 38]]) : null;
          const securedBy = klass === 'SEC' ? rng.int(1, 3) : null;
          insClaim.run(
            `CL-${String(i).padStart(7, '0')}`, cred, source, asset, asserted.toString(), allowed?.toString() ?? null, status, securedBy, securedBy ? rng.int(1, 2) : null,
            setoff?.toString() ?? null, reserve?.toString() ?? null, filedOn, amends, dup, klass, classStatus, null, value, at,
          );
          refs.push({ id: i, status });
          if (refs.length > 200) refs.shift();
        }
        db.exec("UPDATE claims SET status = 'superseded' WHERE id IN (SELECT amends_id FROM claims WHERE amends_id IS NOT NULL) AND status NOT IN ('superseded')");
        appendAudit(db, { actor, action: 'claims.generate', entity: 'claims', at, after: { from: made + 1, to: end } });
      });
      made = end;
      o.onProgress?.(made, o.claims);
    }
    seedEstate(db, at, actor);
    if (o.history) writeHistory(c.db, rng, actor);
  } finally {
    closeCase(c);
  }
  return { creditors: nCreditors, claims: o.claims };
}

const REASONS: Partial<Record<ClaimStatus, string[]>> = {
  under_review: ['Proof of claim received; review opened', 'Scheduled balance queued for reconciliation'],
  allowed: ['Agrees with ledger balance at petition date', 'Supporting documents verified', 'Reconciled to trade history'],
  disputed: ['Balance differs from ledger; creditor notified', 'Margin calls after petition date contested'],
  disallowed: ['No account found in ledger', 'Claim relates to post-petition activity'],
  withdrawn: ['Withdrawn by creditor by letter'],
  superseded: ['Replaced by an amended proof of claim'],
  duplicate: ['Same claim filed twice'],
};

/** The demo's per-claim decision history, so a claim's detail shows how it got where it is. */
function writeHistory(db: import('../store/db.js').WriteDb, rng: Rng, actor: string): void {
  const rows = db.prepare("SELECT ref, status FROM claims WHERE status <> 'filed' ORDER BY id").all() as Array<{ ref: string; status: ClaimStatus }>;
  const reviewers = ['a.okafor', 'm.lindqvist', 'j.tanaka'];
  tx(db, () => {
    for (const r of rows) {
      const day = rng.int(1, 60);
      const t1 = new Date(Date.UTC(2026, 0, day, 10)).toISOString();
      const t2 = new Date(Date.UTC(2026, 2, day, 15)).toISOString();
      const who = rng.pick(reviewers);
      appendAudit(db, { actor: who, action: 'claim.status', entity: 'claim', entityRef: r.ref, at: t1, before: { status: 'filed' }, after: { status: 'under_review' }, reason: rng.pick(REASONS.under_review!) });
      if (r.status !== 'under_review') {
        appendAudit(db, { actor: who, action: 'claim.status', entity: 'claim', entityRef: r.ref, at: t2, before: { status: 'under_review' }, after: { status: r.status }, reason: rng.pick(REASONS[r.status] ?? ['Decision recorded']) });
      }
    }
  });
  void actor;
}

function pickClass(rng: Rng, asset: string, value: bigint): string {
  if (value < 100000n && rng.next() < 0.5) return 'CONV';
  return rng.weighted([
    ['CUST', asset === 'USD' ? 10 : 70],
    ['GUC', 20],
    ['ADMIN', 1],
    ['SEC', 1],
    ['PRIO', 2],
    ['SUB', 2],
    ['EQ', 1],
  ] as const);
}
