/** The review queue: proposals largest first; approve, override with reason and citation, or approve all of others' proposals. */
import { useState, type FormEvent } from 'react';
import { send } from '../../api.js';
import { useApi } from '../../hooks.js';
import { useUi } from '../../store.js';
import { Amount } from '../../components/Amount.js';
import { JobProgress } from '../../components/JobProgress.js';
import { Modal } from '../../components/Modal.js';
import { EmptyState, ErrorState, Loading, FormError } from '../../components/States.js';
import { fmtDate, groupDecimal } from '../../format.js';
import type { ApproveAllResult, LadderState, QueueRow } from '../../../../src/api/contract/classes.js';
import type { JobStatus } from '../../../../src/api/contract/index.js';
import { plural } from './common.js';

export function Review({ ladder }: { ladder: LadderState }) {
  const toast = useUi((s) => s.toast);
  const [filters, setFilters] = useState({ classCode: '', proposer: 'all' as 'all' | 'others' | 'mine', search: '' });
  const [pages, setPages] = useState<string[]>([]);
  const [overriding, setOverriding] = useState<QueueRow | null>(null);
  const [bulk, setBulk] = useState(false);
  const [job, setJob] = useState<JobStatus | null>(null);
  const after = pages[pages.length - 1];
  const q = useApi('classes.queue', {
    limit: 25,
    proposer: filters.proposer,
    ...(filters.classCode ? { classCode: filters.classCode } : {}),
    ...(filters.search.trim() ? { search: filters.search.trim() } : {}),
    ...(after ? { after } : {}),
  });
  const set = (k: keyof typeof filters) => (e: { target: { value: string } }) => {
    setPages([]);
    setFilters({ ...filters, [k]: e.target.value });
  };
  const approve = async (r: QueueRow) => {
    try {
      await send('classes.approve', { ref: r.ref });
      toast('success', `Approved ${r.ref} in ${r.classCode}`);
      useUi.getState().changed();
    } catch (e) {
      toast('error', (e as Error).message);
    }
  };
  const approveAll = async () => {
    setBulk(false);
    try {
      setJob(await send('classes.approveAll', filters.classCode ? { classCode: filters.classCode } : {}));
    } catch (e) {
      toast('error', (e as Error).message);
    }
  };
  const d = q.data;
  const cur = d?.currency ?? ladder.currency;
  const others = d ? d.total - d.mine : 0;
  return (
    <section className="card review" aria-label="Review queue">
      <div className="section-head">
        <div>
          <h2>Review queue</h2>
          <p className="muted">
            {d ? (
              <>
                {plural(d.total, 'proposal')} awaiting review · <Amount value={d.totalValue} asset={cur} />
                {d.mine ? ` · ${plural(d.mine, 'is', 'are')} yours: someone else must review ${d.mine === 1 ? 'it' : 'them'}` : ''}
              </>
            ) : (
              'Proposed classes, largest first'
            )}
          </p>
        </div>
        <div className="actions">
          <button type="button" className="primary" disabled={!d || (filters.proposer !== 'mine' && others === 0) || !!job} onClick={() => setBulk(true)}>
            Approve all proposals of others…
          </button>
        </div>
      </div>
      {job ? (
        <JobProgress
          jobId={job.id}
          title="Approving proposals"
          onEnd={(s) => {
            setJob(null);
            if (s.state === 'done') {
              const r = s.result as ApproveAllResult;
              toast('success', `Approved ${plural(r.approved, 'proposal')} (${groupDecimal(r.value)} ${r.currency})${r.skippedOwn ? `; left ${plural(r.skippedOwn, 'proposal')} of your own for another reviewer` : ''}`);
            } else toast('error', s.error?.message ?? 'Stopped');
            setPages([]);
            useUi.getState().changed();
          }}
        />
      ) : null}
      <div className="filters" role="search">
        <label>
          Class
          <select value={filters.classCode} onChange={set('classCode')}>
            <option value="">All classes</option>
            {ladder.classes.map((c) => (
              <option key={c.code} value={c.code}>
                {c.code}
              </option>
            ))}
          </select>
        </label>
        <label>
          Proposed by
          <select value={filters.proposer} onChange={set('proposer')}>
            <option value="all">Anyone</option>
            <option value="others">Others (I can review)</option>
            <option value="mine">Me</option>
          </select>
        </label>
        <label className="grow">
          Search reference or creditor
          <input type="search" value={filters.search} onChange={set('search')} placeholder="CL-0001…" />
        </label>
      </div>
      {q.error ? <ErrorState error={q.error} onRetry={q.reload} /> : null}
      {!d && !q.error ? <Loading what="the review queue" /> : null}
      {d && d.rows.length === 0 ? (
        <EmptyState title="Nothing awaits review">
          {filters.classCode || filters.search || filters.proposer !== 'all'
            ? 'No proposal matches these filters; clear one to see more.'
            : 'Every classification is approved or decided. Apply the rules (Rules tab) to propose classes for new claims.'}
        </EmptyState>
      ) : null}
      {d && d.rows.length > 0 ? (
        <>
          <table className="data queue">
            <thead>
              <tr>
                <th scope="col">Claim</th>
                <th scope="col">Creditor</th>
                <th scope="col" className="num">
                  Value ({cur})
                </th>
                <th scope="col">Proposed class</th>
                <th scope="col">Proposed by</th>
                <th scope="col" aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr key={r.ref}>
                  <td>
                    <span className="ref">{r.ref}</span> <span className={`badge status-${r.status}`}>{r.status.replace(/_/g, ' ')}</span>
                  </td>
                  <td>
                    {r.creditor} <span className="muted">({r.creditorType})</span>
                  </td>
                  <td className="num">
                    <Amount value={r.value} />
                  </td>
                  <td>
                    <code>{r.classCode}</code> <span className="muted">{r.className}</span>
                  </td>
                  <td>
                    {r.proposedByText}
                    {r.proposedBy !== r.proposer && r.proposer !== 'import' ? <span className="muted"> · run by {r.proposer}</span> : null}
                    <div className="muted small-text">{fmtDate(r.proposedAt)}</div>
                  </td>
                  <td className="nowrap">
                    <button
                      type="button"
                      className="small"
                      disabled={!r.canApprove}
                      title={r.canApprove ? undefined : 'You proposed this; someone else must review it'}
                      aria-label={`Approve ${r.ref}`}
                      onClick={() => void approve(r)}
                    >
                      Approve
                    </button>{' '}
                    <button type="button" className="small" disabled={!r.canApprove} aria-label={`Override ${r.ref}`} onClick={() => setOverriding(r)}>
                      Override…
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="pager">
            <span>{pages.length ? `Page ${pages.length + 1}` : 'Largest first'}</span>
            <button type="button" disabled={!pages.length} onClick={() => setPages(pages.slice(0, -1))}>
              Previous
            </button>
            <button type="button" disabled={!d.next} onClick={() => d.next && setPages([...pages, d.next])}>
              Next
            </button>
          </div>
        </>
      ) : null}
      {overriding ? <OverrideDialog row={overriding} classes={ladder.classes.map((c) => c.code)} onClose={() => setOverriding(null)} /> : null}
      {bulk && d ? (
        <Modal
          title="Approve all proposals of others?"
          onClose={() => setBulk(false)}
          footer={
            <>
              <button type="button" onClick={() => setBulk(false)}>
                Cancel
              </button>
              <button type="button" className="primary" onClick={() => void approveAll()}>
                Approve {filters.classCode ? `all ${filters.classCode} proposals` : 'all'}
              </button>
            </>
          }
        >
          <p>
            Every live claim's proposed class{filters.classCode ? ` in ${filters.classCode}` : ''} that someone other than you proposed is approved in your name. Your
            own proposals stay for another reviewer.
          </p>
        </Modal>
      ) : null}
    </section>
  );
}

