/** The estate as the API shows it: amounts as decimal text, values in the case currency. */
import type { EstateAssetDetail, EstateAssetRow, EstateCashRow, EstateExpenseRow, EstateHoldbackRow, EstateLedgerRow, EstateSummary } from '../api/contract/estate.js';
import { ESTATE_STATUSES, OPEN_STATUSES, statusChangeError, type EstateKind, type EstateStatus } from '../domain/estate.js';
import { count } from '../store/util.js';
import { allAssets, caseCurrency, fmt, loadAsset, scaleOf, segregatedHeld, stmt, today, type Db, type EstateAssetRecord } from './estate-common.js';
import { assetLedger, estateLedger, type LedgerLine } from './estate.js';
import { bookValue, markHistory, markOn, valueAt } from './estate-valuation.js';
import { realizationsOf } from './estate-realize.js';
import { securedClaimsOf, segregatedOf } from './estate-encumbrance.js';
import { documentsOf } from './estate-docs.js';
import { distributionsTracked, estateCash, listExpenses, listHoldbacks } from './estate-cash.js';

function row(db: Db, a: EstateAssetRecord, cur: { code: string; scale: number }, date: string): EstateAssetRow {
  const bv = bookValue(db, a, cur, date);
  return {
    ref: a.ref,
    kind: a.kind,
    asset: a.asset,
    scale: a.scale,
    held: fmt(a.held, a.scale),
    registered: fmt(a.registered, a.scale),
    status: a.status,
    location: a.location,
    custodian: a.custodian,
    chain: a.chain,
    address: a.address,
    notes: a.notes,
    bookValue: bv.value === null ? null : fmt(bv.value, cur.scale),
    mark: bv.mark,
    segregatedHeld: fmt(segregatedHeld(db, a.id), a.scale),
    securedClaims: count(stmt(db, 'SELECT count(*) FROM claims WHERE secured_by = ?').pluck().get(a.id)),
    documentCount: count(stmt(db, "SELECT count(*) FROM documents WHERE entity = 'estate_asset' AND entity_id = ?").pluck().get(a.id)),
    updatedAt: a.updatedAt,
  };
}

export interface AssetFilter {
  status?: EstateStatus | undefined;
  kind?: EstateKind | undefined;
  search?: string | undefined;
}

export function listAssetsView(db: Db, f: AssetFilter = {}): EstateAssetRow[] {
  const cur = caseCurrency(db);
  const date = today();
  const q = f.search?.trim().toLowerCase();
  return allAssets(db)
    .filter((a) => (!f.status || a.status === f.status) && (!f.kind || a.kind === f.kind))
    .filter((a) => !q || [a.ref, a.asset, a.location, a.custodian, a.chain, a.address, a.notes].some((t) => t?.toLowerCase().includes(q)))
    .map((a) => row(db, a, cur, date));
}

export function ledgerRow(l: LedgerLine): EstateLedgerRow {
  const f = (v: bigint) => fmt(v, l.scale);
  return {
    ref: l.ref,
    asset: l.asset,
    scale: l.scale,
    registered: f(l.registered),
    held: f(l.held),
    realized: f(l.realized),
    returned: f(l.returned),
    writtenOff: f(l.writtenOff),
    segregatedHeld: f(l.segregatedHeld),
    balanced: l.balanced,
  };
}

export function assetDetail(db: Db, ref: string): EstateAssetDetail {
  const a = loadAsset(db, ref);
  const cur = caseCurrency(db);
  const base = row(db, a, cur, today());
  const petitionMark = markOn(db, a, cur.petitionDate, cur.code);
  const ledger = assetLedger(db, a);
  const money = (v: bigint | null) => (v === null ? null : fmt(v, cur.scale));
  const history = db
    .prepare("SELECT id, at, actor, action, before, after, reason FROM audit WHERE entity = 'estate_asset' AND entity_ref = ? ORDER BY id DESC LIMIT 200")
    .all(a.ref) as Array<{ id: bigint; at: string; actor: string; action: string; before: string | null; after: string | null; reason: string | null }>;
  return {
    ...base,
    caseCurrency: cur.code,
    caseScale: cur.scale,
    petitionDate: cur.petitionDate,
    petitionMark,
    petitionValue: petitionMark ? fmt(valueAt(a.registered, a.scale, petitionMark.price, cur.scale), cur.scale) : null,
    ledger: ledgerRow(ledger),
    marks: markHistory(db, a).map((m) => ({ ...m, value: fmt(valueAt(a.held, a.scale, m.price, cur.scale), cur.scale) })),
    realizations: realizationsOf(db, a, cur).map((r) => ({
      id: r.id,
      date: r.date,
      quantity: fmt(r.quantity, a.scale),
      currency: r.currency,
      scale: r.scale,
      proceeds: fmt(r.proceeds, r.scale),
      costs: fmt(r.costs, r.scale),
      net: fmt(r.proceeds - r.costs, r.scale),
      notes: r.notes,
      createdBy: r.createdBy,
      createdAt: r.createdAt,
      voided: r.voided,
      petitionValue: money(r.petitionValue),
      netInCase: money(r.netInCase),
      gainLoss: money(r.gainLoss),
    })),
    secured: securedClaimsOf(db, a.id).map((c) => ({ ...c, value: fmt(c.value, cur.scale) })),
    segregated: segregatedOf(db, a.id).map((s) => ({ ...s, quantity: fmt(s.quantity, a.scale) })),
    documents: documentsOf(db, a.id),
    history: history.map((h) => ({ ...h, id: count(h.id) })),
    nextStatuses: ESTATE_STATUSES.filter((s) => (s === 'written_off' ? OPEN_STATUSES.includes(a.status) : statusChangeError(a.status, s, a.held) === null)),
  };
}

