/** The history of runs: newest first, with what each released and paid, its state and who acted on it. Two drafts can be compared. */
import { useState } from 'react';
import { useApi } from '../../hooks.js';
import type { RunListRow, RunPool } from '../../../../src/api/contract/index.js';
import { Amount } from '../../components/Amount.js';
import { EmptyState, ErrorState, Loading } from '../../components/States.js';
import { fmtDate } from '../../format.js';
import { stepFor, useDist } from './state.js';

export function StateBadge({ state, whatIf }: { state: string; whatIf?: boolean }) {
  return (
    <>
      <span className={`badge run-${state}`}>{state}</span>
      {whatIf ? <span className="badge run-whatif">what-if</span> : null}
    </>
  );
}

function who(r: RunListRow): string {
  const parts = [`drafted by ${r.draftedBy}`];
  if (r.approvedBy) parts.push(`approved by ${r.approvedBy}`);
  if (r.finalizedBy) parts.push(`finalized by ${r.finalizedBy}`);
  if (r.discardedBy) parts.push(`discarded by ${r.discardedBy}`);
  return parts.join(', ');
}

export function History({ pool }: { pool: RunPool | null }) {
  const q = useApi('runs.list', {});
  const go = useDist((s) => s.go);
  const [picked, setPicked] = useState<string[]>([]);
  const toggle = (ref: string) => setPicked((p) => (p.includes(ref) ? p.filter((x) => x !== ref) : [...p.slice(-1), ref]));
  const open = (r: RunListRow) => go({ kind: 'wizard', step: stepFor(r.state), run: r.ref });
  if (q.error) return <ErrorState error={q.error} onRetry={q.reload} />;
  if (!q.data) return <Loading what="the runs" />;
  const rows = q.data;
  return (
    <section className="run-history" aria-label="History of runs">
      {pool ? (
        <div className="card pool-strip">
          <div className="stat">
            <span className="stat-label">Released so far</span>
            <span className="stat-value">
              <Amount value={pool.released} asset={pool.currency} />
            </span>
          </div>
          <div className="stat">
            <span className="stat-label">Paid so far</span>
            <span className="stat-value">
              <Amount value={pool.paidCumulative} asset={pool.currency} />
            </span>
          </div>
          <div className="stat">
            <span className="stat-label">Can still be released</span>
            <span className="stat-value">
              {pool.releasable === null ? (
                <span className="muted">not tracked</span>
              ) : (
                <Amount value={pool.releasable} asset={pool.currency} />
              )}
            </span>
          </div>
          <div className="stat">
            <span className="stat-label">Claims with unapproved class</span>
            <span className="stat-value">{pool.unapprovedClaims.toLocaleString('en-US')}</span>
          </div>
        </div>
      ) : null}
      {rows.length === 0 ? (
        <EmptyState
          title="No runs yet"
          action={
            <button type="button" className="primary" onClick={() => go({ kind: 'wizard', step: 'pool', run: null })}>
              Draft the first run
            </button>
          }
        >
          A run releases cash to the creditors, class by class. Draft one, review it, have a second person approve it, then finalize it.
        </EmptyState>
      ) : (
        <>
          <div className="compare-bar">
            <span className="muted">
              {picked.length === 2 ? `Compare ${picked[0]} with ${picked[1]}` : 'Tick two runs to compare them side by side (what-if).'}
            </span>
            <button type="button" disabled={picked.length !== 2} onClick={() => go({ kind: 'compare', a: picked[0]!, b: picked[1]! })}>
              Compare
            </button>
          </div>
          <table className="data runs-table">
            <thead>
              <tr>
                <th scope="col">
                  <span className="sr-only">Compare</span>
                </th>
                <th scope="col">Run</th>
                <th scope="col">Date</th>
                <th scope="col">Kind</th>
                <th scope="col">State</th>
                <th scope="col" className="num">
                  Released
                </th>
                <th scope="col" className="num">
                  Paid this run
                </th>
                <th scope="col">Interim / final</th>
                <th scope="col">Who</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.ref} data-run={r.ref}>
                  <td>
                    {r.kind === 'distribution' && r.state !== 'discarded' ? (
                      <input
                        type="checkbox"
                        aria-label={`Pick ${r.ref} to compare`}
                        checked={picked.includes(r.ref)}
                        onChange={() => toggle(r.ref)}
                      />
                    ) : null}
                  </td>
                  <td>
                    <button type="button" className="link ref" onClick={() => open(r)} aria-label={`Open ${r.ref}`}>
                      {r.ref}
                    </button>
                  </td>
                  <td className="nowrap">{r.date}</td>
                  <td>{r.kind === 'loss' ? 'loss allocation' : 'distribution'}</td>
                  <td>
                    <StateBadge state={r.state} whatIf={r.whatIf} />
                  </td>
                  <td className="num">{r.kind === 'distribution' ? <Amount value={r.release} asset={r.currency} /> : '—'}</td>
                  <td className="num">{r.paidThisRun !== null ? <Amount value={r.paidThisRun} asset={r.currency} /> : '—'}</td>
                  <td>{r.kind === 'distribution' ? (r.final ? 'final' : 'interim') : '—'}</td>
                  <td
                    className="who"
                    title={`${who(r)}; drafted ${fmtDate(r.draftedAt)}${r.finalizedAt ? `, finalized ${fmtDate(r.finalizedAt)}` : ''}`}
                  >
                    {who(r)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
