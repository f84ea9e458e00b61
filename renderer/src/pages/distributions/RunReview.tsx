/** Reviewing a run: class demand against allocation (chart and table), totals, what changed since the last run, unapproved claims, and the per-claim schedule. */
import { useState } from 'react';
import { send } from '../../api.js';
import { useApi } from '../../hooks.js';
import { useUi } from '../../store.js';
import type { RunView, RunVerifyView } from '../../../../src/api/contract/index.js';
import { Amount } from '../../components/Amount.js';
import { DemandChart } from '../../components/DemandChart.js';
import { fmtDate } from '../../format.js';
import { Schedule } from './Schedule.js';
import { LossResult } from './Losses.js';
import { DiscardButton } from './Decide.js';
import { StateBadge } from './History.js';
import { useDist } from './state.js';

const scaleOf = (t: string) => (t.split('.')[1] ?? '').length;

export function RunFacts({ run }: { run: RunView }) {
  return (
    <dl className="facts run-facts">
      <dt>Run</dt>
      <dd>
        <strong>{run.ref}</strong> <StateBadge state={run.state} whatIf={run.whatIf} />{' '}
        {run.kind === 'distribution' ? (run.final ? 'final run' : 'interim run') : 'loss allocation'}, dated {run.date}
      </dd>
      {run.kind === 'distribution' ? (
        <>
          <dt>Released</dt>
          <dd>
            <Amount value={run.release} asset={run.currency} /> (cumulative <Amount value={run.cumulative} asset={run.currency} />)
          </dd>
          <dt>Options</dt>
          <dd>
            de minimis <Amount value={run.deMinimis} asset={run.currency} />; KYC{' '}
            {run.options.withholdUnverified ? 'withheld when not verified' : 'not checked'}; unapproved classes{' '}
            {run.options.includeUnapproved ? 'included' : 'left out'}; disputed claims{' '}
            {run.options.disputedAs === 'reserve' ? 'reserved' : `resolved at ${run.options.disputedAs}% (what-if)`}
            {run.options.basis ? `; builds on ${run.options.basis}` : '; the first run'}
          </dd>
        </>
      ) : null}
      <dt>People</dt>
      <dd>
        drafted by {run.draftedBy} ({fmtDate(run.draftedAt)})
        {run.approvedBy ? `; approved by ${run.approvedBy} (${fmtDate(run.approvedAt)})` : ''}
        {run.finalizedBy ? `; finalized by ${run.finalizedBy} (${fmtDate(run.finalizedAt)})` : ''}
        {run.discardedBy ? `; discarded by ${run.discardedBy}: ${run.discardReason}` : ''}
      </dd>
      {run.inputHash ? (
        <>
          <dt>Input hash</dt>
          <dd>
            <code>{run.inputHash}</code>
          </dd>
        </>
      ) : null}
      {run.merkleRoot ? (
        <>
          <dt>Proof root</dt>
          <dd>
            <code>{run.merkleRoot}</code>
          </dd>
        </>
      ) : null}
    </dl>
  );
}

function Totals({ run }: { run: RunView }) {
  const t = run.totals!;
  const rows: Array<[string, string]> = [
    ['Paid this run', t.paidThisRun],
    ['Paid in earlier runs', subtract(t.paidCumulative, t.paidThisRun)],
    ['Reserved for pending claims', t.reserved],
    ['Withheld (de minimis, KYC)', t.withheld],
    ['Rounding residue', t.residue],
    ['Undistributed', t.undistributed],
  ];
  return (
    <table className="data totals-table" aria-label="How the pool is held">
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td className="num">
              <Amount value={v} asset={run.currency} />
            </td>
          </tr>
        ))}
        <tr className="total">
          <th scope="row">Pool (released + collateral proceeds)</th>
          <td className="num">
            <Amount value={t.cumulative} asset={run.currency} />
          </td>
        </tr>
      </tbody>
    </table>
  );
}

/** a − b on decimal text of the same scale, through bigint. */
function subtract(a: string, b: string): string {
  const s = scaleOf(a);
  const u = (x: string) => BigInt(x.replace('.', ''));
  const d = u(a) - u(b);
  const neg = d < 0n;
  const digits = (neg ? -d : d).toString().padStart(s + 1, '0');
  return (neg ? '-' : '') + (s ? `${digits.slice(0, -s)}.${digits.slice(-s)}` : digits);
}

function Changes({ run }: { run: RunView }) {
  const q = useApi('runs.changes', { run: run.ref }, run.options.basis !== null);
  if (!run.options.basis) return <p className="muted">This is the first run: every entitlement is new.</p>;
  if (!q.data) return <p className="muted">Comparing with {run.options.basis}…</p>;
  const c = q.data;
  return (
    <p>
      Since <strong>{c.basis}</strong>: {c.increased.toLocaleString('en-US')} portions entitled to more,{' '}
      {c.decreased.toLocaleString('en-US')} to less, {c.unchanged.toLocaleString('en-US')} unchanged, {c.added.toLocaleString('en-US')} new;
      net change <Amount value={c.net} asset={run.currency} />. Tick “changed only” in the schedule to see them.
    </p>
  );
}

