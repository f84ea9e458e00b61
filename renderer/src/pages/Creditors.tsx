/** Creditors: a windowed, keyset-paged list by name with search and type/KYC filters, and a panel with a creditor's claims and totals. */
import { useCallback, useState } from 'react';
import type { CreditorFilter, CreditorRow } from '../../../src/api/contract/index.js';
import { CREDITOR_TYPES, KYC_STATES } from '../../../src/domain/claims.js';
import { send } from '../api.js';
import { useApi } from '../hooks.js';
import { useUi } from '../store.js';
import { EmptyState, ErrorState, PageHeader } from '../components/States.js';
import { fmtCount, label } from '../format.js';
import { VirtualTable, type Column } from './claims/VirtualTable.js';
import { useKeysetRows } from './claims/useKeysetRows.js';
import { useDebounced } from './claims/FilterBar.js';
import { CreditorPanel } from './creditors/CreditorPanel.js';
import { ImportButton } from './import/index.js';
import '../styles/claims.css';

const COLUMNS: Column<CreditorRow>[] = [
  { key: 'name', label: 'Name', width: 'minmax(200px, 1fr)', sort: 'name', render: (r) => r.name },
  { key: 'ref', label: 'Reference', width: '120px', render: (r) => <span className="ref">{r.ref}</span> },
  { key: 'type', label: 'Type', width: '110px', render: (r) => label(r.type) },
  {
    key: 'kyc',
    label: 'KYC',
    width: '110px',
    render: (r) => (
      <span className={r.kyc === 'verified' ? 'ok' : r.kyc === 'failed' || r.kyc === 'restricted' ? 'bad' : ''}>{label(r.kyc)}</span>
    ),
  },
  { key: 'jurisdiction', label: 'Jurisdiction', width: '130px', render: (r) => r.jurisdiction ?? <span className="muted">—</span> },
  { key: 'tax', label: 'Tax form', width: '90px', render: (r) => (r.taxForm ? 'On file' : <span className="warn-text">Missing</span>) },
  { key: 'claims', label: 'Claims', width: '80px', align: 'right', render: (r) => r.claims },
];

export function Creditors() {
  const [text, setText] = useState('');
  const search = useDebounced(text.trim());
  const [type, setType] = useState('');
  const [kyc, setKyc] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const filter: CreditorFilter = {
    ...(type ? { type: type as CreditorFilter['type'] } : {}),
    ...(kyc ? { kyc: kyc as CreditorFilter['kyc'] } : {}),
    ...(search ? { search } : {}),
  };
  const key = JSON.stringify(filter);
  const version = useUi((s) => s.version);
  const count = useApi('creditors.count', { filter });
  const fetchPage = useCallback(
    (after: [string, number] | undefined, limit: number) =>
      send('creditors.list', { filter: JSON.parse(key) as CreditorFilter, limit, ...(after ? { after } : {}) }),
    [key],
  );
  const rows = useKeysetRows<CreditorRow, [string, number]>(fetchPage, `${key}|${version}`);
  const empty = !rows.more && rows.known === 0 && !rows.error;
  return (
    <div className="page cl-page">
      <PageHeader
        title="Creditors"
        subtitle={count.data ? `${fmtCount(count.data.count)} creditors${Object.keys(filter).length ? ' match' : ''}` : 'Counting…'}
        actions={<ImportButton kind="creditors" />}
      />
      <div className="filters" role="search" aria-label="Filter creditors">
        <label className="grow">
          Search name or reference
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="A name in any script, or CR-…" />
        </label>
        <label>
          Type
          <select value={type} onChange={(e) => setType(e.target.value)}>
            <option value="">All</option>
            {CREDITOR_TYPES.map((t) => (
              <option key={t} value={t}>
                {label(t)}
              </option>
            ))}
          </select>
        </label>
        <label>
          KYC
          <select value={kyc} onChange={(e) => setKyc(e.target.value)}>
            <option value="">All</option>
            {KYC_STATES.map((t) => (
              <option key={t} value={t}>
                {label(t)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className={open ? 'cl-body with-panel' : 'cl-body'}>
        <div className="cl-table">
          {rows.error ? <ErrorState error={rows.error} onRetry={rows.retry} /> : null}
          {empty ? (
            <EmptyState title={Object.keys(filter).length ? 'No creditors match' : 'No creditors yet'}>
              {Object.keys(filter).length
                ? 'Change the search or clear a filter.'
                : 'Import creditors or claims (CSV or XLSX) to fill the list.'}
            </EmptyState>
          ) : (
            <VirtualTable
              label="Creditors"
              columns={COLUMNS}
              rows={rows}
              rowKey={(r) => r.ref}
              sort={{ key: 'name', dir: 'asc' }}
              activeKey={open}
              onOpen={(r) => setOpen(r.ref)}
            />
          )}
        </div>
        {open ? <CreditorPanel creditorRef={open} onClose={() => setOpen(null)} /> : null}
      </div>
    </div>
  );
}
