/** Loading a template (with its legal note and sources) and importing a ladder CSV. */
import { useState } from 'react';
import { send } from '../../api.js';
import { useApi } from '../../hooks.js';
import { useUi } from '../../store.js';
import { Modal } from '../../components/Modal.js';
import { ErrorState, Loading } from '../../components/States.js';
import type { SaveResult, TemplateName } from '../../../../src/api/contract/classes.js';
import { Problems } from './common.js';

function useSaved(onLoaded: () => void) {
  const toast = useUi((s) => s.toast);
  return (r: SaveResult, what: string) => {
    toast('success', r.changed ? `${what}: version ${r.version?.id}` : 'Nothing changed');
    for (const w of r.warnings) toast('info', w);
    useUi.getState().changed();
    onLoaded();
  };
}

export function TemplateDialog({ onClose, onLoaded }: { onClose: () => void; onLoaded: () => void }) {
  const q = useApi('classes.templates', {});
  const [pick, setPick] = useState<TemplateName>('us-chapter11');
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const saved = useSaved(onLoaded);
  const t = q.data?.find((x) => x.id === pick);
  const load = async () => {
    setBusy(true);
    try {
      saved(await send('classes.template', { name: pick }), `Loaded ${t?.name ?? pick}`);
    } catch (e) {
      setError(e as Error);
      setBusy(false);
    }
  };
  return (
    <Modal
      title="Load a ladder template"
      onClose={onClose}
      footer={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={!t || busy} onClick={() => void load()}>
            Load template
          </button>
        </>
      }
    >
      {q.error ? <ErrorState error={q.error} onRetry={q.reload} /> : null}
      {!q.data && !q.error ? <Loading what="the templates" /> : null}
      {q.data ? (
        <div className="form template">
          <label>
            Template
            <select value={pick} onChange={(e) => setPick(e.target.value as TemplateName)}>
              {q.data.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name} ({x.jurisdiction})
                </option>
              ))}
            </select>
          </label>
          <Problems error={error} />
          {t ? (
            <>
              <p className="warn-note">It replaces the ladder and the rules (a new version; the old one stays in Versions). Classes that still hold claims are kept.</p>
              <ol className="template-classes">
                {t.classes.map((c) => (
                  <li key={c.code}>
                    <span className="rank">{c.rank}</span> <code>{c.code}</code> {c.name}
                  </li>
                ))}
              </ol>
              <h3>Legal note</h3>
              <p className="legal-note">{t.note}</p>
              <h3>Sources</h3>
              <ul className="sources">
                {t.sources.map((s) => (
                  <li key={s.cite}>
                    <cite>{s.cite}</cite>: {s.about}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
    </Modal>
  );
}

export function ImportDialog({ onClose, onLoaded }: { onClose: () => void; onLoaded: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const saved = useSaved(onLoaded);
  const run = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      saved(await send('classes.import', { content: await file.text(), fileName: file.name }), `Imported ${file.name}`);
    } catch (e) {
      setError(e as Error);
      setBusy(false);
    }
  };
  return (
    <Modal
      title="Import a ladder from CSV"
      onClose={onClose}
      footer={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={!file || busy} onClick={() => void run()}>
            Import
          </button>
        </>
      }
    >
      <div className="form">
        <p>
          Columns: <code>code, name, rank, treatment, pct, cap, deficiency_class, portion_cap, overflow_class, interest_bearing, in_kind_asset</code> (and
          optionally <code>secured</code>). The file's classes replace the ladder, all or nothing; amounts are in the case currency.
        </p>
        <label>
          CSV file
          <input type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        <Problems error={error} />
      </div>
    </Modal>
  );
}
