import { useState, type ReactNode } from 'react';
import { send } from '../../api.js';
import { JobProgress } from '../../components/JobProgress.js';
import type { JobStatus } from '../../../../src/api/contract/index.js';
import { useUi } from '../../store.js';
import { chooseDestination, Destination, DownloadLink, useJob } from './common.js';
import { FormError } from '../../components/States.js';

type Kind = 'register' | 'creditors' | 'estate' | 'audit' | 'run';

interface Result {
  path: string;
  download: string | null;
  rows: number;
  bytes: number;
}

/** One spreadsheet export: what it holds, options, a button, progress, and the finished file. */
export function SheetCard(props: {
  kind: Kind;
  title: string;
  description: string;
  count: string;
  folder: string;
  disabled?: string | null;
  args?: Record<string, string | undefined>;
  children?: ReactNode;
}) {
  const { jobId, setJobId, error, setError } = useJob();
  const [done, setDone] = useState<Result | null>(null);
  const toast = useUi((s) => s.toast);
  const start = async () => {
    setError(null);
    setDone(null);
    const path = await chooseDestination(`Save the ${props.title.toLowerCase()}`, `${props.kind}.xlsx`, ['xlsx']);
    if (path === null) return;
    try {
      const args = Object.fromEntries(Object.entries(props.args ?? {}).filter(([, v]) => v));
      const job = await send('exports.start', { kind: props.kind, ...args, ...(path ? { path } : {}) });
      setJobId(job.id);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const ended = (s: JobStatus) => {
    setJobId(null);
    if (s.state === 'done') {
      const r = s.result as Result;
      setDone(r);
      toast('success', `${props.title}: ${r.rows.toLocaleString('en-US')} rows written`);
    } else if (s.state === 'failed') setError(s.error?.message ?? 'The export failed');
    else setError('Cancelled: no file was left behind');
  };
  return (
    <section className="card export-card" aria-labelledby={`exp-${props.kind}`}>
      <h2 id={`exp-${props.kind}`}>{props.title}</h2>
      <p>{props.description}</p>
      <p className="muted">{props.count}</p>
      {props.children}
      <Destination folder={props.folder} />
      <div className="form-actions">
        <button type="button" className="primary" onClick={() => void start()} disabled={Boolean(jobId) || Boolean(props.disabled)} title={props.disabled ?? undefined}>
          Export {props.title.toLowerCase()}
        </button>
      </div>
      {props.disabled ? <p className="muted">{props.disabled}</p> : null}
      {jobId ? <JobProgress jobId={jobId} title={`Exporting the ${props.title.toLowerCase()}`} onEnd={ended} /> : null}
      <FormError error={error} />
      {done ? (
        <div className="export-done" role="status">
          <span className="ok">Ready</span> {done.rows.toLocaleString('en-US')} rows · {(done.bytes / 1024).toFixed(0)} KiB
          {done.download ? <DownloadLink name={done.download}>Download</DownloadLink> : <code>{done.path}</code>}
        </div>
      ) : null}
    </section>
  );
}