export function cashRows(db: Db): EstateCashRow[] {
  const cash = estateCash(db);
  const cur = caseCurrency(db).code;
  return Object.entries(cash)
    .sort(([x], [y]) => (x === cur ? -1 : y === cur ? 1 : x < y ? -1 : 1))
    .map(([currency, l]) => {
      const scale = scaleOf(db, currency);
      const f = (v: bigint) => fmt(v, scale);
      return {
        currency,
        scale,
        proceeds: f(l.proceeds),
        costs: f(l.costs),
        expenses: f(l.expenses),
        distributed: f(l.distributed),
        cash: f(l.cash),
        holdbacks: f(l.holdbacks),
        available: f(l.available),
      };
    });
}

export function estateSummary(db: Db): EstateSummary {
  const cur = caseCurrency(db);
  const date = today();
  const assets = allAssets(db);
  const byStatus = new Map<EstateStatus, { count: number; value: bigint }>(ESTATE_STATUSES.map((s) => [s, { count: 0, value: 0n }]));
  const byAsset = new Map<string, { scale: number; count: number; held: bigint; value: bigint }>();
  let total = 0n;
  let unvalued = 0;
  let gainLoss = 0n;
  const prices = new Map<string, string | null>();
  for (const a of assets) {
    const bv = bookValue(db, a, cur, date);
    const v = bv.value ?? 0n;
    if (bv.value === null && a.held > 0n) unvalued++;
    total += v;
    const s = byStatus.get(a.status)!;
    s.count++;
    s.value += v;
    const t = byAsset.get(a.asset) ?? { scale: a.scale, count: 0, held: 0n, value: 0n };
    t.count++;
    t.held += a.held;
    t.value += v;
    byAsset.set(a.asset, t);
    for (const r of realizationsOf(db, a, cur, prices)) if (!r.voided && r.gainLoss !== null) gainLoss += r.gainLoss;
  }
  const ledger = estateLedger(db);
  const problems = ledger
    .filter((l) => !l.balanced)
    .map(
      (l) =>
        `${l.ref}: ${fmt(l.registered, l.scale)} ${l.asset} registered, but held ${fmt(l.held, l.scale)} + realized ${fmt(l.realized, l.scale)} + returned ${fmt(l.returned, l.scale)} + written off ${fmt(l.writtenOff, l.scale)}`,
    );
  return {
    currency: cur.code,
    scale: cur.scale,
    petitionDate: cur.petitionDate,
    cash: cashRows(db),
    distributionsTracked: distributionsTracked(db),
    book: {
      total: fmt(total, cur.scale),
      unvalued,
      byStatus: [...byStatus.entries()].map(([status, s]) => ({ status, count: s.count, value: fmt(s.value, cur.scale) })),
      byAsset: [...byAsset.entries()]
        .sort((x, y) => (x[1].value > y[1].value ? -1 : x[1].value < y[1].value ? 1 : x[0] < y[0] ? -1 : 1))
        .map(([asset, t]) => ({ asset, scale: t.scale, count: t.count, held: fmt(t.held, t.scale), value: fmt(t.value, cur.scale) })),
    },
    ledger: { assets: ledger.length, balanced: problems.length === 0, problems },
    gainLoss: fmt(gainLoss, cur.scale),
    assets: assets.length,
    codes: (db.prepare('SELECT code, scale FROM assets ORDER BY code').all() as Array<{ code: string; scale: bigint }>).map((r) => ({ code: r.code, scale: count(r.scale) })),
  };
}

export function expensesView(db: Db): EstateExpenseRow[] {
  return listExpenses(db).map((e) => ({ ...e, amount: fmt(e.amount, e.scale) }));
}

export function holdbacksView(db: Db): EstateHoldbackRow[] {
  return listHoldbacks(db).map((h) => ({ ...h, amount: fmt(h.amount, h.scale) }));
}
