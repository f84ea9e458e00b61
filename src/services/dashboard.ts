/** The Dashboard's real figures and the case's path as steps. */
import type { DashboardSummary, StepStatus } from '../api/contract/case.js';
import { formatDecimal } from '../money/decimal.js';
import { CLAIM_STATUSES } from '../domain/claims.js';
import type { OpenCase } from './case.js';
import { readMeta } from './case.js';
import { assetScales, count, tableExists } from '../store/util.js';

const plural = (n: number, one: string, many = one + 's') => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

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

  const assetTotals = new Map<string, { claims: number; asserted: bigint; value: bigint }>();
  const it = db.prepare('SELECT asset, asserted, value_minor FROM claims').raw().iterate() as IterableIterator<[string, string, bigint]>;
  for (const [asset, asserted, value] of it) {
    const t = assetTotals.get(asset) ?? { claims: 0, asserted: 0n, value: 0n };
    t.claims++;
    t.asserted += BigInt(asserted);
    t.value += value;
    assetTotals.set(asset, t);
  }
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
  const unclassified = n(`SELECT count(*) FROM claims WHERE ${live} AND class_code IS NULL`);
  const unsigned = n(`SELECT count(*) FROM claims WHERE ${live} AND (class_status IS NULL OR class_status = 'proposed')`);
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
