import type { Chosen } from './ImportWizard.js';

/** The first rows as they will be read: only the mapped columns, under their field names. */
export function PreviewStep(props: { chosen: Chosen; mapping: Record<string, string | null>; onBack: () => void; onNext: () => void }) {
  const p = props.chosen.preview;
  const label = new Map(p.fields.map((f) => [f.key, f.label]));
  const cols = p.headers.map((h, i) => ({ h, i, field: props.mapping[h] })).filter((c) => c.field);
  const numeric = new Set(['amount', 'allowed_amount', 'setoff', 'reserve_estimate', 'price', 'lien']);
  return (
    <div className="wizard-body">
      <p className="muted">
        The first {p.rows.length} rows of {props.chosen.fileName} (file rows {p.rows[0]?.line ?? '—'}–{p.rows[p.rows.length - 1]?.line ?? '—'}). Values are shown exactly as
        written; the check step reads every row.
      </p>
      {p.rows.length === 0 ? <p className="form-error">The file has no rows after its header.</p> : null}
      <div className="table-scroll">
        <table className="data preview">
          <thead>
            <tr>
              <th scope="col" className="num">
                Row
              </th>
              {cols.map((c) => (
                <th key={c.h} scope="col" className={numeric.has(c.field!) ? 'num' : undefined} title={`Column “${c.h}”`}>
                  {label.get(c.field!)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <tr key={r.line}>
                <td className="num muted">{r.line}</td>
                {cols.map((c) => (
                  <td key={c.h} className={numeric.has(c.field!) ? 'num' : undefined}>
                    {r.cells[c.i] ?? ''}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="form-actions">
        <button type="button" className="ghost" onClick={props.onBack}>
          Back
        </button>
        <button type="button" className="primary" onClick={props.onNext}>
          Next: check every row
        </button>
      </div>
    </div>
  );
}
