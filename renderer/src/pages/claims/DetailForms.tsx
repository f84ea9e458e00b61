/** The claim panel's actions: status change, allowed quantity, duplicate review. Each needs a reason. */
import { useState, type FormEvent, type ReactNode } from 'react';
import type { ClaimDetail } from '../../../../src/api/contract/index.js';
import type { ClaimStatus } from '../../../../src/domain/claims.js';
import { send } from '../../api.js';
import { label } from '../../format.js';
import { StatusBadge } from './columns.js';

type Changed = (d: ClaimDetail) => void;

function useAction(onChanged: Changed) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (fn: () => Promise<ClaimDetail>, after?: () => void) => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await fn());
      after?.();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

function Reason({ value, onChange, id }: { value: string; onChange: (v: string) => void; id: string }) {
  return (
    <label htmlFor={id}>
      Reason (recorded in the audit log)
      <textarea id={id} rows={2} value={value} onChange={(e) => onChange(e.target.value)} required minLength={3} />
    </label>
  );
}

function ErrorLine({ error }: { error: string | null }): ReactNode {
  return error ? (
    <p className="form-error" role="alert">
      {error}
    </p>
  ) : null;
}

export function StatusForm({ d, onChanged }: { d: ClaimDetail; onChanged: Changed }) {
  const [to, setTo] = useState<ClaimStatus | ''>('');
  const [original, setOriginal] = useState('');
  const [reason, setReason] = useState('');
  const a = useAction(onChanged);
  if (d.next.length === 0) return <p className="muted">A {label(d.status).toLowerCase()} claim is closed: its status cannot change.</p>;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!to) return;
    void a.run(
      () => send('claims.update', { ref: d.ref, status: to, reason, ...(to === 'duplicate' ? { duplicateOf: original.trim() } : {}) }),
      () => {
        setTo('');
        setReason('');
        setOriginal('');
      },
    );
  };
  return (
    <form className="form cl-form" onSubmit={submit} aria-label="Change status">
      <label>
        New status
        <select value={to} onChange={(e) => setTo(e.target.value as ClaimStatus)} required>
          <option value="">Choose…</option>
          {d.next.map((s) => (
            <option key={s} value={s}>
              {label(s)}
            </option>
          ))}
        </select>
      </label>
      {to === 'duplicate' ? (
        <label>
          Original claim (reference)
          <input value={original} onChange={(e) => setOriginal(e.target.value)} required placeholder="CL-…" />
        </label>
      ) : null}
      <Reason id={`reason-status-${d.ref}`} value={reason} onChange={setReason} />
      <ErrorLine error={a.error} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={a.busy || !to || reason.trim().length < 3}>
          {a.busy ? 'Saving…' : 'Change status'}
        </button>
      </div>
    </form>
  );
}

export function AllowedForm({ d, onChanged }: { d: ClaimDetail; onChanged: Changed }) {
  const [qty, setQty] = useState(d.allowed ?? '');
  const [reason, setReason] = useState('');
  const a = useAction(onChanged);
  if (['withdrawn', 'superseded', 'duplicate'].includes(d.status)) {
    return <p className="muted">A {label(d.status).toLowerCase()} claim is closed: its allowed quantity cannot change.</p>;
  }
  const save = (allowed: string | null) =>
    void a.run(
      () => send('claims.update', { ref: d.ref, allowed, reason }),
      () => setReason(''),
    );
  return (
    <form
      className="form cl-form"
      aria-label="Allowed quantity"
      onSubmit={(e) => {
        e.preventDefault();
        save(qty.trim());
      }}
    >
      <label>
        Allowed quantity ({d.asset}, up to {d.scale} decimals)
        <input
          inputMode="decimal"
          value={qty}
          onChange={(e) => setQty(e.target.value)}
          required
          pattern="\d+(\.\d+)?"
          placeholder={d.asserted}
        />
      </label>
      <Reason id={`reason-allowed-${d.ref}`} value={reason} onChange={setReason} />
      <ErrorLine error={a.error} />
      <div className="form-actions">
        {d.allowed !== null ? (
          <button type="button" disabled={a.busy || reason.trim().length < 3} onClick={() => save(null)}>
            Clear (value the asserted amount)
          </button>
        ) : null}
        <button type="submit" className="primary" disabled={a.busy || reason.trim().length < 3 || !qty.trim()}>
          Set allowed quantity
        </button>
      </div>
    </form>
  );
}

export function Duplicates({ d, onChanged, onOpen }: { d: ClaimDetail; onChanged: Changed; onOpen: (ref: string) => void }) {
  const [deciding, setDeciding] = useState<{ ref: string; decision: 'confirm' | 'dismiss' } | null>(null);
  const [reason, setReason] = useState('');
  const a = useAction(onChanged);
  if (d.duplicates.length === 0)
    return <p className="muted">No other claim has the same asset and amount with the same or a similar creditor name.</p>;
  return (
    <ul className="cl-dups">
      {d.duplicates.map((c) => (
        <li key={c.ref}>
          <div className="cl-dup-head">
            <button type="button" className="cl-link" onClick={() => onOpen(c.ref)}>
              {c.ref}
            </button>
            <span>{c.creditorName}</span>
            <StatusBadge status={c.status} />
            {c.review ? (
              <span className={`badge cl-review-${c.review.state}`}>
                {c.review.state === 'confirmed' ? 'Confirmed duplicate' : 'Dismissed'}
              </span>
            ) : null}
          </div>
          <div className="small muted">
            {c.why} · {c.source === 'scheduled' ? 'scheduled claim' : 'filed claim'}
            {c.review ? ` · ${c.review.reviewer}${c.review.reason ? `: ${c.review.reason}` : ''}` : ''}
          </div>
          {deciding?.ref === c.ref ? (
            <form
              className="form cl-form"
              onSubmit={(e) => {
                e.preventDefault();
                void a.run(
                  () => send('claims.reviewDuplicate', { ref: d.ref, candidate: c.ref, decision: deciding.decision, reason }),
                  () => {
                    setDeciding(null);
                    setReason('');
                  },
                );
              }}
            >
              <Reason id={`reason-dup-${c.ref}`} value={reason} onChange={setReason} />
              <ErrorLine error={a.error} />
              <div className="form-actions">
                <button type="button" onClick={() => setDeciding(null)}>
                  Cancel
                </button>
                <button type="submit" className="primary" disabled={a.busy || reason.trim().length < 3}>
                  {deciding.decision === 'confirm' ? `Mark ${d.ref} a duplicate of ${c.ref}` : 'Dismiss'}
                </button>
              </div>
            </form>
          ) : c.review?.state !== 'confirmed' ? (
            <div className="cl-dup-actions">
              {d.next.includes('duplicate') ? (
                <button type="button" className="small" onClick={() => setDeciding({ ref: c.ref, decision: 'confirm' })}>
                  Duplicate of this
                </button>
              ) : null}
              {c.review?.state !== 'dismissed' ? (
                <button type="button" className="small" onClick={() => setDeciding({ ref: c.ref, decision: 'dismiss' })}>
                  Not a duplicate
                </button>
              ) : null}
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
