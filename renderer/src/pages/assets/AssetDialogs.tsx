/** Dialogs of one asset: register, status, sale, mark, write-off, encumbrances, and a reason prompt. */
import { send } from '../../api.js';
import type { EstateAssetDetail, EstateStatusValue } from '../../../../src/api/contract/index.js';
import { ESTATE_KINDS } from '../../../../src/api/contract/index.js';
import { label } from '../../format.js';
import { FormDialog, filled, todayIso, useFields } from './FormDialog.js';

type Close = { onClose: () => void };

export function AddAssetDialog({ onClose, onAdded, assets }: Close & { onAdded: (ref: string) => void; assets: string[] }) {
  const { f, bind } = useFields({ ref: '', kind: 'wallet', asset: assets[0] ?? 'USD', quantity: '', status: 'identified', location: '', custodian: '', chain: '', address: '', notes: '' });
  return (
    <FormDialog
      title="Register an asset"
      submitLabel="Register asset"
      onClose={onClose}
      submit={async () => {
        const d = await send('estate.asset.add', {
          ref: f.ref,
          kind: f.kind as (typeof ESTATE_KINDS)[number],
          asset: f.asset,
          quantity: f.quantity.trim(),
          status: f.status as 'identified',
          ...filled(f, ['location', 'custodian', 'chain', 'address', 'notes']),
        });
        onAdded(d.ref);
        return `Registered ${d.ref}`;
      }}
    >
      <div className="form-row">
        <label>
          Reference
          <input required autoFocus {...bind('ref')} placeholder="EA-013" />
        </label>
        <label>
          Kind
          <select {...bind('kind')}>
            {ESTATE_KINDS.map((k) => (
              <option key={k} value={k}>
                {label(k)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select {...bind('status')}>
            {['identified', 'frozen', 'under_control', 'realizing'].map((s) => (
              <option key={s} value={s}>
                {label(s)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="form-row">
        <label>
          Asset
          <select {...bind('asset')}>
            {assets.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        <label>
          Quantity
          <input required inputMode="decimal" {...bind('quantity')} placeholder="612.5" />
        </label>
      </div>
      <label>
        Location
        <input {...bind('location')} placeholder="Cold wallet, bank account, court…" />
      </label>
      <div className="form-row">
        <label>
          Custodian or bank
          <input {...bind('custodian')} />
        </label>
        <label>
          Chain
          <input {...bind('chain')} placeholder="bitcoin" />
        </label>
        <label>
          Address or account
          <input {...bind('address')} />
        </label>
      </div>
      <label>
        Notes
        <textarea rows={2} {...bind('notes')} />
      </label>
    </FormDialog>
  );
}

export function StatusDialog({ d, onClose }: Close & { d: EstateAssetDetail }) {
  const { f, bind } = useFields({ status: d.nextStatuses[0] ?? '', reason: '' });
  return (
    <FormDialog
      title={`Change the status of ${d.ref}`}
      submitLabel="Change status"
      onClose={onClose}
      submit={async () => {
        await send('estate.asset.status', { ref: d.ref, status: f.status as EstateStatusValue, reason: f.reason });
        return `${d.ref} is now ${label(f.status).toLowerCase()}`;
      }}
    >
      <p className="muted">
        Now <strong>{label(d.status).toLowerCase()}</strong>. Writing off writes off all {d.held} {d.asset} still held.
      </p>
      <label>
        New status
        <select {...bind('status')}>
          {d.nextStatuses.map((s) => (
            <option key={s} value={s}>
              {label(s)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Reason (recorded in the audit log)
        <textarea required rows={2} {...bind('reason')} placeholder="Freezing order of 3 December" />
      </label>
    </FormDialog>
  );
}

export function RealizeDialog({ d, onClose, currencies }: Close & { d: EstateAssetDetail; currencies: string[] }) {
  const { f, bind } = useFields({ quantity: '', proceeds: '', costs: '', currency: d.caseCurrency, date: todayIso(), notes: '' });
  return (
    <FormDialog
      title={`Record a sale of ${d.ref}`}
      submitLabel="Record sale"
      onClose={onClose}
      submit={async () => {
        const r = await send('estate.asset.realize', { ref: d.ref, quantity: f.quantity.trim(), proceeds: f.proceeds.trim(), currency: f.currency, date: f.date, ...filled(f, ['costs', 'notes']) });
        return `Sale recorded: ${r.ref} now holds ${r.held} ${r.asset}`;
      }}
    >
      <p className="muted">
        {d.ref} holds {d.held} {d.asset}
        {d.segregatedHeld !== '0' && !/^0(\.0+)?$/.test(d.segregatedHeld) ? `, of which ${d.segregatedHeld} is held for named creditors and cannot be sold` : ''}.
      </p>
      <div className="form-row">
        <label>
          Quantity sold ({d.asset})
          <input required autoFocus inputMode="decimal" {...bind('quantity')} />
        </label>
        <label>
          Sale date
          <input required type="date" {...bind('date')} />
        </label>
      </div>
      <div className="form-row">
        <label>
          Proceeds
          <input required inputMode="decimal" {...bind('proceeds')} />
        </label>
        <label>
          Costs of the sale
          <input inputMode="decimal" {...bind('costs')} placeholder="0" />
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
        Notes
        <input {...bind('notes')} placeholder="OTC desk, trade ticket 4411" />
      </label>
    </FormDialog>
  );
}

export function MarkDialog({ d, onClose }: Close & { d: EstateAssetDetail }) {
  const { f, bind } = useFields({ how: 'manual', date: todayIso(), price: '', source: '' });
  return (
    <FormDialog
      title={`Add a valuation mark for ${d.ref}`}
      submitLabel="Add mark"
      onClose={onClose}
      submit={async () => {
        await send('estate.valuation.add', f.how === 'table' ? { ref: d.ref, date: f.date, fromPriceTable: true } : { ref: d.ref, date: f.date, price: f.price.trim(), source: f.source });
        return `Mark added for ${d.ref}`;
      }}
    >
      <fieldset className="choice">
        <legend>Source of the mark</legend>
        <label>
          <input type="radio" name="how" value="manual" checked={f.how === 'manual'} onChange={bind('how').onChange} /> Entered by hand
        </label>
        <label>
          <input type="radio" name="how" value="table" checked={f.how === 'table'} onChange={bind('how').onChange} /> From the case price table
        </label>
      </fieldset>
      <div className="form-row">
        <label>
          Date
          <input required type="date" {...bind('date')} />
        </label>
        {f.how === 'manual' ? (
          <label>
            Price ({d.caseCurrency} per {d.asset})
            <input required inputMode="decimal" {...bind('price')} />
          </label>
        ) : null}
      </div>
      {f.how === 'manual' ? (
        <label>
          Source
          <input required {...bind('source')} placeholder="Broker quote, appraisal, court valuation…" />
        </label>
      ) : null}
    </FormDialog>
  );
}

export function WriteOffDialog({ d, onClose }: Close & { d: EstateAssetDetail }) {
  const { f, bind } = useFields({ quantity: '', reason: '' });
  return (
    <FormDialog
      title={`Write off part of ${d.ref}`}
      submitLabel="Write off"
      danger
      onClose={onClose}
      submit={async () => {
        await send('estate.asset.writeOff', { ref: d.ref, reason: f.reason, ...filled(f, ['quantity']) });
        return `Written off from ${d.ref}`;
      }}
    >
      <label>
        Quantity to write off ({d.asset}; leave empty for all {d.held})
        <input inputMode="decimal" {...bind('quantity')} />
      </label>
      <label>
        Reason
        <textarea required rows={2} {...bind('reason')} placeholder="Stolen in the March exploit; no recovery expected" />
      </label>
    </FormDialog>
  );
}

export function SecuredDialog({ d, onClose }: Close & { d: EstateAssetDetail }) {
  const { f, bind } = useFields({ claimRef: '', lien: '1', reason: '' });
  return (
    <FormDialog
      title={`Link a secured claim to ${d.ref}`}
      submitLabel="Link claim"
      onClose={onClose}
      submit={async () => {
        await send('estate.secured.set', { ref: d.ref, claimRef: f.claimRef, lien: Number.parseInt(f.lien, 10), reason: f.reason });
        return `${f.claimRef} is secured by ${d.ref}`;
      }}
    >
      <div className="form-row">
        <label>
          Claim reference
          <input required autoFocus {...bind('claimRef')} placeholder="CL-0000123" />
        </label>
        <label>
          Lien order (1 is paid first)
          <input required type="number" min={1} max={99} {...bind('lien')} />
        </label>
      </div>
      <label>
        Reason
        <textarea required rows={2} {...bind('reason')} placeholder="First charge under the security agreement" />
      </label>
    </FormDialog>
  );
}

export function SegregateDialog({ d, onClose }: Close & { d: EstateAssetDetail }) {
  const { f, bind } = useFields({ creditorRef: '', quantity: '', notes: '', reason: '' });
  return (
    <FormDialog
      title={`Set aside property of a creditor in ${d.ref}`}
      submitLabel="Set aside"
      onClose={onClose}
      submit={async () => {
        await send('estate.segregated.add', { ref: d.ref, creditorRef: f.creditorRef, quantity: f.quantity.trim(), reason: f.reason, ...filled(f, ['notes']) });
        return `Held for ${f.creditorRef}`;
      }}
    >
      <p className="muted">Segregated property is returned to its owner in kind, outside the waterfall; it never enters the general pool.</p>
      <div className="form-row">
        <label>
          Creditor reference
          <input required autoFocus {...bind('creditorRef')} placeholder="CR-0000042" />
        </label>
        <label>
          Quantity ({d.asset})
          <input required inputMode="decimal" {...bind('quantity')} />
        </label>
      </div>
      <label>
        Reason
        <input required {...bind('reason')} placeholder="Held on trust under the custody terms" />
      </label>
      <label>
        Notes
        <input {...bind('notes')} />
      </label>
    </FormDialog>
  );
}

export function ReturnDialog({ id, what, onClose }: Close & { id: number; what: string }) {
  const { f, bind } = useFields({ date: todayIso(), reference: '', reason: '' });
  return (
    <FormDialog
      title={`Return ${what}`}
      submitLabel="Record return"
      onClose={onClose}
      submit={async () => {
        await send('estate.segregated.return', { id, date: f.date, reason: f.reason, ...filled(f, ['reference']) });
        return `Returned ${what}`;
      }}
    >
      <div className="form-row">
        <label>
          Date returned
          <input required type="date" {...bind('date')} />
        </label>
        <label>
          Transfer reference
          <input {...bind('reference')} placeholder="Transaction hash or wire reference" />
        </label>
      </div>
      <label>
        Reason
        <input required {...bind('reason')} placeholder="Returned under the court's order of 12 May" />
      </label>
    </FormDialog>
  );
}

/** A prompt for the reason of an action that needs one (void a sale, release a holdback…). */
export function ReasonDialog({ title, submitLabel, onClose, act, danger }: Close & { title: string; submitLabel: string; act: (reason: string) => Promise<string>; danger?: boolean }) {
  const { f, bind } = useFields({ reason: '' });
  return (
    <FormDialog title={title} submitLabel={submitLabel} onClose={onClose} submit={() => act(f.reason)} danger={danger ?? false}>
      <label>
        Reason
        <textarea required autoFocus rows={2} {...bind('reason')} />
      </label>
    </FormDialog>
  );
}
