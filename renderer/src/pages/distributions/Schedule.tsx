/** A run's per-claim schedule, paged in SQL (keyset): one row per claim portion, with its entitlement in the run this one builds on. */
import { useState } from 'react';
import { useApi } from '../../hooks.js';
import type { RunView } from '../../../../src/api/contract/index.js';
import { Amount } from '../../components/Amount.js';
import { ErrorState, Loading } from '../../components/States.js';

const PAGE = 50;
type Cursor = { claim: string; classCode: string };

export function Schedule({ run }: { run: RunView }) {
  const [f, setF] = useState({ classCode: '', search: '', changedOnly: false });
  const [pages, setPages] = useState<Cursor[]>([]);
  const after = pages[pages.length - 1];
  const q = useApi('runs.lines', {
    run: run.ref,
    limit: PAGE,
    ...(after ? { after } : {}),
    ...(f.classCode ? { classCode: f.classCode } : {}),
    ...(f.search.trim() ? { search: f.search.trim() } : {}),
    ...(f.changedOnly ? { changedOnly: true } : {}),
  });
  const [total, setTotal] = useState<number | null>(null);
  if (q.data && q.data.total !== null && q.data.total !== total) setTotal(q.data.total);
  const set = (patch: Partial<typeof f>) => {
    setF({ ...f, ...patch });
    setPages([]);
    setTotal(null);
  };
  const cur = run.currency;
  return (
    <section className="card schedule" aria-label="Schedule per claim">
      <h2>Schedule per claim</h2>
      <div className="filters" role="search">
        <label>
          Class
          <select value={f.classCode} onChange={(e) => set({ classCode: e.target.value })}>
            <option value="">All</option>
            {run.classes.map((c) => (
              <option key={c.code} value={c.code}>
                {c.code}
              </option>
            ))}
          </select>
        </label>
        <label className="grow">
          Claim or creditor reference contains
          <input type="search" value={f.search} onChange={(e) => set({ search: e.target.value })} placeholder="CL-0001, CR-0042…" />
        </label>
        <label className="inline">
          <input
            type="checkbox"
            checked={f.changedOnly}
            onChange={(e) => set({ changedOnly: e.target.checked })}
            disabled={!run.options.basis}
          />{' '}
          Changed since {run.options.basis ?? 'the last run'} only
        </label>
      </div>
      {q.error ? <ErrorState error={q.error} onRetry={q.reload} /> : null}
      {!q.data && !q.error ? <Loading what="the schedule" /> : null}
      {q.data ? (
        q.data.rows.length === 0 ? (
          <p className="muted">No claim portion matches. Clear a filter to see more.</p>
        ) : (
          <table className="data schedule-table">
            <thead>
              <tr>
                <th scope="col">Claim</th>
                <th scope="col">Creditor</th>
                <th scope="col">Class</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Entitled
                </th>
                <th scope="col" className="num">
                  Paid before
                </th>
                <th scope="col" className="num">
                  Paid now
                </th>
                <th scope="col" className="num">
                  Reserved
                </th>
                <th scope="col" className="num">
                  Withheld
                </th>
                <th scope="col" className="num">
                  Change since {run.options.basis ?? '—'}
                </th>
              </tr>
            </thead>
            <tbody>
              {q.data.rows.map((r) => (
                <tr key={`${r.claim}\u0000${r.classCode}`}>
                  <td className="ref">{r.claim}</td>
                  <td className="ref">{r.creditor}</td>
                  <td>
                    {r.classCode}
                    {r.secured ? <span className="badge">secured</span> : null}
                  </td>
                  <td>{r.status ? <span className={`badge status-${r.status}`}>{r.status.replace(/_/g, ' ')}</span> : null}</td>
                  <td className="num">
                    <Amount value={r.entitled} asset={cur} />
                  </td>
                  <td className="num">
                    <Amount value={r.paidBefore} asset={cur} />
                  </td>
                  <td className="num">
                    <Amount value={r.paid} asset={cur} />
                    {r.inKind ? (
                      <div className="muted in-kind">
                        as <Amount value={r.inKind.units} asset={r.inKind.asset} /> + <Amount value={r.inKind.cash} asset={cur} />
                      </div>
                    ) : null}
                  </td>
                  <td className="num">
                    <Amount value={r.reserved} asset={cur} />
                  </td>
                  <td className="num">
                    <Amount value={r.withheld} asset={cur} />
                  </td>
                  <td className="num">{r.change === null ? '—' : <Amount value={r.change} asset={cur} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
      <nav className="pager" aria-label="Schedule pages">
        <span>
          {total !== null ? `${total.toLocaleString('en-US')} claim portions` : ''}
          {pages.length ? ` · page ${pages.length + 1}` : ''}
        </span>
        <button type="button" disabled={pages.length === 0} onClick={() => setPages(pages.slice(0, -1))}>
          Previous
        </button>
        <button type="button" disabled={!q.data?.next} onClick={() => q.data?.next && setPages([...pages, q.data.next])}>
          Next
        </button>
      </nav>
    </section>
  );
}
