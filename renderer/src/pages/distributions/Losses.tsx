/** Loss allocation (mutualized bad debt): layers from a CSV or a template, a shortfall, the result per contributor with its haircut. */
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { send } from '../../api.js';
import { useApi } from '../../hooks.js';
import { useUi } from '../../store.js';
import type { LossView } from '../../../../src/api/contract/index.js';
import { Amount } from '../../components/Amount.js';
import { ErrorState, Loading, FormError } from '../../components/States.js';

export function LossResult({ v }: { v: LossView }) {
  return (
    <div className="loss-result" aria-label="Loss allocation result">
      <div className="stat-grid">
        <div className="stat">
          <span className="stat-label">Shortfall</span>
          <span className="stat-value">
            <Amount value={v.shortfall} asset={v.currency} />
          </span>
        </div>
        <div className="stat">
          <span className="stat-label">Covered</span>
          <span className="stat-value">
            <Amount value={v.covered} asset={v.currency} />
          </span>
        </div>
        <div className="stat">
          <span className="stat-label">Left uncovered</span>
          <span className={v.uncovered === '0' || /^0(\.0+)?$/.test(v.uncovered) ? 'stat-value' : 'stat-value bad'}>
            <Amount value={v.uncovered} asset={v.currency} />
          </span>
        </div>
        <div className="stat">
          <span className="stat-label">Saved as</span>
          <span className="stat-value">{v.run ?? <span className="muted">not saved</span>}</span>
        </div>
      </div>
      <table className="data loss-table">
        <thead>
          <tr>
            <th scope="col">Layer</th>
            <th scope="col">Contributor</th>
            <th scope="col" className="num">
              Capacity
            </th>
            <th scope="col" className="num">
              Contributes
            </th>
            <th scope="col" className="num">
              Haircut
            </th>
          </tr>
        </thead>
        {v.layers.map((l) => (
          <tbody key={l.layer}>
            <tr className="layer-row">
              <th scope="rowgroup" colSpan={2}>
                {l.layer}. {l.name}
              </th>
              <td className="num">
                <Amount value={l.capacity} asset={v.currency} />
              </td>
              <td className="num">
                <Amount value={l.covered} asset={v.currency} />
              </td>
              <td />
            </tr>
            {l.contributors.map((c) => (
              <tr key={c.ref}>
                <td />
                <td>{c.ref}</td>
                <td className="num">
                  <Amount value={c.capacity} asset={v.currency} />
                </td>
                <td className="num">
                  <Amount value={c.amount} asset={v.currency} />
                </td>
                <td className="num">{c.haircut}</td>
              </tr>
            ))}
          </tbody>
        ))}
      </table>
    </div>
  );
}

export function Losses({ currency }: { currency: string }) {
  const templates = useApi('losses.templates', {});
  const { toast, changed } = useUi();
  const [template, setTemplate] = useState('');
  const [csv, setCsv] = useState('');
  const [shortfall, setShortfall] = useState('');
  const [result, setResult] = useState<LossView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const pick = (name: string) => {
    setTemplate(name);
    const t = templates.data?.find((x) => x.name === name);
    if (t) setCsv(t.csv);
    setResult(null);
  };
  const upload = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    if (!f) return;
    setTemplate('');
    setCsv(await f.text());
    setResult(null);
  };
  const run = async (save: boolean) => {
    setError(null);
    try {
      const v = await send('losses.allocate', { csv, shortfall, save });
      setResult(v);
      if (save) {
        changed();
        toast('success', `Saved as ${v.run}: approve and finalize it under Runs`);
      }
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(false);
  };
  if (templates.error) return <ErrorState error={templates.error} onRetry={templates.reload} />;
  if (!templates.data) return <Loading what="the loss templates" />;
  const chosen = templates.data.find((t) => t.name === template);
  return (
    <section className="losses" aria-label="Loss allocation">
      <form className="card form" onSubmit={submit}>
        <h2>Layers and shortfall</h2>
        <p className="muted">
          A shortfall is covered by ordered layers: each layer gives all it has while the shortfall is larger, and the first layer that is
          larger covers what is left pro rata to its contributors&apos; capacities.
        </p>
        <div className="form-row">
          <label>
            Start from a template
            <select value={template} onChange={(e) => pick(e.target.value)}>
              <option value="">—</option>
              {templates.data.map((t) => (
                <option key={t.name} value={t.name}>
                  {t.title}
                </option>
              ))}
            </select>
          </label>
          <label>
            or a layers CSV (layer, layer_name, contributor, capacity)
            <input type="file" accept=".csv,text/csv" onChange={(e) => void upload(e)} />
          </label>
        </div>
        {chosen ? <p className="muted">{chosen.description}</p> : null}
        <label>
          Layers (CSV; edit the capacities to the case&apos;s figures)
          <textarea className="csv" value={csv} onChange={(e) => setCsv(e.target.value)} rows={8} spellCheck={false} required />
        </label>
        <label className="narrow-field">
          Shortfall ({currency})
          <input
            inputMode="decimal"
            value={shortfall}
            onChange={(e) => setShortfall(e.target.value.trim())}
            required
            pattern="\d+(\.\d+)?"
            placeholder="70000000.00"
          />
        </label>
        <FormError error={error} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={!csv.trim() || !shortfall}>
            Allocate
          </button>
          <button type="button" disabled={!result || result.run !== null} onClick={() => void run(true)}>
            Save as a loss run
          </button>
        </div>
      </form>
      {result ? (
        <div className="card">
          <h2>Result</h2>
          <LossResult v={result} />
        </div>
      ) : null}
    </section>
  );
}
