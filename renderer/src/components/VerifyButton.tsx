/** Audit log header: check the whole case (integrity, references, hash chain, finalized runs) and show what does not match. */
import { useState } from 'react';
import { send } from '../api.js';
import { Modal } from './Modal.js';
import type { VerifyReport } from '../../../src/api/contract/index.js';
import '../styles/reliability.css';

export function VerifyButton() {
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const verify = async () => {
    setBusy(true);
    setError(null);
    try {
      setReport(await send('case.verify', {}));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" onClick={() => void verify()} disabled={busy}>
        {busy ? 'Verifying…' : 'Verify case'}
      </button>
      {report || error ? (
        <Modal title={report ? (report.ok ? 'The case verifies' : 'The case does not verify') : 'Could not verify'} onClose={() => (setReport(null), setError(null))}>
          {error ? <p className="form-error">{error}</p> : null}
          {report ? (
            <ul className="verify-list" aria-label="Checks">
              {report.checks.map((c) => (
                <li key={c.key}>
                  <span className={`mark ${c.skipped ? 'muted' : c.ok ? 'ok' : 'bad'}`}>{c.skipped ? 'Skipped' : c.ok ? 'OK' : 'FAILED'}</span> {c.label}
                  {c.note ? <span className="muted"> ({c.note})</span> : null}
                  {c.problems.length ? (
                    <ul>
                      {c.problems.slice(0, 20).map((p, i) => (
                        <li key={i}>{p}</li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
          {report && !report.ok ? <p>Restore a backup from Settings → Backups, and keep this file for investigation.</p> : null}
        </Modal>
      ) : null}
    </>
  );
}
