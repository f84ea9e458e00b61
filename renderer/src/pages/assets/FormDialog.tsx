import { useState, type FormEvent, type ReactNode } from 'react';
import { Modal } from '../../components/Modal.js';
import { useUi } from '../../store.js';
import { FormError } from '../../components/States.js';

/**
 * A modal form: runs `submit`, shows its error in place (the dialog stays
 * open with what was typed), and on success tells every view to refetch.
 */
export function FormDialog(props: { title: string; submitLabel: string; onClose: () => void; submit: () => Promise<string | void>; children: ReactNode; danger?: boolean }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const done = await props.submit();
      useUi.getState().changed();
      if (done) useUi.getState().toast('success', done);
      props.onClose();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title={props.title} onClose={props.onClose}>
      <form className="form" onSubmit={onSubmit}>
        {props.children}
        <FormError error={error} />
        <div className="form-actions">
          <button type="button" className="ghost" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className={props.danger ? 'danger' : 'primary'} disabled={busy}>
            {props.submitLabel}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** Field state for a form: `bind('name')` gives value and onChange. */
export function useFields<T extends Record<string, string>>(initial: T) {
  const [f, setF] = useState<T>(initial);
  const bind = (k: keyof T) => ({ value: f[k], onChange: (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value })) });
  return { f, setF, bind };
}

/** Only the fields that were filled in, for optional API arguments. */
export function filled<T extends Record<string, string>, K extends keyof T>(f: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) {
    const v = String(f[k]).trim();
    if (v !== '') out[k] = v as T[K];
  }
  return out;
}

export const todayIso = () => new Date().toISOString().slice(0, 10);
