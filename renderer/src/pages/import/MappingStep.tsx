import { useState } from 'react';
import { send } from '../../api.js';
import { useApi } from '../../hooks.js';
import { useUi } from '../../store.js';
import type { Chosen } from './ImportWizard.js';

type Mapping = Record<string, string | null>;

/** Required fields (for every row) that no column feeds. */
export function missingFields(chosen: Chosen, mapping: Mapping): string[] {
  const used = new Set(Object.values(mapping).filter(Boolean));
  return chosen.preview.fields.filter((f) => f.required === true && !used.has(f.key)).map((f) => f.label);
}

export function MappingStep(props: { chosen: Chosen; mapping: Mapping; onChange: (m: Mapping) => void; onBack: () => void; onNext: () => void }) {
  const { chosen, mapping, onChange } = props;
  const p = chosen.preview;
  const saved = useApi('import.mappings', { kind: chosen.kind });
  const [name, setName] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const missing = missingFields(chosen, mapping);

  const set = (column: string, field: string) => {
    const next: Mapping = { ...mapping };
    // a field takes one column: choosing it here frees it elsewhere
    if (field) for (const [k, v] of Object.entries(next)) if (v === field) next[k] = null;
    next[column] = field || null;
    onChange(next);
  };

  const useSaved = (n: string) => {
    const m = saved.data?.find((x) => x.name === n);
    if (!m) return;
    onChange(Object.fromEntries(p.headers.map((h) => [h, m.mapping[h] ?? null])));
    setNote(`Using the saved mapping "${n}"`);
  };

  const save = async () => {
    try {
      const clean = Object.fromEntries(Object.entries(mapping).filter(([, v]) => v));
      await send('import.saveMapping', { name: name.trim(), kind: chosen.kind, mapping: clean });
      setNote(`Saved the mapping as "${name.trim()}"`);
      useUi.getState().toast('success', `Mapping "${name.trim()}" saved in the case`);
      saved.reload();
    } catch (e) {
      setNote((e as Error).message);
    }
  };

  return (
    <div className="wizard-body">
      <p className="muted">
        {chosen.fileName} · {p.format === 'xlsx' ? `sheet ${p.sheet}` : `${p.encoding}, delimiter ${p.delimiter === '\t' ? 'tab' : `“${p.delimiter}”`}`} · {p.headers.length} columns. Choose the
        field each column fills; columns left out are not read.
      </p>
      {saved.data && saved.data.length > 0 ? (
        <label className="inline">
          Use a saved mapping
          <select defaultValue="" onChange={(e) => useSaved(e.target.value)}>
            <option value="">—</option>
            {saved.data.map((m) => (
              <option key={m.name}>{m.name}</option>
            ))}
          </select>
        </label>
      ) : null}
      <div className="table-scroll">
        <table className="data mapping">
          <thead>
            <tr>
              <th scope="col">Column in the file</th>
              <th scope="col">First values</th>
              <th scope="col">Field</th>
            </tr>
          </thead>
          <tbody>
            {p.headers.map((h, i) => (
              <tr key={h}>
                <th scope="row">{h}</th>
                <td className="samples">
                  {p.rows
                    .slice(0, 3)
                    .map((r) => r.cells[i] ?? '')
                    .filter(Boolean)
                    .join(' · ') || <span className="muted">(empty)</span>}
                </td>
                <td>
                  <select aria-label={`Field for column ${h}`} value={mapping[h] ?? ''} onChange={(e) => set(h, e.target.value)}>
                    <option value="">— leave out —</option>
                    {p.fields.map((f) => (
                      <option key={f.key} value={f.key} title={f.help}>
                        {f.label}
                        {f.required === true ? ' (required)' : f.required === 'new' ? ' (for new records)' : ''}
                      </option>
                    ))}
                  </select>
                  {p.suggested[h] && p.suggested[h] === mapping[h] ? <span className="badge suggested">suggested</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {missing.length ? (
        <p className="form-error" role="alert">
          No column is mapped to {missing.join(', ')}; every row needs {missing.length > 1 ? 'them' : 'it'}.
        </p>
      ) : null}
      <div className="save-mapping">
        <label className="inline">
          Save this mapping as
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Ledger export" maxLength={200} />
        </label>
        <button type="button" onClick={() => void save()} disabled={!name.trim()}>
          Save mapping
        </button>
        {note ? <span className="muted">{note}</span> : null}
      </div>
      <div className="form-actions">
        <button type="button" className="ghost" onClick={props.onBack}>
          Back
        </button>
        <button type="button" className="primary" disabled={missing.length > 0} onClick={props.onNext}>
          Next: preview
        </button>
      </div>
    </div>
  );
}
