/** A claim's documents: attach (stored in the case with a SHA-256), list, download. */
import { useRef, useState, type ChangeEvent } from 'react';
import type { ClaimDetail, DocumentInfo } from '../../../../src/api/contract/index.js';
import { send, sessionToken } from '../../api.js';
import { pickPath } from '../../platform.js';
import { fmtDate } from '../../format.js';
import { useUi } from '../../store.js';
import { FormError } from '../../components/States.js';

/** Browser mode: stream the file to the server's upload folder and get its path there. */
async function upload(file: File): Promise<string> {
  const res = await fetch(`/upload?name=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'x-recourse-token': await sessionToken(), 'content-type': 'application/octet-stream' },
    body: file,
  });
  if (!res.ok) throw new Error((await res.text()) || `Upload failed (HTTP ${res.status})`);
  return ((await res.json()) as { path: string }).path;
}

const size = (n: number) => (n < 1024 ? `${n} B` : n < 2 ** 20 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 2 ** 20).toFixed(1)} MB`);

export function Documents({ d, onAttached }: { d: ClaimDetail; onAttached: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const attach = async (path: string, name?: string) => {
    setBusy(true);
    setError(null);
    try {
      const doc = await send('claims.attach', { ref: d.ref, path, ...(name ? { name } : {}) });
      useUi.getState().toast('success', `Attached ${doc.name} to ${d.ref}`);
      onAttached();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const choose = async () => {
    const path = await pickPath({ mode: 'open', title: `Attach a document to ${d.ref}` });
    if (path === undefined) input.current?.click();
    else if (path) await attach(path);
  };
  const picked = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    try {
      setBusy(true);
      await attach(await upload(file), file.name);
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };
  const download = async (doc: DocumentInfo) => {
    setError(null);
    try {
      const path = await pickPath({ mode: 'save', title: `Save ${doc.name}`, defaultPath: doc.name });
      if (path === null) return;
      const r = await send('claims.saveDocument', { id: doc.id, ...(path ? { path } : {}) });
      if (r.download) {
        const a = document.createElement('a');
        a.href = '/download/' + r.download.split('/').map(encodeURIComponent).join('/');
        a.download = r.name;
        document.body.append(a);
        a.click();
        a.remove();
      } else useUi.getState().toast('success', `Saved ${r.name} to ${r.path}`);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div className="cl-docs">
      {d.documents.length ? (
        <ul>
          {d.documents.map((doc) => (
            <li key={doc.id}>
              <button type="button" className="cl-link" onClick={() => void download(doc)} title={`SHA-256 ${doc.sha256}`}>
                {doc.name}
              </button>
              <span className="small muted">
                {' '}
                {size(doc.size)} · {doc.addedBy} · {fmtDate(doc.addedAt)} · sha256 {doc.sha256.slice(0, 12)}…
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No documents yet. Attach the proof of claim and its evidence.</p>
      )}
      <input
        ref={input}
        type="file"
        className="cl-hidden"
        onChange={(e) => void picked(e)}
        aria-label={`Document to attach to ${d.ref}`}
        tabIndex={-1}
      />
      <button type="button" className="small" disabled={busy} onClick={() => void choose()}>
        {busy ? 'Attaching…' : 'Attach document…'}
      </button>
      <FormError error={error} />
    </div>
  );
}
