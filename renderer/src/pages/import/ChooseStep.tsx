import { useState, type FormEvent } from 'react';
import type { ImportKind } from '../../../../src/api/contract/index.js';
import { send, isElectron, sessionToken } from '../../api.js';
import { pickPath } from '../../platform.js';
import { KIND_LABEL, type Chosen } from './ImportWizard.js';
import { FormError } from '../../components/States.js';

/** Browser mode: send the file to the local server, which keeps it in the data folder and answers with its path. */
async function upload(file: File): Promise<string> {
  const res = await fetch(`/upload?name=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'x-recourse-token': await sessionToken(), 'content-type': 'application/octet-stream' },
    body: file,
  });
  if (!res.ok) throw new Error(`The upload failed: ${(await res.text()) || `HTTP ${res.status}`}`);
  return ((await res.json()) as { path: string }).path;
}

export function ChooseStep({ kind: initial, onChosen, onCancel }: { kind: ImportKind; onChosen: (c: Chosen) => void; onCancel: () => void }) {
  const [kind, setKind] = useState<ImportKind>(initial);
  const [file, setFile] = useState<File | null>(null);
  const [path, setPath] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const electron = isElectron();

  const choosePath = async () => {
    const p = await pickPath({ mode: 'open', title: 'Choose a CSV or XLSX file', extensions: ['csv', 'xlsx', 'txt', 'tsv'] });
    if (p) setPath(p);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const where = electron ? path : file ? await upload(file) : null;
      if (!where) return;
      const fileName = electron ? where.split(/[\\/]/).pop()! : file!.name;
      const preview = await send('import.preview', { path: where, kind });
      onChosen({ kind, path: where, fileName, preview });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const ready = electron ? Boolean(path) : Boolean(file);
  return (
    <form className="form" onSubmit={submit}>
      <fieldset className="kind-choice">
        <legend>What does the file hold?</legend>
        {(['claims', 'creditors', 'prices'] as const).map((k) => (
          <label key={k} className="radio">
            <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
            {KIND_LABEL[k]}
          </label>
        ))}
      </fieldset>
      {electron ? (
        <div className="file-pick">
          <button type="button" onClick={() => void choosePath()}>
            Choose file…
          </button>
          <span className="muted">{path ?? 'No file chosen'}</span>
        </div>
      ) : (
        <label>
          File (CSV or XLSX)
          <input type="file" accept=".csv,.xlsx,.txt,.tsv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
      )}
      <p className="muted small-print">
        CSV in UTF-8, UTF-16 or Latin-1, or an Excel workbook (.xlsx, first sheet). The first row names the columns. Nothing is written until you import after the check.
      </p>
      <FormError error={error} />
      <div className="form-actions">
        <button type="button" className="ghost" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={!ready || busy}>
          {busy ? 'Reading…' : 'Next: columns'}
        </button>
      </div>
    </form>
  );
}
