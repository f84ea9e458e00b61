/** The Dashboard's real figures and the case's path as steps. */
import type { DashboardSummary, StepStatus } from '../api/contract/case.js';
import { formatDecimal } from '../money/decimal.js';
import { CLAIM_STATUSES } from '../domain/claims.js';
import type { OpenCase } from './case.js';
import { readMeta } from './case.js';
import { assetScales, count, tableExists } from '../store/util.js';
import type { ReadDb } from '../store/db.js';

const plural = (n: number, one: string, many = one + 's') => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** Amounts claimed are summed in SQL in limbs of 9 digits: a limb's sum stays exact in 64 bits up to a billion claims. */
const LIMB = 9;
const LIMBS = 3;
/** An amount the limbs do not cover exactly: anything but plain digits, or more than 27 of them (none in practice). */
const ODD = `(asserted GLOB '*[^0-9]*' OR length(asserted) > ${LIMB * LIMBS})`;
const LIMB_SUMS = Array.from({ length: LIMBS }, (_, k) => `sum(CAST(substr(asserted, ${-LIMB * (k + 1)}, ${LIMB}) AS INTEGER))`).join(', ');

export interface AssetTotals {
  claims: number;
  /** Amount claimed, in the asset's minor units. */
  asserted: bigint;
  /** Value in case-currency minor units. */
  value: bigint;
}

/**
 * Per asset: how many claims, the amount claimed (exact, in the asset's minor
 * units: TEXT that may exceed 64 bits for 18-decimal tokens) and the value in
 * the case currency. SQLite does the sums, walking the (asset, asserted) and
 * (asset, value) indexes in asset order, so a million claims never reach
 * JavaScript: each amount is cut into 9-digit limbs whose sums are exact
 * integers, put together here as bigints. An asset with an amount the limbs do
 * not cover is summed claim by claim instead.
 */
export function claimsByAsset(db: ReadDb): Map<string, AssetTotals> {
  const out = new Map<string, AssetTotals>();
  const values = db.prepare('SELECT asset, count(*), coalesce(sum(value_minor), 0) FROM claims GROUP BY asset').raw().all() as Array<[string, bigint, bigint]>;
  for (const [asset, n, v] of values) out.set(asset, { claims: count(n), asserted: 0n, value: v });
  const sums = db.prepare(`SELECT asset, sum(${ODD}), ${LIMB_SUMS} FROM claims GROUP BY asset`).raw().all() as Array<[string, bigint, ...bigint[]]>;
  const each = db.prepare('SELECT asserted FROM claims WHERE asset = ?').pluck();
  for (const [asset, odd, ...limbs] of sums) {
    const t = out.get(asset);
    if (!t) continue;
    if (odd > 0n) for (const q of each.iterate(asset) as IterableIterator<string>) t.asserted += BigInt(q);
    else t.asserted = limbs.reduceRight((a, l) => a * 10n ** BigInt(LIMB) + l, 0n);
  }
  return out;
}

export function dashboardSummary(c: OpenCase): DashboardSummary {
  const db = c.read;
  const meta = readMeta(db);
  const scales = assetScales(db);
  const cur = scales.get(meta.currency) ?? 2;

  const creditors = count(db.prepare('SELECT count(*) n FROM creditors').pluck().get());
  const statusRows = db
    .prepare('SELECT status, count(*) n, coalesce(sum(value_minor),0) v FROM claims GROUP BY status')
    .all() as Array<{ status: string; n: bigint; v: bigint }>;
  const byStatusMap = new Map(statusRows.map((r) => [r.status, r]));
  const byStatus = CLAIM_STATUSES.map((s) => {
    const r = byStatusMap.get(s);
    return { status: s, count: count(r?.n), value: formatDecimal(r?.v ?? 0n, cur) };
  });
  const claims = byStatus.reduce((a, b) => a + b.count, 0);

  const assetTotals = claimsByAsset(db);
  const byAsset = [...assetTotals.entries()]
    .sort((a, b) => (a[1].value > b[1].value ? -1 : a[1].value < b[1].value ? 1 : a[0].localeCompare(b[0])))
    .map(([asset, t]) => {
      const scale = scales.get(asset) ?? 0;
      return { asset, scale, claims: t.claims, asserted: formatDecimal(t.asserted, scale), value: formatDecimal(t.value, cur) };
    });

  const held = new Map<string, { count: number; quantity: bigint }>();
  const ea = db.prepare("SELECT asset, quantity FROM estate_assets WHERE status <> 'written_off'").raw().all() as Array<[string, string]>;
  for (const [asset, q] of ea) {
    const t = held.get(asset) ?? { count: 0, quantity: 0n };
    t.count++;
    t.quantity += BigInt(q);
    held.set(asset, t);
  }
  const assetsHeld = [...held.entries()].map(([asset, t]) => {
    const scale = scales.get(asset) ?? 0;
    return { asset, scale, count: t.count, quantity: formatDecimal(t.quantity, scale) };
  });
  const estateAssets = count(db.prepare('SELECT count(*) FROM estate_assets').pluck().get());
  const totalValue = formatDecimal(
    statusRows.reduce((a, r) => a + r.v, 0n),
    cur,
  );

  return { creditors, claims, byStatus, byAsset, assetsHeld, estateAssets, totalValue, currency: meta.currency, steps: steps(c, claims) };
}

