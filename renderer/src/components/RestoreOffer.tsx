/**
 * When a case will not open, offer the way out instead of an error:
 * damaged (case_corrupt) → restore one of its backups; open for writing
 * elsewhere (case_locked + lockedBy) → open it read-only; protected
 * (case_locked + needsPassphrase) → ask for the passphrase.
 * Any view reports a failed open with `offerOpenProblem(path, error)`;
 * <OpenProblemHost/> (mounted once in App) shows the dialog.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { Modal } from './Modal.js';
import { ApiError, isElectron, send } from '../api.js';
import { useUi } from '../store.js';
import { fmtDate } from '../format.js';
import type { BackupEntry } from '../../../src/api/contract/index.js';
import '../styles/reliability.css';
import { FormError } from './States.js';
import { BackupsTable } from './BackupsTable.js';

interface ErrorBody {
  code: string;
  message: string;
  details?: unknown;
}
export interface OpenProblem {
  path: string;
  error: ErrorBody;
}
interface LockedBy {
  user: string;
  pid: number;
  host: string;
  at: string;
}
type Details = { backups?: BackupEntry[]; lockedBy?: LockedBy; needsPassphrase?: boolean; wrongPassphrase?: boolean };

const EVENT = 'recourse:open-problem';

/** Can the dialog help with this error? */
export function isOfferable(err: unknown): err is ApiError {
  return err instanceof ApiError && (err.code === 'case_corrupt' || err.code === 'case_locked');
}

export function offerOpenProblem(path: string, error: ErrorBody): void {
  window.dispatchEvent(new CustomEvent<OpenProblem>(EVENT, { detail: { path, error } }));
}

export function OpenProblemHost() {
  const app = useUi((s) => s.app);
  const [problem, setProblem] = useState<OpenProblem | null>(null);
  const [seen, setSeen] = useState<string | null>(null);
  useEffect(() => {
    const on = (e: Event) => setProblem((e as CustomEvent<OpenProblem>).detail);
    window.addEventListener(EVENT, on);
    return () => window.removeEventListener(EVENT, on);
  }, []);
  // A problem met when the app opened the last case at start.
  const start = app?.openProblem ?? null;
  useEffect(() => {
    const key = start ? `${start.path}|${start.error.code}` : null;
    if (start && key !== seen) {
      setSeen(key);
      setProblem(start);
    }
  }, [start, seen]);
  return problem ? <RestoreOffer problem={problem} onClose={() => setProblem(null)} /> : null;
}

export function RestoreOffer({ problem, onClose }: { problem: OpenProblem; onClose: () => void }) {
  const { setApp, toast, go } = useUi();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const d = (problem.error.details ?? {}) as Details;
  const name = problem.path.split(/[\\/]/).pop() ?? problem.path;

  const act = async (fn: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    try {
      const msg = await fn();
      setApp(await send('app.state', {}));
      toast('success', msg);
      go('dashboard');
      onClose();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (problem.error.code === 'case_locked' && d.needsPassphrase) {
    return <PassphrasePrompt name={name} path={problem.path} wrong={Boolean(d.wrongPassphrase)} busy={busy} error={error} onClose={onClose} act={act} />;
  }
  if (problem.error.code === 'case_locked') {
    const who = d.lockedBy ? `${d.lockedBy.user} on ${d.lockedBy.host}` : 'another window or program';
    return (
      <Modal title="This case is open elsewhere" onClose={onClose}>
        <p>
          <strong>{name}</strong> is open for writing by {who}
          {d.lockedBy?.at ? ` since ${fmtDate(d.lockedBy.at)}` : ''}. Only one place may change a case at a time.
        </p>
        <p className="muted">You can look at it read-only now, or close it there and open it again here.</p>
        <FormError error={error} />
        <div className="form-actions">
          <button type="button" className="ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={busy} onClick={() => void act(async () => `Opened ${(await send('case.open', { path: problem.path, readOnly: true })).name} read-only`)}>
            Open read-only
          </button>
        </div>
      </Modal>
    );
  }
  const backups = d.backups ?? [];
  return (
    <Modal title="This case file is damaged" onClose={onClose}>
      <p>
        <strong>{name}</strong> failed its integrity check, so Recourse did not open it. Nothing has been changed.
      </p>
      <p className="muted problem-text">{problem.error.message}</p>
      {backups.length ? (
        <>
          <p>Restore one of its backups. The damaged file is kept beside them as a “before-restore” copy.</p>
          <BackupsTable
            backups={backups}
            disabled={busy}
            highlightNewest
            onRestore={(b) => void act(async () => `Restored ${(await send('backup.restore', { path: problem.path, backup: b.name })).case.name} from the backup of ${fmtDate(b.at)}`)}
          />
        </>
      ) : (
        <p>No backups were found beside it. Restore a copy you saved elsewhere, or open another case.</p>
      )}
      <FormError error={error} />
      <div className="form-actions">
        <button type="button" className="ghost" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}

function PassphrasePrompt(props: { name: string; path: string; wrong: boolean; busy: boolean; error: string | null; onClose: () => void; act: (fn: () => Promise<string>) => Promise<void> }) {
  const [passphrase, setPassphrase] = useState('');
  const [remember, setRemember] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!passphrase) return;
    void props.act(async () => `Opened ${(await send('case.open', { path: props.path, passphrase, ...(remember ? { remember: true } : {}) })).name}`);
  };
  return (
    <Modal title="Enter the case passphrase" onClose={props.onClose}>
      <form className="form" onSubmit={submit}>
        <p>
          <strong>{props.name}</strong> is encrypted. {props.wrong ? 'That passphrase was not right; try again.' : 'Enter its passphrase to open it.'}
        </p>
        <label>
          Passphrase
          <input type="password" autoFocus autoComplete="current-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
        </label>
        {isElectron() ? (
          <label className="check">
            <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} /> Remember it on this computer (in the system keychain)
          </label>
        ) : null}
        <FormError error={props.error} />
        <div className="form-actions">
          <button type="button" className="ghost" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!passphrase || props.busy}>
            Open case
          </button>
        </div>
      </form>
    </Modal>
  );
}
