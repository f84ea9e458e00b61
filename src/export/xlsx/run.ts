/**
 * A run's distribution schedule: a summary sheet (the run's identity, its
 * options and input hash, and the exactness identity of spec §4), a row per
 * claim portion, and totals by class.
 */
import type { RunScheduleInput } from '../types.js';
import { Workbook } from './sheet.js';
import type { WriteProgress } from './books.js';

/** The identity lines of spec §4: how the cumulative pool is held, and the difference (0 when the run is exact). */
export function identityLines(t: RunScheduleInput['run']['totals']): Array<[string, bigint]> {
  const held = t.paidCumulative + t.reserved + t.withheld + t.residue + t.undistributed;
  return [
    ['Cumulative pool (released to date plus collateral proceeds)', t.cumulative],
    ['Paid in all runs', t.paidCumulative],
    ['Reserved for pending claims', t.reserved],
    ['Withheld (de minimis or KYC)', t.withheld],
    ['Rounding residue', t.residue],
    ['Undistributed', t.undistributed],
    ['Held in total (paid + reserved + withheld + residue + undistributed)', held],
    ['Difference: pool − held (0 when exact)', t.cumulative - held],
  ];
}

export async function writeRunSchedule(path: string, input: RunScheduleInput, p: WriteProgress = {}): Promise<number> {
  const { run } = input;
  const id = run.identity;
  const cs = run.currencyScale;
  const c = input.case.currency;
  const amt = (minor: bigint) => ({ minor, scale: cs });
  const wb = new Workbook(path, { title: `Distribution schedule ${id.ref}: ${input.case.name}`, created: new Date(id.date + 'T00:00:00Z') });
  let rows = 0;
  try {
    const sum = wb.sheet('Summary', [
      { header: 'Item', width: 58, kind: 'text' },
      { header: 'Value', width: 70, kind: 'text' },
    ], { filter: false });
    const line = (k: string, v: string | null) => sum.add([k, v ?? '—']);
    line('Case', input.case.name);
    line('Run', id.ref);
    line('Run date', id.date);
    line('State', id.state);
    line('Final run', id.final ? 'yes' : 'no');
    line('Currency', c);
    sum.add([`Released by this run (${c})`, amt(id.release)]);
    sum.add([`De minimis threshold (${c})`, amt(id.deMinimis)]);
    line('Input hash (SHA-256 of the run input)', id.inputHash);
    line('Merkle root of the proof of distribution', id.merkleRoot);
    line('Drafted by', id.draftedBy);
    line('Approved by', id.approvedBy);
    line('Finalized by', id.finalizedBy);
    line('Created', id.createdAt);
    for (const [k, v] of Object.entries(id.options ?? {}).sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      line(`Option: ${k}`, typeof v === 'string' ? v : JSON.stringify(v));
    }
    sum.add(['', null]);
    sum.add(['How the pool is held (spec §4 identity)', null], { bold: true });
    for (const [k, v] of identityLines(run.totals)) sum.add([`${k} (${c})`, amt(v)]);
    sum.add([`Paid in this run (${c})`, amt(run.totals.paidThisRun)]);
    sum.finish();

    const names = new Map(input.classes.map((k) => [k.code, k]));
    const s = wb.sheet('Schedule', [
      { header: 'Claim', width: 14, kind: 'text' },
      { header: 'Creditor', width: 14, kind: 'text' },
      { header: 'Creditor name', width: 30, kind: 'text' },
      { header: 'Status', width: 13, kind: 'text' },
      { header: 'Class', width: 9, kind: 'text' },
      { header: `Value in class (${c})`, width: 18, kind: 'amount' },
      { header: `Entitled (${c})`, width: 18, kind: 'amount' },
      { header: `Paid before (${c})`, width: 18, kind: 'amount' },
      { header: `Paid this run (${c})`, width: 18, kind: 'amount' },
      { header: `Paid cumulative (${c})`, width: 18, kind: 'amount' },
      { header: `Reserved (${c})`, width: 16, kind: 'amount' },
      { header: `Withheld (${c})`, width: 16, kind: 'amount' },
      { header: 'Paid in kind', width: 26, kind: 'text' },
    ]);
    type Tot = { entitled: bigint; paidBefore: bigint; paid: bigint; reserved: bigint; withheld: bigint; portions: number };
    const byClass = new Map<string, Tot>();
    const total = (): Tot => ({ entitled: 0n, paidBefore: 0n, paid: 0n, reserved: 0n, withheld: 0n, portions: 0 });
    for (const claim of run.claims) {
      for (const q of claim.portions) {
        s.add([
          claim.ref,
          claim.creditorRef,
          input.creditorNames.get(claim.creditorRef) ?? null,
          claim.status,
          q.classCode,
          q.value === null ? null : amt(q.value),
          amt(q.entitled),
          amt(q.paidBefore),
          amt(q.paid),
          amt(q.paidBefore + q.paid),
          amt(q.reserved),
          amt(q.withheld),
          q.inKind ? `${q.inKind.units} minor units of ${q.inKind.asset} + ${q.inKind.cash} cash minor units` : null,
        ]);
        const t = byClass.get(q.classCode) ?? total();
        t.entitled += q.entitled;
        t.paidBefore += q.paidBefore;
        t.paid += q.paid;
        t.reserved += q.reserved;
        t.withheld += q.withheld;
        t.portions++;
        byClass.set(q.classCode, t);
        if (++rows % 5_000 === 0) {
          p.tick?.(rows, p.total ?? 0);
          await wb.drain();
        }
      }
    }
    s.finish();

    const k = wb.sheet('By class', [
      { header: 'Class', width: 9, kind: 'text' },
      { header: 'Name', width: 34, kind: 'text' },
      { header: 'Rank', width: 6, kind: 'int' },
      { header: 'Portions', width: 9, kind: 'int' },
      { header: `Entitled (${c})`, width: 18, kind: 'amount' },
      { header: `Paid before (${c})`, width: 18, kind: 'amount' },
      { header: `Paid this run (${c})`, width: 18, kind: 'amount' },
      { header: `Paid cumulative (${c})`, width: 18, kind: 'amount' },
      { header: `Reserved (${c})`, width: 16, kind: 'amount' },
      { header: `Withheld (${c})`, width: 16, kind: 'amount' },
    ]);
    const all = total();
    const order = [...byClass.keys()].sort((a, b) => (names.get(a)?.rank ?? 1e9) - (names.get(b)?.rank ?? 1e9) || (a < b ? -1 : a > b ? 1 : 0));
    for (const code of order) {
      const t = byClass.get(code)!;
      k.add([code, names.get(code)?.name ?? null, names.get(code)?.rank ?? null, t.portions, amt(t.entitled), amt(t.paidBefore), amt(t.paid), amt(t.paidBefore + t.paid), amt(t.reserved), amt(t.withheld)]);
      for (const f of ['entitled', 'paidBefore', 'paid', 'reserved', 'withheld'] as const) all[f] += t[f];
      all.portions += t.portions;
    }
    k.add(['Total', null, null, all.portions, amt(all.entitled), amt(all.paidBefore), amt(all.paid), amt(all.paidBefore + all.paid), amt(all.reserved), amt(all.withheld)], { bold: true });
    k.finish();
    p.tick?.(rows, rows);
    await wb.commit();
  } catch (err) {
    await wb.abort();
    throw err;
  }
  return rows;
}