function OverrideDialog({ row, classes, onClose }: { row: QueueRow; classes: string[]; onClose: () => void }) {
  const toast = useUi((s) => s.toast);
  const [classCode, setClassCode] = useState(classes.find((c) => c !== row.classCode) ?? '');
  const [reason, setReason] = useState('');
  const [citation, setCitation] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await send('classes.override', { ref: row.ref, classCode, reason, ...(citation.trim() ? { citation: citation.trim() } : {}) });
      toast('success', `${row.ref} overridden to ${classCode}`);
      useUi.getState().changed();
      onClose();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <Modal
      title={`Override the class of ${row.ref}`}
      onClose={onClose}
      footer={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="override-form" className="primary" disabled={reason.trim().length < 3 || !classCode}>
            Override
          </button>
        </>
      }
    >
      <form id="override-form" className="form" onSubmit={(e) => void submit(e)}>
        <p>
          Proposed: <code>{row.classCode}</code> by {row.proposedByText}. Value <Amount value={row.value} />.
        </p>
        <label>
          New class
          <select value={classCode} onChange={(e) => setClassCode(e.target.value)}>
            {classes
              .filter((c) => c !== row.classCode)
              .map((c) => (
                <option key={c}>{c}</option>
              ))}
          </select>
        </label>
        <label>
          Reason (recorded in the audit log)
          <textarea value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} maxLength={2000} rows={3} />
        </label>
        <label>
          Citation (optional)
          <input value={citation} onChange={(e) => setCitation(e.target.value)} maxLength={500} placeholder="11 U.S.C. § 510(b)" />
        </label>
        <FormError error={error} />
      </form>
    </Modal>
  );
}