function steps(c: OpenCase, claims: number): StepStatus[] {
  const db = c.read;
  const n = (sql: string) => count(db.prepare(sql).pluck().get());
  const live = "status NOT IN ('disallowed','withdrawn','superseded','duplicate')";
  const toReview = n("SELECT count(*) FROM claims WHERE status IN ('filed','under_review')");
  // one pass over the claims for both (class_status is in no index; class_code's index would mean a table read per claim)
  const [unclassified, unsigned] = (
    db.prepare(`SELECT sum(class_code IS NULL), sum(class_status IS NULL OR class_status = 'proposed') FROM claims WHERE ${live}`).raw().get() as [unknown, unknown]
  ).map(count) as [number, number];
  const unrealised = n("SELECT count(*) FROM estate_assets WHERE status NOT IN ('realized','written_off')");
  const hasRuns = tableExists(db, 'runs');
  const runs = (state: string) => (hasRuns ? n(`SELECT count(*) FROM runs WHERE state = '${state}'`) : 0);
  const drafted = runs('draft');
  const approved = runs('approved');
  const finalized = runs('finalized');
  const noticesSent = tableExists(db, 'notices') ? n('SELECT count(*) FROM notices') : 0;

  return [
    {
      key: 'claims_in',
      label: 'Claims in',
      done: claims > 0,
      left: claims > 0 ? `${plural(claims, 'claim')} on the register` : 'No claims yet: import the ledger or filed proofs',
      action: { label: claims > 0 ? 'Open claims' : 'Import claims', section: 'claims' },
    },
    {
      key: 'reviewed',
      label: 'Reviewed',
      done: claims > 0 && toReview === 0,
      left: toReview ? `${plural(toReview, 'claim')} still to review` : 'Every claim has a decision',
      action: { label: 'Review claims', section: 'claims' },
    },
    {
      key: 'classified',
      label: 'Classified',
      done: claims > 0 && unclassified === 0,
      left: unclassified ? `${plural(unclassified, 'claim')} without a class` : 'Every live claim has a class',
      action: { label: 'Classify', section: 'classification' },
    },
    {
      key: 'signed_off',
      label: 'Signed off',
      done: claims > 0 && unsigned === 0,
      left: unsigned ? `${plural(unsigned, 'classification')} awaiting legal sign-off` : 'Legal has signed off every class',
      action: { label: 'Open review queue', section: 'classification' },
    },
    {
      key: 'assets_realised',
      label: 'Assets realised',
      done: unrealised === 0 && n('SELECT count(*) FROM estate_assets') > 0,
      left: unrealised ? `${plural(unrealised, 'asset')} not yet realised` : 'Every asset is realised or written off',
      action: { label: 'Open assets', section: 'assets' },
    },
    {
      key: 'run_drafted',
      label: 'Run drafted',
      done: drafted + approved + finalized > 0,
      left: drafted + approved + finalized ? `${plural(drafted, 'draft')} open` : 'No distribution run drafted yet',
      action: { label: 'Draft a run', section: 'distributions' },
    },
    {
      key: 'approved',
      label: 'Approved',
      done: approved + finalized > 0 && drafted === 0,
      left: drafted ? `${plural(drafted, 'draft')} awaiting approval by a second person` : approved + finalized ? 'No run awaiting approval' : 'Nothing to approve yet',
      action: { label: 'Review runs', section: 'distributions' },
    },
    {
      key: 'finalized',
      label: 'Finalized',
      done: finalized > 0 && approved === 0,
      left: approved ? `${plural(approved, 'approved run')} to finalize` : finalized ? `${plural(finalized, 'run')} finalized` : 'No run finalized yet',
      action: { label: 'Finalize', section: 'distributions' },
    },
    {
      key: 'notices_sent',
      label: 'Notices sent',
      done: finalized > 0 && noticesSent > 0,
      left: noticesSent ? `${plural(noticesSent, 'notice')} generated` : 'No statements generated yet',
      action: { label: 'Generate notices', section: 'exports' },
    },
  ];
}
