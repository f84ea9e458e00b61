/** Settings: the open case's backups (restore, back up now) and its passphrase. */
import { useState, type FormEvent } from 'react';
import { useApi } from '../hooks.js';
import { send } from '../api.js';
import { useUi } from '../store.js';
import { fmtDate } from '../format.js';
import { Modal } from './Modal.js';
import { EmptyState, ErrorState, Loading, FormError } from './States.js';
import { BackupsTable } from './BackupsTable.js';
import type { BackupEntry } from '../../../src/api/contract/index.js';
import '../styles/reliability.css';

export function BackupsCard() {
  const { app, setApp, toast, changed } = useUi();
  const c = app?.case;
  const list = useApi('backup.list', {}, Boolean(c));
  const schedule = useApi('backup.schedule', {});
  const [confirm, setConfirm] = useState<BackupEntry | null>(null);
  const [busy, setBusy] = useState(false);
  if (!c) return null;
  const run = async (fn: () => Promise<string>) => {
    setBusy(true);
    try {
      toast('success', await fn());
      setApp(await send('app.state', {}));
      changed();
      list.reload();
    } catch (e) {
      toast('error', (e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const minutes = schedule.data?.minutes;
  return (
    <section className="card" aria-labelledby="backups-h">
      <h2 id="backups-h">Backups</h2>
      <p className="muted">
        Recourse backs the case up before every import, run finalization and upgrade
        {minutes ? `, and every ${minutes} minutes while it is open and changing` : ''}. Each backup is checked after it is written. They are kept beside the
        case file, in <code>{c.path}.backups</code>: the newest 10 and one a day for 30 days.
      </p>
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
      {!list.data && !list.error ? <Loading what="backups" /> : null}
      {list.data && list.data.length === 0 ? <EmptyState title="No backups yet">Take one now with “Back up now”; the next import or finalization also makes one.</EmptyState> : null}
      {list.data && list.data.length > 0 ? (
        <BackupsTable backups={list.data} disabled={busy || c.readOnly} onRestore={setConfirm} />
      ) : null}
      <div className="card-actions">
        <button type="button" disabled={busy} onClick={() => void run(async () => `Backed up to ${(await send('backup.create', {})).name} (checked)`)}>
          Back up now
        </button>
      </div>
      {confirm ? (
        <Modal title="Restore this backup?" onClose={() => setConfirm(null)}>
          <p>
            The case goes back to how it was on <strong>{fmtDate(confirm.at)}</strong> ({confirm.reason}). Changes made since then are not in that backup. The file as
            it is now is kept as a “before-restore” backup, so you can go back.
          </p>
          <div className="form-actions">
            <button type="button" className="ghost" onClick={() => setConfirm(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="danger"
              disabled={busy}
              onClick={() => {
                const b = confirm;
                setConfirm(null);
                void run(async () => `Restored the backup of ${fmtDate((await send('backup.restore', { backup: b.name })).restored.at)}`);
              }}
            >
              Restore
            </button>
          </div>
        </Modal>
      ) : null}
    </section>
  );
}

export function PassphraseCard() {
  const { app, setApp, toast } = useUi();
  const c = app?.case;
  const [f, setF] = useState({ current: '', next: '', again: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!c) return null;
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const change = async (next: string | null) => {
    setError(null);
    if (next !== null && next !== f.again) return setError('The two new passphrases differ');
    setBusy(true);
    try {
      const r = await send('case.setPassphrase', { next, ...(c.encrypted ? { current: f.current } : {}) });
      setApp(await send('app.state', {}));
      setF({ current: '', next: '', again: '' });
      toast('success', next === null ? 'The passphrase is removed; the case is stored unencrypted.' : `The case is encrypted with the new passphrase (${r.backupsRekeyed} backups follow it).`);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void change(f.next);
  };
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="pass-h">
      <h2 id="pass-h">Passphrase</h2>
      <p className="muted">
        {c.encrypted
          ? 'This case is encrypted at rest: without its passphrase the file and its backups cannot be read. Keep the passphrase safe; it cannot be recovered.'
          : 'Protect this case with a passphrase: the file, its WAL and its backups are then encrypted (SQLCipher-compatible). The passphrase cannot be recovered if lost.'}
      </p>
      {c.encrypted ? (
        <label>
          Current passphrase
          <input type="password" autoComplete="current-password" value={f.current} onChange={set('current')} />
        </label>
      ) : null}
      <div className="form-row">
        <label>
          New passphrase (at least 8 characters)
          <input type="password" autoComplete="new-password" value={f.next} onChange={set('next')} minLength={8} />
        </label>
        <label>
          New passphrase again
          <input type="password" autoComplete="new-password" value={f.again} onChange={set('again')} />
        </label>
      </div>
      <FormError error={error} />
      <div className="form-actions">
        {c.encrypted ? (
          <button type="button" className="ghost" disabled={busy || c.readOnly || !f.current} onClick={() => void change(null)}>
            Remove passphrase
          </button>
        ) : null}
        <button type="submit" className="primary" disabled={busy || c.readOnly || f.next.length < 8 || (c.encrypted && !f.current)}>
          {c.encrypted ? 'Change passphrase' : 'Encrypt with this passphrase'}
        </button>
      </div>
    </form>
  );
}
