import { useApi } from '../hooks.js';
import { useUi, type Section } from '../store.js';
import { Amount } from '../components/Amount.js';
import { ErrorState, Loading, PageHeader } from '../components/States.js';
import { fmtCount, label, pct } from '../format.js';
import { EstateCard } from './assets/EstateCard.js';

export function Dashboard() {
  const q = useApi('dashboard.summary', {});
  const go = useUi((s) => s.go);
  const caseName = useUi((s) => s.app?.case?.name);
  if (q.error) return <ErrorState error={q.error} onRetry={q.reload} />;
  if (!q.data) return <Loading what="the dashboard" />;
  const d = q.data;
  const next = d.steps.find((s) => !s.done);
  const maxCount = Math.max(1, ...d.byStatus.map((s) => s.count));
  return (
    <div className="page">
      <PageHeader title="Dashboard" subtitle={caseName} />
      <section aria-label="Case path" className="card">
        <h2>Case path</h2>
        <ol className="steps">
          {d.steps.map((s, i) => (
            <li key={s.key} className={s.done ? 'step done' : s === next ? 'step current' : 'step'}>
              <span className="step-mark" aria-hidden="true">
                {s.done ? '✓' : i + 1}
              </span>
              <div className="step-body">
                <strong>{s.label}</strong>
                <span className="step-left">{s.left}</span>
              </div>
              <button type="button" className={s === next ? 'primary small' : 'small'} onClick={() => go(s.action.section as Section)}>
                {s.action.label}
              </button>
            </li>
          ))}
        </ol>
      </section>
      <div className="stat-grid">
        <Stat label="Creditors" value={fmtCount(d.creditors)} />
        <Stat label="Claims" value={fmtCount(d.claims)} />
        <Stat label="Asserted value" value={<Amount value={d.totalValue} asset={d.currency} />} />
        <Stat label="Estate assets" value={fmtCount(d.estateAssets)} />
      </div>
      <EstateCard />
      <div className="two-col">
        <section className="card" aria-label="Claims by status">
          <h2>Claims by status</h2>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col" className="num">Claims</th>
                <th scope="col" className="num">Value ({d.currency})</th>
                <th scope="col" aria-label="Share" />
              </tr>
            </thead>
            <tbody>
              {d.byStatus.map((s) => (
                <tr key={s.status}>
                  <td>
                    <span className={`badge status-${s.status}`}>{label(s.status)}</span>
                  </td>
                  <td className="num">{fmtCount(s.count)}</td>
                  <td className="num">
                    <Amount value={s.value} />
                  </td>
                  <td className="bar-cell">
                    <span className="bar" style={{ width: `${Math.round((s.count / maxCount) * 100)}%` }} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="card" aria-label="Asserted value by asset">
          <h2>Asserted value by asset</h2>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Asset</th>
                <th scope="col" className="num">Claims</th>
                <th scope="col" className="num">Quantity asserted</th>
                <th scope="col" className="num">Value ({d.currency})</th>
                <th scope="col" className="num">Share</th>
              </tr>
            </thead>
            <tbody>
              {d.byAsset.map((a) => (
                <tr key={a.asset}>
                  <td>{a.asset}</td>
                  <td className="num">{fmtCount(a.claims)}</td>
                  <td className="num">
                    <Amount value={a.asserted} asset={a.asset} maxDecimals={8} />
                  </td>
                  <td className="num">
                    <Amount value={a.value} />
                  </td>
                  <td className="num">{pct(a.value, d.totalValue)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2 className="spaced">Assets held by the estate</h2>
          {d.assetsHeld.length ? (
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">Asset</th>
                  <th scope="col" className="num">Records</th>
                  <th scope="col" className="num">Quantity</th>
                </tr>
              </thead>
              <tbody>
                {d.assetsHeld.map((a) => (
                  <tr key={a.asset}>
                    <td>{a.asset}</td>
                    <td className="num">{fmtCount(a.count)}</td>
                    <td className="num">
                      <Amount value={a.quantity} asset={a.asset} maxDecimals={8} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">No seized or recovered assets registered yet. Add them on the Assets page.</p>
          )}
        </section>
      </div>
    </div>
  );
}

function Stat({ label: l, value }: { label: string; value: React.ReactNode }) {
  return (
    <div className="stat card">
      <span className="stat-label">{l}</span>
      <span className="stat-value">{value}</span>
    </div>
  );
}
