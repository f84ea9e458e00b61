/** The Dashboard's estate card: the waterfall from gross recoveries to the amount available to distribute. */
import { useState } from 'react';
import { useApi } from '../../hooks.js';
import { useUi } from '../../store.js';
import { WaterfallChart } from '../../components/WaterfallChart.js';
import { ErrorState, Loading } from '../../components/States.js';
import '../../styles/estate.css';

export function EstateCard() {
  const q = useApi('estate.summary', {});
  const go = useUi((s) => s.go);
  const [pick, setPick] = useState<string | null>(null);
  if (q.error) return <ErrorState error={q.error} onRetry={q.reload} />;
  if (!q.data) return <Loading what="the estate" />;
  const s = q.data;
  const row = s.cash.find((c) => c.currency === (pick ?? s.currency)) ?? s.cash[0]!;
  const nothing = s.cash.every((c) => /^0(\.0+)?$/.test(c.proceeds) && /^0(\.0+)?$/.test(c.expenses));
  return (
    <section className="card estate-card" aria-label="Estate waterfall">
      <div className="section-head">
        <h2>Estate: from recoveries to the distributable amount</h2>
        <div className="actions">
          {s.cash.length > 1 ? (
            <label className="inline">
              Currency{' '}
              <select value={row.currency} onChange={(e) => setPick(e.target.value)}>
                {s.cash.map((c) => (
                  <option key={c.currency}>{c.currency}</option>
                ))}
              </select>
            </label>
          ) : null}
          <button type="button" className="small" onClick={() => go('assets')}>
            Open assets
          </button>
        </div>
      </div>
      {nothing ? (
        <p className="muted">No recoveries yet. Record the sale of an asset on the Assets page; the amount available to distribution runs appears here.</p>
      ) : (
        <WaterfallChart
          title={`Estate waterfall in ${row.currency}`}
          currency={row.currency}
          scale={row.scale}
          steps={[
            { label: 'Gross recoveries', value: row.proceeds, kind: 'total' },
            { label: 'Realization costs', value: row.costs, kind: 'decrease' },
            { label: 'Expenses', value: row.expenses, kind: 'decrease' },
            { label: 'Distributions paid', value: row.distributed, kind: 'decrease' },
            { label: 'Holdbacks', value: row.holdbacks, kind: 'decrease' },
            { label: 'Available', value: row.available, kind: 'total' },
          ]}
        />
      )}
    </section>
  );
}
