import { useEffect, useState } from 'react';
import { send } from '../api.js';
import type { JobStatus } from '../../../src/api/contract/index.js';

/**
 * Shows a running job's progress with a Cancel button, polling `jobs.get`.
 * Calls onEnd once with the final status (done, failed or cancelled).
 */
export function JobProgress({ jobId, title, onEnd }: { jobId: string; title: string; onEnd: (s: JobStatus) => void }) {
  const [s, setS] = useState<JobStatus | null>(null);
  useEffect(() => {
    let stop = false;
    const tick = async () => {
      if (stop) return;
      try {
        const st = await send('jobs.get', { id: jobId });
        if (stop) return;
        setS(st);
        if (st.state === 'running') setTimeout(tick, 150);
        else onEnd(st);
      } catch {
        if (!stop) setTimeout(tick, 500);
      }
    };
    void tick();
    return () => {
      stop = true;
    };
  }, [jobId]);
  const pct = s && s.total > 0 ? Math.min(100, Math.floor((s.done * 100) / s.total)) : 0;
  return (
    <div className="job" role="status" aria-live="polite" aria-label={title}>
      <div className="job-head">
        <strong>{title}</strong>
        <span className="muted">
          {s ? s.label : 'Starting…'}
          {s && s.total > 0 ? ` · ${s.done.toLocaleString('en-US')} of ${s.total.toLocaleString('en-US')}` : ''}
        </span>
      </div>
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <span style={{ width: `${pct}%` }} />
      </div>
      {s?.state === 'running' ? (
        <button type="button" className="small" onClick={() => void send('jobs.cancel', { id: jobId })}>
          Cancel
        </button>
      ) : null}
    </div>
  );
}
