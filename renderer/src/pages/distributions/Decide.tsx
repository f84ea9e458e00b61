/** The decisions on a run: approve (by someone other than the drafter), finalize (with confirmation, as a job), discard (with a reason). */
import { useState, type FormEvent } from 'react';
import { send } from '../../api.js';
import { useUi } from '../../store.js';
import type { JobStatus, RunView } from '../../../../src/api/contract/index.js';
import { Amount } from '../../components/Amount.js';
import { JobProgress } from '../../components/JobProgress.js';
import { Modal } from '../../components/Modal.js';
import { RunFacts } from './RunReview.js';
import { useDist } from './state.js';

export function ApproveStep({ run }: { run: RunView }) {
  const { app, toast, changed, go: goSection } = useUi();
  const go = useDist((s) => s.go);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const user = app?.user ?? '';
  const same = user.trim().toLowerCase() === run.draftedBy.trim().toLowerCase();
  const approve = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await send('runs.approve', { run: run.ref, ...(note.trim() ? { note: note.trim() } : {}) });
      changed();
      toast('success', `${run.ref} approved by ${user}`);
      go({ kind: 'wizard', step: 'finalize', run: run.ref });
    } catch (err) {
      toast('error', (err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  if (run.state !== 'draft') {
    return (
      <section className="card">
        <RunFacts run={run} />
        <p>This run is {run.state}; there is nothing to approve.</p>
      </section>
    );
  }
  return (
    <form className="card form wizard-card" onSubmit={approve} aria-label="Approve">
      <h2>Approve {run.ref}</h2>
      <RunFacts run={run} />
      {run.totals ? (
        <p>
          Approving lets {run.ref} be finalized: it pays <Amount value={run.totals.paidThisRun} asset={run.currency} /> to{' '}
          {run.claims.toLocaleString('en-US')} claims and reserves <Amount value={run.totals.reserved} asset={run.currency} />.
        </p>
      ) : null}
      {same ? (
        <div className="notice bad" role="alert">
          <p>
            You ({user}) drafted {run.ref}. Another person must approve it: the four-eyes rule. The approver opens this run under their own
            name (Settings, “Your name”).
          </p>
          <button type="button" onClick={() => goSection('settings')}>
            Change user in Settings
          </button>
        </div>
      ) : (
        <>
          {run.stale ? (
            <p className="notice bad" role="alert">
              {run.stale}
            </p>
          ) : null}
          <label>
            Note for the audit log (optional)
            <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={2000} />
          </label>
        </>
      )}
      <div className="form-actions">
        <button type="button" onClick={() => go({ kind: 'wizard', step: 'preview', run: run.ref })}>
          Back to the preview
        </button>
        <button type="submit" className="primary" disabled={same || busy || run.stale !== null}>
          Approve as {user}
        </button>
      </div>
    </form>
  );
}

export function FinalizeStep({ run }: { run: RunView }) {
  const { toast, changed } = useUi();
  const go = useDist((s) => s.go);
  const [confirm, setConfirm] = useState(false);
  const [job, setJob] = useState<string | null>(null);
  const start = async () => {
    setConfirm(false);
    try {
      const s = await send('runs.finalize', { run: run.ref });
      setJob(s.id);
    } catch (err) {
      toast('error', (err as Error).message);
    }
  };
  const ended = (s: JobStatus) => {
    setJob(null);
    changed();
    if (s.state === 'done') {
      toast('success', `${run.ref} finalized: its payments are recorded`);
      go({ kind: 'history' });
    } else toast('error', s.error?.message ?? `${run.ref} was not finalized`);
  };
  if (run.state === 'finalized' || run.state === 'discarded') {
    return (
      <section className="card">
        <RunFacts run={run} />
        <p>
          {run.ref} is {run.state}.{' '}
          <button type="button" className="link" onClick={() => go({ kind: 'wizard', step: 'preview', run: run.ref })}>
            See its schedule
          </button>
        </p>
      </section>
    );
  }
  return (
    <section className="card form wizard-card" aria-label="Finalize">
      <h2>Finalize {run.ref}</h2>
      <RunFacts run={run} />
      {run.state === 'draft' ? <p className="notice warn">{run.ref} must be approved first.</p> : null}
      {run.stale ? (
        <p className="notice bad" role="alert">
          {run.stale}
        </p>
      ) : null}
      {job ? <JobProgress jobId={job} title={`Finalizing ${run.ref}`} onEnd={ended} /> : null}
      <div className="form-actions">
        <DiscardButton run={run} />
        <button
          type="button"
          className="primary"
          disabled={run.state !== 'approved' || job !== null || run.stale !== null}
          onClick={() => setConfirm(true)}
        >
          Finalize…
        </button>
      </div>
      {confirm ? (
        <Modal
          title={`Finalize ${run.ref}?`}
          onClose={() => setConfirm(false)}
          footer={
            <>
              <button type="button" onClick={() => setConfirm(false)}>
                Not yet
              </button>
              <button type="button" className="primary" onClick={() => void start()}>
                Finalize {run.ref}
              </button>
            </>
          }
        >
          {run.totals ? (
            <p>
              The payments of <Amount value={run.totals.paidThisRun} asset={run.currency} /> are recorded and taken off the estate&apos;s
              cash.
            </p>
          ) : null}
          <p>A finalized run never changes. A correction is a new run.</p>
        </Modal>
      ) : null}
    </section>
  );
}

export function DiscardButton({ run }: { run: RunView }) {
  const { toast, changed } = useUi();
  const go = useDist((s) => s.go);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const discard = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await send('runs.discard', { run: run.ref, reason: reason.trim() });
      changed();
      toast('info', `${run.ref} discarded`);
      setOpen(false);
      go({ kind: 'history' });
    } catch (err) {
      toast('error', (err as Error).message);
    }
  };
  return (
    <>
      <button type="button" className="danger" onClick={() => setOpen(true)}>
        Discard…
      </button>
      {open ? (
        <Modal title={`Discard ${run.ref}?`} onClose={() => setOpen(false)}>
          <form className="form" onSubmit={discard}>
            <p>Its schedule is deleted; the run stays in the history as discarded.</p>
            <label>
              Why (recorded in the audit log)
              <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} required minLength={3} maxLength={2000} />
            </label>
            <div className="form-actions">
              <button type="button" onClick={() => setOpen(false)}>
                Keep it
              </button>
              <button type="submit" className="danger" disabled={reason.trim().length < 3}>
                Discard {run.ref}
              </button>
            </div>
          </form>
        </Modal>
      ) : null}
    </>
  );
}
