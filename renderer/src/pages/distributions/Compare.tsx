/** What-if: two runs side by side, per class and per claim portion, with the differences. */
import { useState } from 'react';
import { useApi } from '../../hooks.js';
import type { RunCompareRow } from '../../../../src/api/contract/index.js';
import { Amount } from '../../components/Amount.js';
import { ErrorState, Loading } from '../../components/States.js';
import { groupDecimal } from '../../format.js';
import { useDist } from './state.js';

const LABELS: Record<string, string> = {
  cumulative: 'Pool',
  paidThisRun: 'Paid this run',
  paidCumulative: 'Paid in all runs',
  reserved: 'Reserved',
  withheld: 'Withheld',
  residue: 'Rounding residue',
  undistributed: 'Undistributed',
  receivables: 'Receivables (overpaid)',
  forfeited: 'Forfeited (de minimis)',
};

type Cursor = { claim: string; classCode: string };

function Side({ x, cur }: { x: RunCompareRow['a']; cur: string }) {
  if (!x)
    return (
      <td colSpan={3} className="muted">
        not in this run
      </td>
    );
  return (
    <>
      <td className="num">
        <Amount value={x.entitled} asset={cur} />
      </td>
      <td className="num">
        <Amount value={x.paid} asset={cur} />
      </td>
      <td className="num">
        <Amount value={x.reserved} asset={cur} />
      </td>
    </>
  );
}

export function Compare({ a, b }: { a: string; b: string }) {
  const go = useDist((s) => s.go);
  const [changedOnly, setChangedOnly] = useState(true);
  const [pages, setPages] = useState<Cursor[]>([]);
  const after = pages[pages.length - 1];
  const q = useApi('runs.compare', { a, b, limit: 50, changedOnly, ...(after ? { after } : {}) });
  if (q.error) return <ErrorState error={q.error} onRetry={q.reload} />;
  if (!q.data) return <Loading what="the comparison" />;
  const c = q.data;
  const cur = c.currency;
  const head = (r: typeof c.a) =>
    `${r.ref} (${r.state}${r.disputedAs !== 'reserve' ? `, disputed at ${r.disputedAs}%` : ''}, releases ${groupDecimal(r.release)} ${cur})`;
  return (
    <section className="compare" aria-label={`Compare ${a} and ${b}`}>
      <div className="card">
        <h2>
          {head(c.a)} against {head(c.b)}
        </h2>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Class</th>
              <th scope="col" className="num">
                {c.a.ref} allocated
              </th>
              <th scope="col" className="num">
                recovery
              </th>
              <th scope="col" className="num">
                {c.b.ref} allocated
              </th>
              <th scope="col" className="num">
                recovery
              </th>
              <th scope="col" className="num">
                Difference
              </th>
            </tr>
          </thead>
          <tbody>
            {c.classes.map((k) => (
              <tr key={k.code}>
                <td>
                  <strong>{k.code}</strong> <span className="muted">{k.name}</span>
                </td>
                <td className="num">{k.a ? <Amount value={k.a.allocated} asset={cur} /> : '—'}</td>
                <td className="num">{k.a?.recovery ?? '—'}</td>
                <td className="num">{k.b ? <Amount value={k.b.allocated} asset={cur} /> : '—'}</td>
                <td className="num">{k.b?.recovery ?? '—'}</td>
                <td className="num">
                  <Amount value={k.diff} asset={cur} />
                </td>
              </tr>
            ))}
            {c.totals.map((t) => (
              <tr key={t.key} className="total-row">
                <th scope="row">{LABELS[t.key] ?? t.key}</th>
                <td className="num" colSpan={2}>
                  <Amount value={t.a} asset={cur} />
                </td>
                <td className="num" colSpan={2}>
                  <Amount value={t.b} asset={cur} />
                </td>
                <td className="num">
                  <Amount value={t.diff} asset={cur} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="card">
        <div className="filters">
          <h2 className="grow">Per claim</h2>
          <label className="inline">
            <input
              type="checkbox"
              checked={changedOnly}
              onChange={(e) => {
                setChangedOnly(e.target.checked);
                setPages([]);
              }}
            />{' '}
            Differences only
          </label>
        </div>
        <table className="data compare-table">
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>
                Claim
              </th>
              <th scope="col" rowSpan={2}>
                Class
              </th>
              <th scope="colgroup" colSpan={3}>
                {c.a.ref}
              </th>
              <th scope="colgroup" colSpan={3}>
                {c.b.ref}
              </th>
              <th scope="col" rowSpan={2} className="num">
                Difference owed
              </th>
            </tr>
            <tr>
              {['a', 'b'].flatMap((s) =>
                ['Entitled', 'Paid', 'Reserved'].map((h) => (
                  <th key={s + h} scope="col" className="num">
                    {h}
                  </th>
                )),
              )}
            </tr>
          </thead>
          <tbody>
            {[...c.rows, ...c.onlyInB].map((r) => (
              <tr key={`${r.claim}\u0000${r.classCode}\u0000${r.a ? 'a' : 'b'}`}>
                <td className="ref">{r.claim}</td>
                <td>{r.classCode}</td>
                <Side x={r.a} cur={cur} />
                <Side x={r.b} cur={cur} />
                <td className="num">
                  <Amount value={r.diff} asset={cur} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {c.rows.length === 0 && c.onlyInB.length === 0 ? <p className="muted">No claim portion differs between the two runs.</p> : null}
        <nav className="pager" aria-label="Comparison pages">
          <span>{pages.length ? `page ${pages.length + 1}` : ''}</span>
          <button type="button" disabled={pages.length === 0} onClick={() => setPages(pages.slice(0, -1))}>
            Previous
          </button>
          <button type="button" disabled={!c.next} onClick={() => c.next && setPages([...pages, c.next])}>
            Next
          </button>
        </nav>
      </div>
      <div className="form-actions">
        <button type="button" onClick={() => go({ kind: 'history' })}>
          Back to the runs
        </button>
      </div>
    </section>
  );
}
