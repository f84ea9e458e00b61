/** One asset: its facts and unit ledger, valuation history, sales, encumbrances, documents and history. */
import { useState } from 'react';
import { send } from '../../api.js';
import { useApi } from '../../hooks.js';
import { Amount } from '../../components/Amount.js';
import { ErrorState, Loading } from '../../components/States.js';
import { LineChart } from '../../components/LineChart.js';
import { fmtDate, groupDecimal, label } from '../../format.js';
import { Documents, Sales } from './AssetSections.js';
import { EditAssetDialog } from './EditAssetDialog.js';
import { MarkDialog, RealizeDialog, ReasonDialog, ReturnDialog, SecuredDialog, SegregateDialog, StatusDialog, WriteOffDialog } from './AssetDialogs.js';

type DialogKey = 'status' | 'realize' | 'mark' | 'writeOff' | 'secured' | 'segregate' | 'edit' | null;

const isZero = (t: string) => /^-?0(\.0+)?$/.test(t);

export function AssetDetail({ assetRef, onBack, currencies }: { assetRef: string; onBack: () => void; currencies: string[] }) {
  const q = useApi('estate.asset', { ref: assetRef });
  const [dialog, setDialog] = useState<DialogKey>(null);
  const [voidSale, setVoidSale] = useState<number | null>(null);
  const [unsecure, setUnsecure] = useState<string | null>(null);
  const [ret, setRet] = useState<{ id: number; what: string } | null>(null);
  const [unmark, setUnmark] = useState<number | null>(null);
  if (q.error) return <ErrorState error={q.error} onRetry={q.reload} />;
  if (!q.data) return <Loading what={`asset ${assetRef}`} />;
  const d = q.data;
  const open = d.status !== 'realized' && d.status !== 'written_off';
  const canSell = d.status === 'under_control' || d.status === 'realizing';
  return (
    <div className="asset-detail">
      <div className="detail-head">
        <button type="button" className="ghost" onClick={onBack}>
          ← All assets
        </button>
        <h2>
          {d.ref} <span className={`badge estate-${d.status}`}>{label(d.status)}</span>
        </h2>
        <div className="actions">
          <button type="button" onClick={() => setDialog('status')} disabled={d.nextStatuses.length === 0}>
            Change status
          </button>
          <button type="button" className="primary" onClick={() => setDialog('realize')} disabled={!canSell} title={canSell ? undefined : 'A sale is recorded once the estate controls the asset'}>
            Record sale
          </button>
          <button type="button" onClick={() => setDialog('mark')}>
            Add mark
          </button>
          <button type="button" onClick={() => setDialog('edit')}>
            Edit
          </button>
          <button type="button" className="danger" onClick={() => setDialog('writeOff')} disabled={!open || isZero(d.held)}>
            Write off
          </button>
        </div>
      </div>
      <div className="two-col">
        <section className="card" aria-label="Asset facts">
          <dl className="facts">
            <dt>Kind</dt>
            <dd>{label(d.kind)}</dd>
            <dt>Held</dt>
            <dd>
              <Amount value={d.held} asset={d.asset} />
            </dd>
            <dt>Book value</dt>
            <dd>{d.bookValue === null ? <span className="muted">No mark yet: add one</span> : <Amount value={d.bookValue} asset={d.caseCurrency} />}</dd>
            <dt>Latest mark</dt>
            <dd>{d.mark ? `${groupDecimal(d.mark.price)} ${d.caseCurrency} per ${d.asset}, ${d.mark.date} (${d.mark.source})` : '—'}</dd>
            <dt>Petition-date mark</dt>
            <dd>{d.petitionMark ? `${groupDecimal(d.petitionMark.price)} ${d.caseCurrency} per ${d.asset} (${d.petitionMark.date})` : <span className="muted">None on or before {d.petitionDate}</span>}</dd>
            <dt>Location</dt>
            <dd>{d.location ?? '—'}</dd>
            <dt>Custodian</dt>
            <dd>{d.custodian ?? '—'}</dd>
            <dt>Chain / address</dt>
            <dd className="ref">{[d.chain, d.address].filter(Boolean).join(' · ') || '—'}</dd>
            <dt>Notes</dt>
            <dd>{d.notes ?? '—'}</dd>
          </dl>
        </section>
        <section className="card" aria-label="Unit ledger">
          <h3>Where every unit is</h3>
          <table className="data">
            <tbody>
              {(
                [
                  ['Registered', d.ledger.registered],
                  ['Held', d.ledger.held],
                  ['Realized', d.ledger.realized],
                  ['Returned to owners', d.ledger.returned],
                  ['Written off', d.ledger.writtenOff],
                  ['Of the held: for named creditors', d.ledger.segregatedHeld],
                ] as const
              ).map(([k, v]) => (
                <tr key={k}>
                  <th scope="row">{k}</th>
                  <td className="num">
                    <Amount value={v} asset={d.asset} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className={d.ledger.balanced ? 'ok small' : 'bad small'}>{d.ledger.balanced ? 'Balances: registered = held + realized + returned + written off' : 'Does not balance'}</p>
        </section>
      </div>
      <section className="card" aria-label="Valuation history">
        <h3>Valuation history</h3>
        {d.marks.length ? (
          <>
            <LineChart
              title={`Marks of ${d.asset} for ${d.ref}`}
              unit={`${d.caseCurrency} per ${d.asset}`}
              points={d.marks.map((m) => ({ date: m.date, value: m.price, note: m.source, hollow: m.origin === 'price_list' }))}
            />
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Origin</th>
                  <th scope="col">Source</th>
                  <th scope="col" className="num">Mark ({d.caseCurrency})</th>
                  <th scope="col" className="num">Value of units held</th>
                  <th scope="col" aria-label="Actions" />
                </tr>
              </thead>
              <tbody>
                {d.marks.map((m, i) => (
                  <tr key={`${m.date}-${m.origin}-${i}`}>
                    <td>{m.date}</td>
                    <td>{m.origin === 'price_list' ? 'Price table' : m.origin === 'price_table' ? 'Price table (kept as mark)' : m.origin === 'par' ? 'Par' : 'By hand'}</td>
                    <td>{m.source}</td>
                    <td className="num">
                      <Amount value={m.price} />
                    </td>
                    <td className="num">
                      <Amount value={m.value} asset={d.caseCurrency} />
                    </td>
                    <td>
                      {m.id !== null ? (
                        <button type="button" className="small ghost" onClick={() => setUnmark(m.id)} aria-label={`Remove the mark of ${m.date}`}>
                          Remove
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : (
          <p className="muted">No price for {d.asset} yet. Add a mark by hand with its source, or import prices.</p>
        )}
      </section>
      <Sales d={d} onVoid={setVoidSale} />
      <section className="card" aria-label="Encumbrances">
        <div className="section-head">
          <h3>Encumbrances</h3>
          <div className="actions">
            <button type="button" className="small" onClick={() => setDialog('secured')}>
              Link secured claim
            </button>
            <button type="button" className="small" onClick={() => setDialog('segregate')} disabled={!open}>
              Set aside for a creditor
            </button>
          </div>
        </div>
        {d.secured.length === 0 && d.segregated.length === 0 ? <p className="muted">No secured claims and no segregated property.</p> : null}
        {d.secured.length ? (
          <table className="data">
            <caption className="muted">Secured claims, paid from this asset’s proceeds in lien order</caption>
            <thead>
              <tr>
                <th scope="col">Lien</th>
                <th scope="col">Claim</th>
                <th scope="col">Creditor</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">Value ({d.caseCurrency})</th>
                <th scope="col" aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {d.secured.map((c) => (
                <tr key={c.claimRef}>
                  <td className="num">{c.lien}</td>
                  <td className="ref">{c.claimRef}</td>
                  <td>{c.creditorName}</td>
                  <td>{label(c.status)}</td>
                  <td className="num">
                    <Amount value={c.value} />
                  </td>
                  <td>
                    <button type="button" className="small ghost" onClick={() => setUnsecure(c.claimRef)}>
                      Unlink
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {d.segregated.length ? (
          <table className="data">
            <caption className="muted">Segregated property, returned in kind outside the waterfall</caption>
            <thead>
              <tr>
                <th scope="col">Creditor</th>
                <th scope="col" className="num">Quantity</th>
                <th scope="col">Status</th>
                <th scope="col">Notes</th>
                <th scope="col" aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {d.segregated.map((s) => (
                <tr key={s.id}>
                  <td>
                    <span className="ref">{s.creditorRef}</span> {s.creditorName}
                  </td>
                  <td className="num">
                    <Amount value={s.quantity} asset={d.asset} />
                  </td>
                  <td>{s.status === 'returned' ? `Returned ${s.returnedOn}${s.returnReference ? ` (${s.returnReference})` : ''}` : 'Held'}</td>
                  <td>{s.notes ?? '—'}</td>
                  <td>
                    {s.status === 'held' ? (
                      <button type="button" className="small" onClick={() => setRet({ id: s.id, what: `${s.quantity} ${d.asset} to ${s.creditorName}` })}>
                        Return
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <Documents d={d} />
      <section className="card" aria-label="Asset history">
        <h3>History</h3>
        <ol className="history">
          {d.history.map((h) => (
            <li key={h.id}>
              <span className="muted nowrap">{fmtDate(h.at)}</span> <strong>{h.actor}</strong> <code>{h.action}</code>
              {h.reason ? <span> — {h.reason}</span> : null}
            </li>
          ))}
        </ol>
      </section>
      {dialog === 'edit' ? <EditAssetDialog d={d} onClose={() => setDialog(null)} /> : null}
      {dialog === 'status' ? <StatusDialog d={d} onClose={() => setDialog(null)} /> : null}
      {dialog === 'realize' ? <RealizeDialog d={d} currencies={currencies} onClose={() => setDialog(null)} /> : null}
      {dialog === 'mark' ? <MarkDialog d={d} onClose={() => setDialog(null)} /> : null}
      {dialog === 'writeOff' ? <WriteOffDialog d={d} onClose={() => setDialog(null)} /> : null}
      {dialog === 'secured' ? <SecuredDialog d={d} onClose={() => setDialog(null)} /> : null}
      {dialog === 'segregate' ? <SegregateDialog d={d} onClose={() => setDialog(null)} /> : null}
      {ret ? <ReturnDialog id={ret.id} what={ret.what} onClose={() => setRet(null)} /> : null}
      {voidSale !== null ? (
        <ReasonDialog
          title={`Void sale ${voidSale}`}
          submitLabel="Void sale"
          danger
          onClose={() => setVoidSale(null)}
          act={async (reason) => {
            await send('estate.realization.void', { id: voidSale, reason });
            return `Sale ${voidSale} is void`;
          }}
        />
      ) : null}
      {unmark !== null ? (
        <ReasonDialog
          title="Remove a valuation mark"
          submitLabel="Remove mark"
          danger
          onClose={() => setUnmark(null)}
          act={async (reason) => {
            await send('estate.valuation.remove', { id: unmark, reason });
            return 'Mark removed';
          }}
        />
      ) : null}
      {unsecure ? (
        <ReasonDialog
          title={`Unlink ${unsecure} from ${d.ref}`}
          submitLabel="Unlink"
          onClose={() => setUnsecure(null)}
          act={async (reason) => {
            await send('estate.secured.remove', { claimRef: unsecure, reason });
            return `${unsecure} names no collateral now`;
          }}
        />
      ) : null}
    </div>
  );
}