function Unapproved({ run }: { run: RunView }) {
  const u = run.unapproved;
  if (u.count === 0) return null;
  return (
    <section className="card" aria-label="Unapproved claims">
      <h2>
        Claims whose class is not approved ({u.count.toLocaleString('en-US')}, <Amount value={u.value} asset={run.currency} />)
      </h2>
      <p className="muted">
        {u.excluded.toLocaleString('en-US')} left out, {u.noClass.toLocaleString('en-US')} without any class (left out),{' '}
        {u.included.toLocaleString('en-US')} included by choice. Approve their classes under Classification, then draft again.
      </p>
      <table className="data">
        <thead>
          <tr>
            <th scope="col">Claim</th>
            <th scope="col">Class</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Value
            </th>
            <th scope="col">In this run</th>
          </tr>
        </thead>
        <tbody>
          {u.sample.slice(0, 50).map((x) => (
            <tr key={x.ref}>
              <td className="ref">{x.ref}</td>
              <td>{x.classCode ?? <span className="muted">none</span>}</td>
              <td>{x.status.replace(/_/g, ' ')}</td>
              <td className="num">
                <Amount value={x.value} asset={run.currency} />
              </td>
              <td>{x.state === 'included' ? 'included' : 'left out'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {u.count > 50 ? <p className="muted">and {(u.count - 50).toLocaleString('en-US')} more.</p> : null}
    </section>
  );
}

function Verify({ run }: { run: RunView }) {
  const [r, setR] = useState<RunVerifyView | null>(null);
  const [busy, setBusy] = useState(false);
  const toast = useUi((s) => s.toast);
  const go = async () => {
    setBusy(true);
    try {
      setR(await send('runs.verify', { run: run.ref }));
    } catch (e) {
      toast('error', (e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="verify">
      <button type="button" onClick={() => void go()} disabled={busy}>
        {busy ? 'Verifying…' : 'Verify (recompute from the stored input)'}
      </button>
      {r ? (
        <p className={r.ok ? 'ok' : 'bad'} role="status">
          {r.message}
        </p>
      ) : null}
    </div>
  );
}

export function RunReview({ run, onNext }: { run: RunView; onNext: () => void }) {
  const go = useDist((s) => s.go);
  if (run.kind === 'loss') {
    return (
      <section className="card" aria-label={`Run ${run.ref}`}>
        <RunFacts run={run} />
        {run.loss ? <LossResult v={run.loss} /> : null}
        <RunActions run={run} onNext={onNext} />
      </section>
    );
  }
  const scale = run.totals ? scaleOf(run.totals.cumulative) : 2;
  return (
    <div className="run-review">
      <section className="card" aria-label={`Run ${run.ref}`}>
        <RunFacts run={run} />
        {run.stale ? (
          <p className="notice bad" role="alert">
            {run.stale}
          </p>
        ) : null}
        {run.warnings.map((w) => (
          <p key={w} className="notice warn">
            {w}
          </p>
        ))}
        <RunActions run={run} onNext={onNext} />
      </section>
      <section className="card two-col review-classes" aria-label="Classes">
        <div>
          <h2>Demand against allocation</h2>
          <DemandChart classes={run.classes} currency={run.currency} scale={scale} title={`Class demand and allocation in ${run.ref}`} />
        </div>
        <div>
          <h2>How the pool is held</h2>
          {run.totals ? <Totals run={run} /> : null}
        </div>
      </section>
      <section className="card" aria-label="Class summary">
        <h2>Class summary</h2>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Class</th>
              <th scope="col" className="num">
                Rank
              </th>
              <th scope="col" className="num">
                Demand
              </th>
              <th scope="col" className="num">
                Allocated
              </th>
              <th scope="col" className="num">
                of which interest
              </th>
              <th scope="col" className="num">
                Recovery
              </th>
            </tr>
          </thead>
          <tbody>
            {run.classes.map((c) => (
              <tr key={c.code}>
                <td>
                  <strong>{c.code}</strong> <span className="muted">{c.name}</span>
                </td>
                <td className="num">{c.rank}</td>
                <td className="num">
                  <Amount value={c.demand} asset={run.currency} />
                </td>
                <td className="num">
                  <Amount value={c.allocated} asset={run.currency} />
                </td>
                <td className="num">
                  <Amount value={c.interest} asset={run.currency} />
                </td>
                <td className="num">{c.recovery}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <Changes run={run} />
      </section>
      <Unapproved run={run} />
      {run.state !== 'discarded' ? <Schedule run={run} /> : null}
      <div className="form-actions">
        <button type="button" onClick={() => go({ kind: 'history' })}>
          Back to the runs
        </button>
      </div>
    </div>
  );
}

function RunActions({ run, onNext }: { run: RunView; onNext: () => void }) {
  const go = useDist((s) => s.go);
  return (
    <div className="form-actions run-actions">
      {run.state === 'draft' || run.state === 'approved' ? <DiscardButton run={run} /> : null}
      {run.state === 'finalized' ? <Verify run={run} /> : null}
      {run.state === 'draft' && !run.whatIf ? (
        <button type="button" className="primary" onClick={onNext} disabled={run.stale !== null}>
          Continue to approval
        </button>
      ) : null}
      {run.state === 'approved' ? (
        <button type="button" className="primary" onClick={() => go({ kind: 'wizard', step: 'finalize', run: run.ref })}>
          Continue to finalize
        </button>
      ) : null}
    </div>
  );
}
