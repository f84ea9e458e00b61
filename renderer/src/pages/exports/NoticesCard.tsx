import { useEffect, useState } from 'react';
import { send } from '../../api.js';
import { JobProgress } from '../../components/JobProgress.js';
import type { ExportRunItem, JobStatus, NoticePreviewView } from '../../../../src/api/contract/index.js';
import { useUi } from '../../store.js';
import { chooseDestination, Destination, DownloadLink, downloadUrl, useJob } from './common.js';
import { FormError } from '../../components/States.js';

type Kind = 'distribution' | 'determination';

interface BatchResult {
  dir: string;
  count: number;
  indexDownload: string | null;
  index: string;
  root: string | null;
  files: Array<{ file: string; key: string; download: string | null }>;
}

const today = () => new Date().toISOString().slice(0, 10);

/** Notices: choose the kind (and run), preview one, then generate the batch. */
export function NoticesCard({ runs, folder }: { runs: ExportRunItem[]; folder: string }) {
  const [kind, setKind] = useState<Kind>(runs.length ? 'distribution' : 'determination');
  const [run, setRun] = useState(runs[runs.length - 1]?.ref ?? '');
  const [since, setSince] = useState('');
  const [issuedOn, setIssuedOn] = useState(today());
  const [preview, setPreview] = useState<NoticePreviewView | null>(null);
  const [previewUrl, setPreviewUrl] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<BatchResult | null>(null);
  const { jobId, setJobId, error, setError } = useJob();
  const { toast, changed } = useUi();
  useEffect(() => () => {
    if (previewUrl?.startsWith('blob:')) URL.revokeObjectURL(previewUrl);
  }, [previewUrl]);
  const args = () => ({ kind, ...(kind === 'distribution' ? { run } : since ? { since } : {}), issuedOn });
  const needRun = kind === 'distribution' && !run;

  const showPreview = async () => {
    setError(null);
    setBusy(true);
    try {
      const p = await send('notices.preview', { kind, ...(kind === 'distribution' ? { run } : {}), issuedOn });
      if (previewUrl?.startsWith('blob:')) URL.revokeObjectURL(previewUrl);
      if (p.download) {
        // Browser mode: the server serves the file inline from the page's own origin.
        setPreviewUrl(`${downloadUrl(p.download)}?inline=1&v=${Date.now()}`);
      } else {
        const bytes = Uint8Array.from(atob(p.pdfBase64), (c) => c.charCodeAt(0));
        setPreviewUrl(URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' })));
      }
      setPreview(p);
    } catch (err) {
      setPreview(null);
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const generate = async () => {
    setError(null);
    setDone(null);
    const dir = await chooseDestination('Folder for the notices (it will be created)', `notices-${kind}${kind === 'distribution' ? '-' + run : ''}`, []);
    if (dir === null) return;
    try {
      const job = await send('notices.start', { ...args(), ...(dir ? { dir } : {}) });
      setJobId(job.id);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const ended = (s: JobStatus) => {
    setJobId(null);
    if (s.state === 'done') {
      const r = s.result as BatchResult;
      setDone(r);
      changed();
      toast('success', `${r.count.toLocaleString('en-US')} notices generated`);
    } else if (s.state === 'failed') setError(s.error?.message ?? 'Generating the notices failed');
    else setError('Cancelled: the notices written so far were removed');
  };

  return (
    <section className="card notices-card" aria-labelledby="notices-title">
      <h2 id="notices-title">Notices (PDF)</h2>
      <p>
        One PDF per creditor with each claim and portion, this payment, cumulative paid, recovery and reserve, and the creditor&apos;s proof of
        distribution; or a notice of determination per decided claim, with the reason and the objection deadline. An index lists every file with
        its SHA-256.
      </p>
      <div className="form-row notice-options">
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            <option value="distribution">Distribution statements</option>
            <option value="determination">Notices of determination</option>
          </select>
        </label>
        {kind === 'distribution' ? (
          <label>
            Run
            <select value={run} onChange={(e) => setRun(e.target.value)} disabled={!runs.length}>
              {runs.length ? null : <option value="">No runs yet</option>}
              {runs.map((r) => (
                <option key={r.ref} value={r.ref}>
                  {r.ref} · {r.date} · {r.state}
                  {r.final ? ' · final' : ''}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <label>
            Decided since (optional)
            <input type="date" value={since} onChange={(e) => setSince(e.target.value)} />
          </label>
        )}
        <label>
          Notice date
          <input type="date" value={issuedOn} onChange={(e) => setIssuedOn(e.target.value)} required />
        </label>
      </div>
      {needRun ? <p className="muted">Distribution statements need a run: draft and finalize one under Distributions first, or choose notices of determination.</p> : null}
      <Destination folder={folder} />
      <div className="form-actions">
        <button type="button" onClick={() => void showPreview()} disabled={busy || needRun || Boolean(jobId)}>
          {busy ? 'Rendering…' : 'Preview one notice'}
        </button>
        <button type="button" className="primary" onClick={() => void generate()} disabled={needRun || Boolean(jobId)}>
          Generate all notices
        </button>
      </div>
      <FormError error={error} />
      {preview && previewUrl ? (
        <figure className="notice-preview" aria-label="Notice preview">
          <figcaption>
            {preview.summary} · {(preview.bytes / 1024).toFixed(0)} KiB{' '}
            <DownloadLink name={preview.download}>Download this preview</DownloadLink>
          </figcaption>
          <iframe title="Preview of one notice" src={previewUrl} />
        </figure>
      ) : null}
      {jobId ? <JobProgress jobId={jobId} title="Generating notices" onEnd={ended} /> : null}
      {done ? (
        <div className="export-done" role="status">
          <p>
            <span className="ok">Ready</span> {done.count.toLocaleString('en-US')} notices in <code>{done.dir}</code>{' '}
            {done.indexDownload ? <DownloadLink name={done.indexDownload}>Download the index (CSV)</DownloadLink> : <code>{done.index}</code>}
          </p>
          {done.root ? (
            <p>
              Run root to publish: <code className="hash">{done.root}</code>
            </p>
          ) : null}
          {done.files.some((f) => f.download) ? (
            <ul className="file-list">
              {done.files.slice(0, 12).map((f) => (
                <li key={f.file}>
                  <DownloadLink name={f.download}>{f.file}</DownloadLink>
                </li>
              ))}
              {done.count > 12 ? <li className="muted">and {(done.count - 12).toLocaleString('en-US')} more in the folder</li> : null}
            </ul>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
