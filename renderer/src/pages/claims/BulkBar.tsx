/** Bulk status change on the selected claims: one reason, all of them or none, with the claims that cannot move named. */
import { useState, type FormEvent } from 'react';
import { CLAIM_STATUSES, type ClaimStatus } from '../../../../src/domain/claims.js';
import { send, ApiError } from '../../api.js';
import { label } from '../../format.js';
import { useUi } from '../../store.js';

interface Problem {
  ref: string;
  problem: string;
}

export function BulkBar({
  refs,
  onClear,
  onDone,
}: {
  refs: string[];
  onClear: () => void;
  onDone: (status: ClaimStatus, refs: string[]) => void;
}) {
  const [status, setStatus] = useState<ClaimStatus | ''>('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; problems: Problem[] } | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!status) return;
    setBusy(true);
    setError(null);
    try {
      const r = await send('claims.bulkStatus', { refs, status, reason });
      useUi.getState().toast('success', `${r.changed.toLocaleString('en-US')} claims are now ${label(r.status).toLowerCase()}`);
      onDone(status, refs);
      setReason('');
      setStatus('');
    } catch (err) {
      const details = err instanceof ApiError ? (err.body.details as { problems?: Problem[] } | undefined) : undefined;
      setError({ message: (err as Error).message, problems: details?.problems ?? [] });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="cl-bulk" onSubmit={submit} aria-label="Change the status of the selected claims">
      <strong>{refs.length.toLocaleString('en-US')} selected</strong>
      <label>
        New status
        <select value={status} onChange={(e) => setStatus(e.target.value as ClaimStatus)} required>
          <option value="">Choose…</option>
          {CLAIM_STATUSES.filter((s) => s !== 'duplicate' && s !== 'superseded').map((s) => (
            <option key={s} value={s}>
              {label(s)}
            </option>
          ))}
        </select>
      </label>
      <label className="grow">
        Reason (recorded in the audit log)
        <input
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          required
          minLength={3}
          placeholder="e.g. Reconciled to the ledger balances"
        />
      </label>
      <button type="submit" className="primary" disabled={busy || !status || reason.trim().length < 3}>
        {busy ? 'Changing…' : `Change ${refs.length.toLocaleString('en-US')} claims`}
      </button>
      <button type="button" onClick={onClear}>
        Clear selection
      </button>
      {error ? (
        <div className="form-error cl-bulk-error" role="alert">
          <p>{error.message}</p>
          {error.problems.length ? (
            <ul>
              {error.problems.slice(0, 50).map((p) => (
                <li key={p.ref}>
                  <span className="ref">{p.ref}</span>: {p.problem}
                </li>
              ))}
              {error.problems.length > 50 ? <li>… and {error.problems.length - 50} more</li> : null}
            </ul>
          ) : null}
        </div>
      ) : null}
    </form>
  );
}
