/** Sections of the asset page: its sales with gain or loss, and its evidence documents. */
import { useState, type ChangeEvent } from 'react';
import { send } from '../../api.js';
import { useUi } from '../../store.js';
import type { EstateAssetDetail } from '../../../../src/api/contract/index.js';
import { Amount } from '../../components/Amount.js';
import { fmtDate } from '../../format.js';
import { FormError } from '../../components/States.js';

export function Sales({ d, onVoid }: { d: EstateAssetDetail; onVoid: (id: number) => void }) {
  return (
    <section className="card" aria-label="Sales">
      <h3>Sales and conversions</h3>
      {d.realizations.length === 0 ? (
        <p className="muted">Nothing sold yet. Record a sale once the estate controls the asset.</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Sale</th>
              <th scope="col">Date</th>
              <th scope="col" className="num">Quantity</th>
              <th scope="col" className="num">Proceeds</th>
              <th scope="col" className="num">Costs</th>
              <th scope="col" className="num">Petition-date value</th>
              <th scope="col" className="num">Gain / loss ({d.caseCurrency})</th>
              <th scope="col" aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {d.realizations.map((r) => (
              <tr key={r.id} className={r.voided ? 'voided' : ''}>
                <td className="ref">{r.id}</td>
                <td className="nowrap">{r.date}</td>
                <td className="num">
                  <Amount value={r.quantity} asset={d.asset} />
                </td>
                <td className="num">
                  <Amount value={r.proceeds} asset={r.currency} />
                </td>
                <td className="num">
                  <Amount value={r.costs} asset={r.currency} />
                </td>
                <td className="num">{r.petitionValue === null ? <span className="muted">no mark</span> : <Amount value={r.petitionValue} />}</td>
                <td className={`num ${r.gainLoss?.startsWith('-') ? 'bad' : 'ok'}`}>{r.gainLoss === null ? <span className="muted">—</span> : <Amount value={r.gainLoss} />}</td>
                <td>
                  {r.voided ? (
                    <span className="muted">Void: {r.voided.reason}</span>
                  ) : (
                    <button type="button" className="small ghost" onClick={() => onVoid(r.id)} aria-label={`Void sale ${r.id}`}>
                      Void
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function Documents({ d }: { d: EstateAssetDetail }) {
  const [error, setError] = useState<string | null>(null);
  const upload = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setError(null);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      let bin = '';
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      await send('estate.document.add', { ref: d.ref, name: file.name, contentBase64: btoa(bin) });
      useUi.getState().changed();
      useUi.getState().toast('success', `Attached ${file.name}`);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const download = async (id: number) => {
    const doc = await send('estate.document.get', { id });
    const bin = atob(doc.contentBase64);
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes]));
    const a = document.createElement('a');
    a.href = url;
    a.download = doc.name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <section className="card" aria-label="Evidence documents">
      <div className="section-head">
        <h3>Evidence documents</h3>
        <label className="button-like small">
          Attach document…
          <input type="file" className="visually-hidden" onChange={upload} aria-label="Attach an evidence document" />
        </label>
      </div>
      <FormError error={error} />
      {d.documents.length === 0 ? (
        <p className="muted">No documents. Attach the freezing order, custody statements or the sale confirmation.</p>
      ) : (
        <ul className="documents">
          {d.documents.map((doc) => (
            <li key={doc.id}>
              <button type="button" className="link" onClick={() => void download(doc.id)}>
                {doc.name}
              </button>{' '}
              <span className="muted">
                {doc.size < 1024 ? `${doc.size} bytes` : `${(doc.size / 1024).toFixed(1)} KB`} · added by {doc.addedBy} {fmtDate(doc.addedAt)} · sha256 {doc.sha256.slice(0, 12)}…
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
