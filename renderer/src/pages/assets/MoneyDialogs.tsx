/** Dialogs of the estate's cash: an expense, a holdback, and the assets CSV import. */
import { useState, type FormEvent } from 'react';
import { send } from '../../api.js';
import { EXPENSE_CATEGORIES } from '../../../../src/api/contract/index.js';
import type { JobStatus } from '../../../../src/api/contract/index.js';
import { label } from '../../format.js';
import { Modal } from '../../components/Modal.js';
import { JobProgress } from '../../components/JobProgress.js';
import { useUi } from '../../store.js';
import { FormDialog, filled, todayIso, useFields } from './FormDialog.js';

type Close = { onClose: () => void };

export function ExpenseDialog({ onClose, currencies, caseCurrency }: Close & { currencies: string[]; caseCurrency: string }) {
  const { f, bind } = useFields({ date: todayIso(), category: 'professional_fees', currency: caseCurrency, amount: '', payee: '', memo: '', assetRef: '' });
  return (
    <FormDialog
      title="Record an expense"
      submitLabel="Record expense"
      onClose={onClose}
      submit={async () => {
        const r = await send('estate.expense.add', {
          date: f.date,
          category: f.category as (typeof EXPENSE_CATEGORIES)[number],
          currency: f.currency,
          amount: f.amount.trim(),
          payee: f.payee,
          ...filled(f, ['memo', 'assetRef']),
        });
        return `Expense EXP-${r.id} recorded`;
      }}
    >
      <div className="form-row">
        <label>
          Date paid
          <input required type="date" {...bind('date')} />
        </label>
        <label>
          Category
          <select {...bind('category')}>
            {EXPENSE_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {label(c)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="form-row">
        <label>
          Amount
          <input required autoFocus inputMode="decimal" {...bind('amount')} />
        </label>
        <label>
          Currency
          <select {...bind('currency')}>
            {currencies.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
      </div>
      <label>
        Payee
        <input required {...bind('payee')} placeholder="Examiner & Partners LLP" />
      </label>
      <div className="form-row">
        <label>
          Memo
          <input {...bind('memo')} placeholder="Invoice 2026-014" />
        </label>
        <label>
          Related asset (optional)
          <input {...bind('assetRef')} placeholder="EA-001" />
        </label>
      </div>
    </FormDialog>
  );
}

export function HoldbackDialog({ onClose, currencies, caseCurrency }: Close & { currencies: string[]; caseCurrency: string }) {
  const { f, bind } = useFields({ currency: caseCurrency, amount: '', reason: '' });
  return (
    <FormDialog
      title="Hold back cash for future costs"
      submitLabel="Set holdback"
      onClose={onClose}
      submit={async () => {
        const r = await send('estate.holdback.add', { currency: f.currency, amount: f.amount.trim(), reason: f.reason });
        return `Holdback HB-${r.id} set`;
      }}
    >
      <div className="form-row">
        <label>
          Amount
          <input required autoFocus inputMode="decimal" {...bind('amount')} />
        </label>
        <label>
          Currency
          <select {...bind('currency')}>
            {currencies.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
      </div>
      <label>
        Reason
        <input required {...bind('reason')} placeholder="Fees of the clawback litigation through trial" />
      </label>
    </FormDialog>
  );
}

/** Import an assets CSV (a path on this computer) as a job, with its progress and its row/column report. */
export function ImportAssetsDialog({ onClose }: Close) {
  const [path, setPath] = useState('');
  const [job, setJob] = useState<string | null>(null);
  const [error, setError] = useState<{ message: string; problems: Array<{ row: number; column: string | null; message: string }> } | null>(null);
  const start = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      setJob((await send('estate.import', { path: path.trim() })).id);
    } catch (err) {
      setError({ message: (err as Error).message, problems: [] });
    }
  };
  const ended = (s: JobStatus) => {
    setJob(null);
    if (s.state === 'done') {
      const r = s.result as { assets: number };
      useUi.getState().changed();
      useUi.getState().toast('success', `Imported ${r.assets} assets`);
      onClose();
    } else if (s.error) {
      const details = s.error.details as { problems?: Array<{ row: number; column: string | null; message: string }> } | undefined;
      setError({ message: s.error.message, problems: details?.problems ?? [] });
    }
  };
  return (
    <Modal title="Import assets from a CSV" onClose={onClose}>
      <form className="form" onSubmit={start}>
        <label>
          Path of the CSV file
          <input autoFocus value={path} onChange={(e) => setPath(e.target.value)} placeholder="/home/me/estate/assets.csv" />
        </label>
        <p className="muted">Columns: ref, kind, asset, quantity, status, and optionally proceeds, costs, currency, date, quantity_sold, location, custodian, chain, address, notes. The whole file is imported or none of it.</p>
        {job ? <JobProgress jobId={job} title="Importing assets" onEnd={ended} /> : null}
        {error ? (
          <div className="form-error" role="alert">
            <p>{error.message}</p>
            {error.problems.length ? (
              <table className="data compact">
                <thead>
                  <tr>
                    <th scope="col">Row</th>
                    <th scope="col">Column</th>
                    <th scope="col">Problem</th>
                  </tr>
                </thead>
                <tbody>
                  {error.problems.slice(0, 50).map((p, i) => (
                    <tr key={i}>
                      <td className="num">{p.row}</td>
                      <td>{p.column ?? '—'}</td>
                      <td>{p.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </div>
        ) : null}
        <div className="form-actions">
          <button type="button" className="ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!path.trim() || job !== null}>
            Import
          </button>
        </div>
      </form>
    </Modal>
  );
}
