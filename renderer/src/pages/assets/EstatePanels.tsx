/** The estate summary (cash per currency, book value), the expenses ledger and the holdbacks. */
import { useState } from 'react';
import { send } from '../../api.js';
import { useApi } from '../../hooks.js';
import type { EstateSummary } from '../../../../src/api/contract/index.js';
import { Amount } from '../../components/Amount.js';
import { EmptyState, ErrorState, Loading } from '../../components/States.js';
import { fmtCount, fmtDate, label } from '../../format.js';
import { ReasonDialog } from './AssetDialogs.js';

export function SummaryPanel({ s }: { s: EstateSummary }) {
  return (
    <section className="card estate-summary" aria-label="Estate summary">
      <h2>Estate summary</h2>
      <table className="data">
        <caption className="muted">Cash per currency: proceeds − realization costs − expenses − distributions paid; available = cash − holdbacks</caption>
        <thead>
          <tr>
            <th scope="col">Currency</th>
            <th scope="col" className="num">Gross recoveries</th>
            <th scope="col" className="num">Realization costs</th>
            <th scope="col" className="num">Expenses</th>
            <th scope="col" className="num">Distributed</th>
            <th scope="col" className="num">Cash</th>
            <th scope="col" className="num">Holdbacks</th>
            <th scope="col" className="num">Available</th>
          </tr>
        </thead>
        <tbody>
          {s.cash.map((c) => (
            <tr key={c.currency} data-currency={c.currency}>
              <th scope="row">{c.currency}</th>
              {[c.proceeds, c.costs, c.expenses, c.distributed, c.cash, c.holdbacks].map((v, i) => (
                <td key={i} className="num">
                  <Amount value={v} asset={c.currency} />
                </td>
              ))}
              <td className={c.available.startsWith('-') ? 'num bad strong' : 'num strong'}>
                <Amount value={c.available} asset={c.currency} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!s.distributionsTracked ? <p className="muted small">No distribution run has recorded payments yet.</p> : null}
      <div className="two-col spaced-sm">
        <div>
          <h3>Book value by status ({s.currency})</h3>
          <table className="data">
            <tbody>
              {s.book.byStatus
                .filter((b) => b.count > 0)
                .map((b) => (
                  <tr key={b.status}>
                    <td>
                      <span className={`badge estate-${b.status}`}>{label(b.status)}</span>
                    </td>
                    <td className="num">{fmtCount(b.count)}</td>
                    <td className="num">
                      <Amount value={b.value} />
                    </td>
                  </tr>
                ))}
              <tr className="total">
                <th scope="row">Total held</th>
                <td className="num">{fmtCount(s.assets)}</td>
                <td className="num">
                  <Amount value={s.book.total} asset={s.currency} />
                </td>
              </tr>
            </tbody>
          </table>
          {s.book.unvalued ? <p className="muted small">{s.book.unvalued} assets have no mark and count as zero; add a valuation mark to value them.</p> : null}
        </div>
        <div>
          <h3>Book value by asset</h3>
          <table className="data">
            <tbody>
              {s.book.byAsset.map((a) => (
                <tr key={a.asset}>
                  <td>{a.asset}</td>
                  <td className="num">
                    <Amount value={a.held} asset={a.asset} maxDecimals={8} />
                  </td>
                  <td className="num">
                    <Amount value={a.value} asset={s.currency} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className={s.ledger.balanced ? 'ok small' : 'bad small'} role="status">
            {s.ledger.balanced ? `Unit ledger balances for all ${fmtCount(s.ledger.assets)} assets` : `Unit ledger does not balance: ${s.ledger.problems.join('; ')}`}
          </p>
          <p className="small">
            Gain/loss on sales against petition-date marks: <Amount value={s.gainLoss} asset={s.currency} />
          </p>
        </div>
      </div>
    </section>
  );
}

export function ExpensesPanel({ onAdd }: { onAdd: () => void }) {
  const q = useApi('estate.expenses', {});
  const [voiding, setVoiding] = useState<number | null>(null);
  if (q.error) return <ErrorState error={q.error} onRetry={q.reload} />;
  if (!q.data) return <Loading what="the expenses" />;
  if (q.data.length === 0) {
    return (
      <EmptyState title="No expenses recorded" action={<button type="button" className="primary" onClick={onAdd}>Record an expense</button>}>
        Record the costs of administration paid from the estate (professional fees, custody, legal) so the cash and the amount available to runs are right.
      </EmptyState>
    );
  }
  return (
    <section className="card" aria-label="Expenses ledger">
      <table className="data">
        <thead>
          <tr>
            <th scope="col">Ref</th>
            <th scope="col">Date</th>
            <th scope="col">Category</th>
            <th scope="col">Payee</th>
            <th scope="col">Memo</th>
            <th scope="col">Asset</th>
            <th scope="col" className="num">Amount</th>
            <th scope="col" aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {q.data.map((e) => (
            <tr key={e.id} className={e.voided ? 'voided' : ''}>
              <td className="ref">EXP-{e.id}</td>
              <td className="nowrap">{e.date}</td>
              <td>{label(e.category)}</td>
              <td>{e.payee}</td>
              <td>{e.memo ?? <span className="muted">—</span>}</td>
              <td>{e.assetRef ?? <span className="muted">—</span>}</td>
              <td className="num">
                <Amount value={e.amount} asset={e.currency} />
              </td>
              <td>
                {e.voided ? (
                  <span className="muted" title={`${e.voided.by}, ${fmtDate(e.voided.at)}`}>
                    Void: {e.voided.reason}
                  </span>
                ) : (
                  <button type="button" className="small ghost" onClick={() => setVoiding(e.id)} aria-label={`Void expense EXP-${e.id}`}>
                    Void
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {voiding !== null ? (
        <ReasonDialog
          title={`Void expense EXP-${voiding}`}
          submitLabel="Void expense"
          danger
          onClose={() => setVoiding(null)}
          act={async (reason) => {
            await send('estate.expense.void', { id: voiding, reason });
            return `Expense EXP-${voiding} is void`;
          }}
        />
      ) : null}
    </section>
  );
}

export function HoldbacksPanel({ onAdd }: { onAdd: () => void }) {
  const q = useApi('estate.holdbacks', {});
  const [releasing, setReleasing] = useState<number | null>(null);
  if (q.error) return <ErrorState error={q.error} onRetry={q.reload} />;
  if (!q.data) return <Loading what="the holdbacks" />;
  if (q.data.length === 0) {
    return (
      <EmptyState title="No holdbacks" action={<button type="button" className="primary" onClick={onAdd}>Hold back cash</button>}>
        A holdback keeps cash out of distribution runs for costs still to come (litigation, custody, the final report).
      </EmptyState>
    );
  }
  return (
    <section className="card" aria-label="Holdbacks">
      <table className="data">
        <thead>
          <tr>
            <th scope="col">Ref</th>
            <th scope="col">Status</th>
            <th scope="col">Reason</th>
            <th scope="col">Set by</th>
            <th scope="col" className="num">Amount</th>
            <th scope="col" aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {q.data.map((h) => (
            <tr key={h.id} className={h.status === 'released' ? 'voided' : ''}>
              <td className="ref">HB-{h.id}</td>
              <td>
                <span className="badge">{label(h.status)}</span>
              </td>
              <td>{h.reason}</td>
              <td>
                {h.createdBy} <span className="muted">{fmtDate(h.createdAt)}</span>
              </td>
              <td className="num">
                <Amount value={h.amount} asset={h.currency} />
              </td>
              <td>
                {h.released ? (
                  <span className="muted">Released: {h.released.reason}</span>
                ) : (
                  <button type="button" className="small ghost" onClick={() => setReleasing(h.id)} aria-label={`Release holdback HB-${h.id}`}>
                    Release
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {releasing !== null ? (
        <ReasonDialog
          title={`Release holdback HB-${releasing}`}
          submitLabel="Release"
          onClose={() => setReleasing(null)}
          act={async (reason) => {
            await send('estate.holdback.release', { id: releasing, reason });
            return `Holdback HB-${releasing} released`;
          }}
        />
      ) : null}
    </section>
  );
}
