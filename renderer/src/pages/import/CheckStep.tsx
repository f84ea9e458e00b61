import { useEffect, useRef, useState } from 'react';
import type { ImportReport, JobStatus } from '../../../../src/api/contract/index.js';
import { send } from '../../api.js';
import { JobProgress } from '../../components/JobProgress.js';
import { fmtCount } from '../../format.js';
import type { Chosen } from './ImportWizard.js';
import { download, issuesCsv } from './reportCsv.js';
import { FormError } from '../../components/States.js';

const SHOWN = 500;

export function jobArgs(chosen: Chosen, mapping: Record<string, string | null>, dryRun: boolean) {
  return { path: chosen.path, kind: chosen.kind, mapping, dryRun, fileName: chosen.fileName };
}

export function Counts({ r }: { r: ImportReport }) {
  return (
    <ul className="import-counts">
      <li>
        <span className="stat-label">New</span> <span className="stat-value">{fmtCount(r.new)}</span>
      </li>
      <li>
        <span className="stat-label">Updated</span> <span className="stat-value">{fmtCount(r.updated)}</span>
      </li>
      <li>
        <span className="stat-label">Unchanged</span> <span className="stat-value">{fmtCount(r.unchanged)}</span>
      </li>
      {r.creditors ? (
        <li>
          <span className="stat-label">Creditors new / updated</span>
          <span className="stat-value">
            {fmtCount(r.creditors.new)} / {fmtCount(r.creditors.updated)}
          </span>
        </li>
      ) : null}
      {r.superseded ? (
        <li>
          <span className="stat-label">Superseded</span> <span className="stat-value">{fmtCount(r.superseded)}</span>
        </li>
      ) : null}
      {r.classesProposed ? (
        <li>
          <span className="stat-label">Classes proposed</span> <span className="stat-value">{fmtCount(r.classesProposed)}</span>
        </li>
      ) : null}
      {r.revalued ? (
        <li>
          <span className="stat-label">Claims re-valued</span> <span className="stat-value">{fmtCount(r.revalued)}</span>
        </li>
      ) : null}
    </ul>
  );
}

export function ProblemTable({ report, fileName }: { report: ImportReport; fileName: string }) {
  return (
    <>
      <div className="problems-head">
        <strong className="bad">
          {fmtCount(report.errorCount)} problem{report.errorCount === 1 ? '' : 's'} on {fmtCount(report.errorRows)} row{report.errorRows === 1 ? '' : 's'}
        </strong>
        <button type="button" onClick={() => download(`${fileName.replace(/\.[^.]+$/, '')}-problems.csv`, issuesCsv(report.errors))}>
          Save report
        </button>
      </div>
      <div className="table-scroll problems">
        <table className="data" aria-label="Problems found">
          <thead>
            <tr>
              <th scope="col" className="num">
                Row
              </th>
              <th scope="col">Column</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {report.errors.slice(0, SHOWN).map((e, i) => (
              <tr key={i}>
                <td className="num">{e.row}</td>
                <td>
                  <code>{e.column}</code>
                </td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {report.errors.length > SHOWN || report.errorsTruncated ? (
        <p className="muted">
          Showing {fmtCount(SHOWN)} of {fmtCount(report.errorCount)} problems; the saved report lists {report.errorsTruncated ? `the first ${fmtCount(report.errors.length)}` : 'them all'}.
        </p>
      ) : null}
    </>
  );
}

export function CheckStep(props: {
  chosen: Chosen;
  mapping: Record<string, string | null>;
  report: ImportReport | null;
  onReport: (r: ImportReport) => void;
  onBack: () => void;
  onOtherFile: () => void;
  onImport: () => void;
}) {
  const { chosen, report } = props;
  const [job, setJob] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);

  useEffect(() => {
    if (report || started.current) return;
    started.current = true;
    send('import.start', jobArgs(chosen, props.mapping, true)).then(
      (j) => setJob(j.id),
      (e: Error) => setError(e.message),
    );
  }, [report]);

  const ended = (s: JobStatus) => {
    setJob(null);
    if (s.state === 'done') props.onReport(s.result as ImportReport);
    else setError(s.state === 'cancelled' ? 'The check was cancelled. Nothing was written.' : (s.error?.message ?? 'The check stopped'));
  };

  const changes = report ? report.new + report.updated + (report.creditors ? report.creditors.new + report.creditors.updated : 0) + report.revalued : 0;
  return (
    <div className="wizard-body">
      {job ? <JobProgress jobId={job} title={`Checking ${chosen.fileName}`} onEnd={ended} /> : null}
      <FormError error={error} />
      {report && report.ok ? (
        <div className="check-ok" role="status">
          <p>
            <strong className="ok">No problems in {fmtCount(report.rows)} rows.</strong> {changes > 0 ? 'Importing will make these changes:' : report.message}
          </p>
          <Counts r={report} />
          <p className="muted">
            Read as {report.encoding}
            {report.sheet ? `, sheet ${report.sheet}` : ''}. The import runs in one step: all of it is written, or nothing.
          </p>
        </div>
      ) : null}
      {report && !report.ok ? (
        <>
          <p>The file cannot be imported as it is: correct these rows in the file (or the mapping) and check again. Nothing was written.</p>
          <ProblemTable report={report} fileName={chosen.fileName} />
        </>
      ) : null}
      <div className="form-actions">
        <button type="button" className="ghost" onClick={props.onBack} disabled={Boolean(job)}>
          Back to columns
        </button>
        <button type="button" onClick={props.onOtherFile} disabled={Boolean(job)}>
          Choose another file
        </button>
        <button type="button" className="primary" disabled={!report?.ok || changes === 0} onClick={props.onImport}>
          {report?.ok && changes === 0 ? 'Nothing to import' : `Import ${report?.ok ? `${fmtCount(report.rows)} rows` : ''}`}
        </button>
      </div>
    </div>
  );
}
