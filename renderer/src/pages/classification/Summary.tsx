/** Count and value per class, approved against pending, as a table with a bar chart. */
import { useApi } from '../../hooks.js';
import { Amount } from '../../components/Amount.js';
import { EmptyState, ErrorState, Loading } from '../../components/States.js';
import { fmtCount } from '../../format.js';
import { barWidth } from './common.js';

export function Summary() {
  const q = useApi('classes.summary', {});
  if (q.error) return <ErrorState error={q.error} onRetry={q.reload} />;
  if (!q.data) return <Loading what="the class summary" />;
  const s = q.data;
  if (s.total.count === 0) return <EmptyState title="No live claims yet">Import claims, then classify them with the rules.</EmptyState>;
  const max = s.rows.reduce((m, r) => (BigInt(r.value.replace('.', '')) > BigInt(m.replace('.', '')) ? r.value : m), '0');
  return (
    <section className="card summary" aria-label="Class summary">
      <h2>Class summary</h2>
      <p className="muted">
        Live claims per class, by value in {s.currency}. <span className="key approved">Approved</span> includes classes decided by a reviewer;{' '}
        <span className="key pending">pending</span> awaits review.
      </p>
      <table className="data class-summary">
        <thead>
          <tr>
            <th scope="col">Rank</th>
            <th scope="col">Class</th>
            <th scope="col" className="num">
              Claims
            </th>
            <th scope="col" className="num">
              Value ({s.currency})
            </th>
            <th scope="col" className="num">
              Approved
            </th>
            <th scope="col" className="num">
              Pending
            </th>
            <th scope="col" className="bar-cell">
              Approved · pending
            </th>
          </tr>
        </thead>
        <tbody>
          {s.rows.map((r) => (
            <tr key={r.code ?? '-'}>
              <td>{r.rank ?? '—'}</td>
              <td>
                {r.code ? <code>{r.code}</code> : null} {r.name}
              </td>
              <td className="num">{fmtCount(r.count)}</td>
              <td className="num">
                <Amount value={r.value} />
              </td>
              <td className="num">
                <Amount value={r.approvedValue} />
                <div className="muted small-text">{fmtCount(r.approvedCount)} claims</div>
              </td>
              <td className="num">
                <Amount value={r.pendingValue} />
                <div className="muted small-text">{fmtCount(r.pendingCount)} claims</div>
              </td>
              <td className="bar-cell">
                <div className="stack" role="img" aria-label={`${r.code ?? 'No class'}: ${r.approvedValue} approved, ${r.pendingValue} pending`}>
                  <span className="approved" style={{ width: `${barWidth(r.approvedValue, max)}%` }} />
                  <span className="pending" style={{ width: `${barWidth(r.pendingValue, max)}%` }} />
                </div>
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              Total
            </th>
            <td className="num">{fmtCount(s.total.count)}</td>
            <td className="num">
              <Amount value={s.total.value} />
            </td>
            <td className="num">
              <Amount value={s.total.approvedValue} />
            </td>
            <td className="num">
              <Amount value={s.total.pendingValue} />
            </td>
            <td />
          </tr>
        </tfoot>
      </table>
    </section>
  );
}
