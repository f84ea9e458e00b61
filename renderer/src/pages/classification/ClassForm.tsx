/** Add or edit one class of the ladder (kept in the draft until the ladder is saved). */
import { useState, type FormEvent } from 'react';
import { Modal } from '../../components/Modal.js';
import type { ClassView, Treatment } from '../../../../src/api/contract/classes.js';
import { FormError } from '../../components/States.js';

const DECIMAL = /^\d+(\.\d+)?$/;

export function ClassForm(props: {
  initial: ClassView | null;
  codes: string[];
  assets: string[];
  currency: string;
  onClose: () => void;
  onDone: (c: ClassView) => void;
}) {
  const i = props.initial;
  const [f, setF] = useState({
    code: i?.code ?? '',
    name: i?.name ?? '',
    treatment: (i?.treatment ?? 'pro_rata') as Treatment,
    pct: i?.pct ?? '',
    cap: i?.cap ?? '',
    secured: i?.secured ?? false,
    deficiencyClass: i?.deficiencyClass ?? '',
    portionCap: i?.portionCap ?? '',
    overflowClass: i?.overflowClass ?? '',
    interestBearing: i?.interestBearing ?? false,
    inKindAsset: i?.inKindAsset ?? '',
  });
  const [error, setError] = useState<string | null>(null);
  const set = <K extends keyof typeof f>(k: K, v: (typeof f)[K]) => setF({ ...f, [k]: v });
  const others = props.codes.filter((c) => c !== i?.code);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const code = f.code.trim().toUpperCase();
    const problems: string[] = [];
    if (!/^[A-Z][A-Z0-9_]{0,23}$/.test(code)) problems.push('The code is capital letters, digits or _, starting with a letter (GUC, PRIO_WAGE)');
    if (!i && props.codes.includes(code)) problems.push(`There is already a class ${code}`);
    if (!f.name.trim()) problems.push('Give the class a name');
    for (const [k, v] of [
      ['percentage', f.treatment === 'fixed_pct' ? f.pct : ''],
      ['cap', f.cap],
      ['portion cap', f.portionCap],
    ] as const) {
      if (v.trim() && !DECIMAL.test(v.trim())) problems.push(`The ${k} is a decimal number written with a point (1234.56)`);
    }
    if (f.treatment === 'fixed_pct' && !f.pct.trim()) problems.push('A fixed-percentage class needs its percentage, as a fraction (0.5 for 50%)');
    if (!!f.portionCap.trim() !== !!f.overflowClass) problems.push('A portion cap and an overflow class go together');
    if (problems.length) return setError(problems.join('. '));
    props.onDone({
      code,
      name: f.name.trim(),
      rank: i?.rank ?? 0,
      position: i?.position ?? 0,
      treatment: f.treatment,
      pct: f.treatment === 'fixed_pct' ? f.pct.trim() : null,
      cap: f.treatment !== 'residual' && f.cap.trim() ? f.cap.trim() : null,
      secured: f.secured,
      deficiencyClass: f.secured && f.deficiencyClass ? f.deficiencyClass : null,
      portionCap: f.portionCap.trim() || null,
      overflowClass: f.portionCap.trim() ? f.overflowClass || null : null,
      interestBearing: f.interestBearing,
      inKindAsset: f.inKindAsset || null,
    });
  };

  return (
    <Modal
      title={i ? `Edit class ${i.code}` : 'Add a class'}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" form="class-form" className="primary">
            {i ? 'Apply to draft' : 'Add to draft'}
          </button>
        </>
      }
    >
      <form id="class-form" className="form" onSubmit={submit}>
        <div className="form-row">
          <label>
            Code
            <input value={f.code} onChange={(e) => set('code', e.target.value)} disabled={!!i} required maxLength={24} placeholder="GUC" />
          </label>
          <label>
            Name
            <input value={f.name} onChange={(e) => set('name', e.target.value)} required maxLength={200} placeholder="General unsecured claims" />
          </label>
        </div>
        <div className="form-row">
          <label>
            Treatment
            <select value={f.treatment} onChange={(e) => set('treatment', e.target.value as Treatment)}>
              <option value="pro_rata">Pro rata</option>
              <option value="fixed_pct">Fixed % (convenience)</option>
              <option value="residual">Residual (equity)</option>
            </select>
          </label>
          {f.treatment === 'fixed_pct' ? (
            <label>
              Percentage (fraction of value)
              <input value={f.pct} onChange={(e) => set('pct', e.target.value)} inputMode="decimal" placeholder="0.5" />
            </label>
          ) : null}
          {f.treatment !== 'residual' ? (
            <label>
              Cap per claim ({props.currency}, optional)
              <input value={f.cap} onChange={(e) => set('cap', e.target.value)} inputMode="decimal" placeholder="1000.00" />
            </label>
          ) : null}
        </div>
        {f.treatment !== 'residual' ? (
          <>
            <div className="form-row">
              <label className="check">
                <input type="checkbox" checked={f.secured} onChange={(e) => set('secured', e.target.checked)} /> Secured (paid from its collateral)
              </label>
              {f.secured ? (
                <label>
                  Deficiency goes to
                  <select value={f.deficiencyClass} onChange={(e) => set('deficiencyClass', e.target.value)}>
                    <option value="">GUC (default)</option>
                    {others.map((c) => (
                      <option key={c}>{c}</option>
                    ))}
                  </select>
                </label>
              ) : null}
            </div>
            <div className="form-row">
              <label>
                Portion cap ({props.currency}, optional)
                <input value={f.portionCap} onChange={(e) => set('portionCap', e.target.value)} inputMode="decimal" placeholder="17150.00" />
              </label>
              <label>
                The rest goes to
                <select value={f.overflowClass} onChange={(e) => set('overflowClass', e.target.value)}>
                  <option value="">—</option>
                  {others.map((c) => (
                    <option key={c}>{c}</option>
                  ))}
                </select>
              </label>
            </div>
            <div className="form-row">
              <label className="check">
                <input type="checkbox" checked={f.interestBearing} onChange={(e) => set('interestBearing', e.target.checked)} /> Interest-bearing (post-petition interest from a surplus)
              </label>
              <label>
                Paid in kind in
                <select value={f.inKindAsset} onChange={(e) => set('inKindAsset', e.target.value)}>
                  <option value="">{props.currency} (cash)</option>
                  {props.assets.map((a) => (
                    <option key={a}>{a}</option>
                  ))}
                </select>
              </label>
            </div>
          </>
        ) : (
          <p className="muted">The residual class takes what is left after every rank, pro rata to value: no cap, split, security or interest. It ranks last, alone.</p>
        )}
        <FormError error={error} />
      </form>
    </Modal>
  );
}
