/** The Assets section: the register of seized and recovered assets, the expenses ledger, holdbacks and the estate summary. */
import { useState } from 'react';
import { useApi } from '../hooks.js';
import { ESTATE_KINDS, ESTATE_STATUSES } from '../../../src/api/contract/index.js';
import { Amount } from '../components/Amount.js';
import { EmptyState, ErrorState, Loading, PageHeader } from '../components/States.js';
import { fmtCount, label } from '../format.js';
import { AssetDetail } from './assets/AssetDetail.js';
import { AddAssetDialog } from './assets/AssetDialogs.js';
import { ExpenseDialog, HoldbackDialog, ImportAssetsDialog } from './assets/MoneyDialogs.js';
import { ExpensesPanel, HoldbacksPanel, SummaryPanel } from './assets/EstatePanels.js';
import '../styles/estate.css';

type Tab = 'register' | 'expenses' | 'holdbacks';
type Dialog = 'add' | 'import' | 'expense' | 'holdback' | null;

export function Assets() {
  const summary = useApi('estate.summary', {});
  const [tab, setTab] = useState<Tab>('register');
  const [selected, setSelected] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const s = summary.data;
  const codes = s?.codes.map((c) => c.code) ?? [];
  const caseCurrency = s?.currency ?? 'USD';
  const currencies = [caseCurrency, ...codes.filter((c) => c !== caseCurrency)];
  return (
    <div className="page estate">
      <PageHeader
        title="Assets"
        subtitle="Seized and recovered assets, their sales, the costs of administration and the cash available to distribute"
        actions={
          <>
            <button type="button" onClick={() => setDialog('import')}>
              Import CSV…
            </button>
            <button type="button" onClick={() => setDialog('expense')}>
              Record expense
            </button>
            <button type="button" onClick={() => setDialog('holdback')}>
              Set holdback
            </button>
            <button type="button" className="primary" onClick={() => setDialog('add')}>
              Add asset
            </button>
          </>
        }
      />
      {summary.error ? <ErrorState error={summary.error} onRetry={summary.reload} /> : null}
      {selected ? null : s ? <SummaryPanel s={s} /> : !summary.error ? <Loading what="the estate summary" /> : null}
      {selected ? (
        <AssetDetail assetRef={selected} onBack={() => setSelected(null)} currencies={currencies} />
      ) : (
        <>
          <div className="tabs" role="tablist" aria-label="Estate views">
            {(
              [
                ['register', 'Asset register'],
                ['expenses', 'Expenses'],
                ['holdbacks', 'Holdbacks'],
              ] as const
            ).map(([k, l]) => (
              <button key={k} type="button" role="tab" aria-selected={tab === k} className={tab === k ? 'tab active' : 'tab'} onClick={() => setTab(k)}>
                {l}
              </button>
            ))}
          </div>
          <div role="tabpanel" aria-label={tab}>
            {tab === 'register' ? <Register onOpen={setSelected} onAdd={() => setDialog('add')} caseCurrency={caseCurrency} /> : null}
            {tab === 'expenses' ? <ExpensesPanel onAdd={() => setDialog('expense')} /> : null}
            {tab === 'holdbacks' ? <HoldbacksPanel onAdd={() => setDialog('holdback')} /> : null}
          </div>
        </>
      )}
      {dialog === 'add' ? <AddAssetDialog assets={codes.length ? codes : [caseCurrency]} onClose={() => setDialog(null)} onAdded={setSelected} /> : null}
      {dialog === 'import' ? <ImportAssetsDialog onClose={() => setDialog(null)} /> : null}
      {dialog === 'expense' ? <ExpenseDialog currencies={currencies} caseCurrency={caseCurrency} onClose={() => setDialog(null)} /> : null}
      {dialog === 'holdback' ? <HoldbackDialog currencies={currencies} caseCurrency={caseCurrency} onClose={() => setDialog(null)} /> : null}
    </div>
  );
}

function Register({ onOpen, onAdd, caseCurrency }: { onOpen: (ref: string) => void; onAdd: () => void; caseCurrency: string }) {
  const [f, setF] = useState({ status: '', kind: '', search: '' });
  const q = useApi('estate.assets', {
    ...(f.status ? { status: f.status as (typeof ESTATE_STATUSES)[number] } : {}),
    ...(f.kind ? { kind: f.kind as (typeof ESTATE_KINDS)[number] } : {}),
    ...(f.search ? { search: f.search } : {}),
  });
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const filtering = Boolean(f.status || f.kind || f.search);
  return (
    <section aria-label="Asset register" className="register">
      <div className="filters" role="search">
        <label>
          Status
          <select value={f.status} onChange={set('status')}>
            <option value="">All</option>
            {ESTATE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {label(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Kind
          <select value={f.kind} onChange={set('kind')}>
            <option value="">All</option>
            {ESTATE_KINDS.map((k) => (
              <option key={k} value={k}>
                {label(k)}
              </option>
            ))}
          </select>
        </label>
        <label className="grow">
          Search reference, location, custodian or address
          <input type="search" value={f.search} onChange={set('search')} placeholder="EA-003, Kraken, bc1q…" />
        </label>
      </div>
      {q.error ? <ErrorState error={q.error} onRetry={q.reload} /> : null}
      {!q.data && !q.error ? <Loading what="the asset register" /> : null}
      {q.data && q.data.length === 0 ? (
        filtering ? (
          <EmptyState title="No assets match">Clear a filter to see more of the register.</EmptyState>
        ) : (
          <EmptyState title="No assets registered yet" action={<button type="button" className="primary" onClick={onAdd}>Add an asset</button>}>
            Register the wallets, exchange balances, bank accounts, receivables and claims the estate has traced, or import them from a CSV.
          </EmptyState>
        )
      ) : null}
      {q.data && q.data.length > 0 ? (
        <table className="data assets-table">
          <thead>
            <tr>
              <th scope="col">Ref</th>
              <th scope="col">Kind</th>
              <th scope="col">Asset</th>
              <th scope="col" className="num">Quantity held</th>
              <th scope="col">Status</th>
              <th scope="col">Location</th>
              <th scope="col" className="num">Book value ({caseCurrency})</th>
            </tr>
          </thead>
          <tbody>
            {q.data.map((a) => (
              <tr key={a.ref}>
                <td>
                  <button type="button" className="link ref" onClick={() => onOpen(a.ref)} aria-label={`Open ${a.ref}`}>
                    {a.ref}
                  </button>
                </td>
                <td>{label(a.kind)}</td>
                <td>{a.asset}</td>
                <td className="num">
                  <Amount value={a.held} asset={a.asset} maxDecimals={8} />
                </td>
                <td>
                  <span className={`badge estate-${a.status}`}>{label(a.status)}</span>
                  {a.securedClaims ? <span className="badge subtle" title="Claims secured by this asset">secures {a.securedClaims}</span> : null}
                </td>
                <td className="location">{a.location ?? <span className="muted">—</span>}</td>
                <td className="num">{a.bookValue === null ? <span className="muted" title="No valuation mark yet">no mark</span> : <Amount value={a.bookValue} />}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={7} className="muted">
                {fmtCount(q.data.length)} assets
              </td>
            </tr>
          </tfoot>
        </table>
      ) : null}
    </section>
  );
}
