import { useState, type FormEvent } from 'react';
import { Modal } from './Modal.js';
import { send } from '../api.js';
import { useUi } from '../store.js';
import { FormError } from './States.js';

export function PathDialog(props: { title: string; label: string; submit: string; onClose: () => void; onSubmit: (path: string) => void }) {
  const [path, setPath] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (path.trim()) props.onSubmit(path.trim());
  };
  return (
    <Modal title={props.title} onClose={props.onClose}>
      <form onSubmit={submit} className="form">
        <label>
          {props.label}
          <input autoFocus value={path} onChange={(e) => setPath(e.target.value)} placeholder="/home/me/cases/estate.recourse" />
        </label>
        <div className="form-actions">
          <button type="button" className="ghost" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!path.trim()}>
            {props.submit}
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function NewCaseDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (name: string) => void }) {
  const dataDir = useUi((s) => s.app?.dataDir ?? '');
  const [f, setF] = useState({ name: '', path: '', currency: 'USD', petitionDate: '', barDate: '', interestRate: '', passphrase: '', again: '' });
  const [error, setError] = useState<string | null>(null);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const suggested = f.name ? `${dataDir}/cases/${f.name.replace(/[^\w\- ]+/g, '').trim()}.recourse` : '';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (f.passphrase !== f.again) return setError('The two passphrases differ');
    try {
      const c = await send('case.create', {
        name: f.name,
        path: f.path || suggested,
        currency: f.currency,
        petitionDate: f.petitionDate,
        ...(f.barDate ? { barDate: f.barDate } : {}),
        ...(f.interestRate ? { interestRate: f.interestRate } : {}),
        ...(f.passphrase ? { passphrase: f.passphrase } : {}),
      });
      onCreated(c.name);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <Modal title="New case" onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <label>
          Case name
          <input autoFocus required value={f.name} onChange={set('name')} placeholder="In re Example Exchange Ltd" />
        </label>
        <label>
          File
          <input value={f.path} onChange={set('path')} placeholder={suggested || 'Path of the new .recourse file'} />
        </label>
        <div className="form-row">
          <label>
            Case currency
            <select value={f.currency} onChange={set('currency')}>
              {['USD', 'EUR', 'GBP', 'JPY'].map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </label>
          <label>
            Petition date
            <input required type="date" value={f.petitionDate} onChange={set('petitionDate')} />
          </label>
          <label>
            Bar date
            <input type="date" value={f.barDate} onChange={set('barDate')} />
          </label>
          <label>
            Interest rate (yearly fraction)
            <input inputMode="decimal" value={f.interestRate} onChange={set('interestRate')} placeholder="0.09" />
          </label>
        </div>
        <div className="form-row">
          <label>
            Passphrase (optional: encrypts the case; it cannot be recovered if lost)
            <input type="password" autoComplete="new-password" value={f.passphrase} onChange={set('passphrase')} minLength={8} />
          </label>
          <label>
            Passphrase again
            <input type="password" autoComplete="new-password" value={f.again} onChange={set('again')} disabled={!f.passphrase} />
          </label>
        </div>
        <FormError error={error} />
        <div className="form-actions">
          <button type="button" className="ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Create case
          </button>
        </div>
      </form>
    </Modal>
  );
}
