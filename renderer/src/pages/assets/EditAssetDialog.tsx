import { send } from '../../api.js';
import type { EstateAssetDetail } from '../../../../src/api/contract/index.js';
import { ESTATE_KINDS } from '../../../../src/api/contract/index.js';
import { label } from '../../format.js';
import { FormDialog, useFields } from './FormDialog.js';

/** Edit an asset's details; a corrected quantity needs a reason (it moves the registered total with it). */
export function EditAssetDialog({ d, onClose }: { d: EstateAssetDetail; onClose: () => void }) {
  const { f, bind } = useFields({
    kind: d.kind,
    location: d.location ?? '',
    custodian: d.custodian ?? '',
    chain: d.chain ?? '',
    address: d.address ?? '',
    notes: d.notes ?? '',
    quantity: d.held,
    reason: '',
  });
  const quantityChanged = f.quantity.trim() !== d.held;
  const open = d.status !== 'realized' && d.status !== 'written_off';
  return (
    <FormDialog
      title={`Edit ${d.ref}`}
      submitLabel="Save changes"
      onClose={onClose}
      submit={async () => {
        await send('estate.asset.update', {
          ref: d.ref,
          kind: f.kind as (typeof ESTATE_KINDS)[number],
          location: f.location,
          custodian: f.custodian,
          chain: f.chain,
          address: f.address,
          notes: f.notes,
          ...(quantityChanged ? { quantity: f.quantity.trim() } : {}),
          ...(f.reason.trim() ? { reason: f.reason.trim() } : {}),
        });
        return `${d.ref} updated`;
      }}
    >
      <div className="form-row">
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
          Quantity held ({d.asset})
          <input inputMode="decimal" disabled={!open} {...bind('quantity')} />
        </label>
      </div>
      <label>
        Location
        <input {...bind('location')} />
      </label>
      <div className="form-row">
        <label>
          Custodian or bank
          <input {...bind('custodian')} />
        </label>
        <label>
          Chain
          <input {...bind('chain')} />
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
      <label>
        Reason {quantityChanged ? '(required for a quantity correction)' : '(optional)'}
        <input required={quantityChanged} {...bind('reason')} placeholder="A second UTXO was traced to the same key" />
      </label>
    </FormDialog>
  );
}
