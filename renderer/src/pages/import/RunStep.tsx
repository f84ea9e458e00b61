import { useEffect, useRef, useState } from 'react';
import type { ImportReport, JobStatus } from '../../../../src/api/contract/index.js';
import { send } from '../../api.js';
import { JobProgress } from '../../components/JobProgress.js';
import { useUi } from '../../store.js';
import { Counts, jobArgs } from './CheckStep.js';
import type { Chosen } from './ImportWizard.js';

/** The import itself, as a job with progress and Cancel. onEnd(null) goes back to the check. */
export function RunStep(props: { chosen: Chosen; mapping: Record<string, string | null>; onEnd: (r: ImportReport | null) => void }) {
  const [job, setJob] = useState<string | null>(null);
  const [stopped, setStopped] = useState<string | null>(null);
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    send('import.start', jobArgs(props.chosen, props.mapping, false)).then(
      (j) => setJob(j.id),
      (e: Error) => setStopped(e.message),
    );
  }, []);

  const ended = (s: JobStatus) => {
    setJob(null);
    if (s.state === 'done') {
      const r = s.result as ImportReport;
      if (r.committed) useUi.getState().changed();
      props.onEnd(r);
    } else setStopped(s.state === 'cancelled' ? 'Import cancelled: nothing was written.' : `The import stopped: ${s.error?.message ?? 'unknown error'}. Nothing was written.`);
  };

  return (
    <div className="wizard-body">
      {job ? <JobProgress jobId={job} title={`Importing ${props.chosen.fileName}`} onEnd={ended} /> : null}
      {stopped ? (
        <>
          <p className="form-error" role="alert">
            {stopped}
          </p>
          <div className="form-actions">
            <button type="button" onClick={() => props.onEnd(null)}>
              Back to the check
            </button>
          </div>
        </>
      ) : null}
    </div>
  );
}

export function SummaryStep({ report, onClose }: { report: ImportReport; onClose: () => void }) {
  return (
    <div className="wizard-body">
      <p role="status">
        <strong className="ok">{report.message}</strong>
      </p>
      <Counts r={report} />
      <p className="muted">
        {report.file} · sha256 {report.sha256.slice(0, 16)}… · recorded in the audit log
        {report.classesProposed ? '. Proposed classes wait for review in Classification' : ''}.
      </p>
      <div className="form-actions">
        <button type="button" className="primary" onClick={onClose} autoFocus>
          Done
        </button>
      </div>
    </div>
  );
}
