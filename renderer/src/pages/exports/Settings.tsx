import { useEffect, useState, type FormEvent } from 'react';
import { send } from '../../api.js';
import { useApi } from '../../hooks.js';
import { useUi } from '../../store.js';
import type { NoticeSettingsView, VerifyView } from '../../../../src/api/contract/index.js';
import { FormError } from '../../components/States.js';

/** Letterhead, payment method and objection period printed on notices. */
export function NoticeSettingsForm() {
  const q = useApi('notices.settings', {});
  const [f, setF] = useState<NoticeSettingsView | null>(null);
  const { toast, changed } = useUi();
  useEffect(() => {
    if (q.data) setF(q.data);
  }, [q.data]);
  if (!f) return null;
  const set = (k: keyof NoticeSettingsView) => (e: { target: { value: string } }) => setF({ ...f, [k]: k === 'objectionDays' ? Number(e.target.value) : e.target.value });
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      setF(
        await send('notices.saveSettings', {
          letterheadName: f.letterheadName, letterheadAddress: f.letterheadAddress, letterheadContact: f.letterheadContact,
          paymentMethod: f.paymentMethod, objectionDays: f.objectionDays, objectionDeadline: f.objectionDeadline ?? '',
        }),
      );
      changed();
      toast('success', 'Notice settings saved');
    } catch (err) {
      toast('error', (err as Error).message);
    }
  };
  return (
    <details className="card">
      <summary>
        <h2>Notice settings</h2>
      </summary>
      <form className="form" onSubmit={save}>
        <label>
          Letterhead: name
          <input value={f.letterheadName} onChange={set('letterheadName')} maxLength={200} />
        </label>
        <label>
          Letterhead: address
          <input value={f.letterheadAddress} onChange={set('letterheadAddress')} maxLength={500} />
        </label>
        <label>
          Letterhead: contact (email, phone)
          <input value={f.letterheadContact} onChange={set('letterheadContact')} maxLength={300} />
        </label>
        <label>
          Payment method printed on statements
          <input value={f.paymentMethod} onChange={set('paymentMethod')} maxLength={500} />
        </label>
        <div className="form-row">
          <label>
            Objection period (days after the notice date)
            <input type="number" min={1} max={365} value={f.objectionDays} onChange={set('objectionDays')} />
          </label>
          <label>
            Or a fixed objection deadline
            <input type="date" value={f.objectionDeadline ?? ''} onChange={set('objectionDeadline')} />
          </label>
        </div>
        <div className="form-actions">
          <button type="submit" className="primary">
            Save notice settings
          </button>
        </div>
      </form>
    </details>
  );
}

/** Check a statement's proof against a published root, as a creditor would. */
export function VerifyForm() {
  const [statement, setStatement] = useState('');
  const [root, setRoot] = useState('');
  const [r, setR] = useState<VerifyView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const check = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setR(null);
    try {
      setR(await send('proof.verify', { statement, root }));
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <details className="card">
      <summary>
        <h2>Check a statement&apos;s proof</h2>
      </summary>
      <p className="muted">
        Creditors can do this offline with the verifier page shipped in <code>assets/verifier/index.html</code>, or with{' '}
        <code>recourse verify-statement</code>.
      </p>
      <form className="form" onSubmit={check}>
        <label>
          Statement proof (JSON from the statement or its QR code)
          <textarea rows={4} value={statement} onChange={(e) => setStatement(e.target.value)} required />
        </label>
        <label>
          Published run root
          <input value={root} onChange={(e) => setRoot(e.target.value)} required pattern="[0-9a-fA-F]{64}" />
        </label>
        <div className="form-actions">
          <button type="submit">Check</button>
        </div>
      </form>
      <FormError error={error} />
      {r ? (
        <p role="status" className={r.ok ? 'ok' : 'bad'}>
          {r.ok ? 'Included' : 'Not included'}: {r.entries.map((e) => `${e.claim} (${e.class}) ${e.included ? '✓' : '✗'}`).join(', ')}
        </p>
      ) : null}
    </details>
  );
}
