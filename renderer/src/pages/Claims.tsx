/**
 * The claims register: a windowed table over keyset pages (fluid at a
 * million claims), filters, search, sortable columns, a column chooser,
 * selection with a bulk status change, and a detail panel per claim.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ClaimCount, ClaimDetail, ClaimFilter, ClaimRow, ClaimSort } from '../../../src/api/contract/index.js';
import type { ClaimStatus } from '../../../src/domain/claims.js';
import { send } from '../api.js';
import { useApi } from '../hooks.js';
import { useUi } from '../store.js';
import { EmptyState, ErrorState, PageHeader } from '../components/States.js';
import { Amount } from '../components/Amount.js';
import { fmtCount } from '../format.js';
import { claimColumns } from './claims/columns.js';
import { FilterBar } from './claims/FilterBar.js';
import { ColumnChooser, useColumnChoice } from './claims/ColumnChooser.js';
import { BulkBar } from './claims/BulkBar.js';
import { DetailPanel } from './claims/DetailPanel.js';
import { VirtualTable } from './claims/VirtualTable.js';
import { useKeysetRows } from './claims/useKeysetRows.js';
import { useClaimsNav } from './claims/nav.js';
import { ImportButton } from './import/index.js';
import '../styles/claims.css';

type Cursor = Array<string | number | null>;

function useLazyCount(filter: ClaimFilter, ready: boolean, version: number) {
  const key = JSON.stringify(filter);
  const [state, setState] = useState<{ key: string; data: ClaimCount | null; error: Error | null }>({ key: '', data: null, error: null });
  useEffect(() => {
    if (!ready) return;
    let stale = false;
    send('claims.count', { filter: JSON.parse(key) as ClaimFilter }).then(
      (data) => !stale && setState({ key, data, error: null }),
      (error: Error) => !stale && setState({ key, data: null, error }),
    );
    return () => {
      stale = true;
    };
  }, [key, ready, version]);
  return state.key === key ? state : { data: null, error: null };
}

export function Claims() {
  const [filter, setFilter] = useState<ClaimFilter>({});
  const [sort, setSort] = useState<{ key: ClaimSort; dir: 'asc' | 'desc' }>({ key: 'ref', dir: 'asc' });
  const [open, setOpen] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const options = useApi('claims.options', {});
  const currency = options.data?.currency ?? 'USD';
  const all = useMemo(() => claimColumns(currency), [currency]);
  const [shown, setShown] = useColumnChoice(all);
  const columns = all.filter((c) => c.fixed || shown.has(c.key));

  // a change made elsewhere starts the list again; one made here patches the rows in place
  const version = useUi((s) => s.version);
  const own = useRef(-1);
  const [listVersion, setListVersion] = useState(version);
  useEffect(() => {
    if (version !== own.current) setListVersion(version);
  }, [version]);
  const markChanged = () => {
    useUi.getState().changed();
    own.current = useUi.getState().version;
  };

  useEffect(() => {
    const link = useClaimsNav.getState().take();
    if (link) {
      if (link.search) setFilter({ search: link.search });
      setOpen(link.ref);
    }
  }, []);

  const fetchPage = useCallback(
    (after: Cursor | undefined, limit: number) =>
      send('claims.list', { filter, sort: sort.key, dir: sort.dir, limit, ...(after ? { after } : {}) }),
    [filter, sort],
  );
  const rows = useKeysetRows<ClaimRow, Cursor>(fetchPage, JSON.stringify({ filter, sort, listVersion }));
  // the count (one pass over an index at worst) waits for the first page, so the rows show first
  const count = useLazyCount(filter, rows.known > 0 || !rows.more, version);

  const onSort = (key: string) => {
    const k = key as ClaimSort;
    setSort((s) => (s.key === k ? { key: k, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key: k, dir: k === 'value' ? 'desc' : 'asc' }));
  };
  const toggle = (r: ClaimRow) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(r.ref)) n.delete(r.ref);
      else n.add(r.ref);
      return n;
    });
  const changed = (d: ClaimDetail) => {
    rows.patch((r) => (r.ref === d.ref ? { ...r, status: d.status, allowed: d.allowed, value: d.value, classCode: d.classCode } : r));
    markChanged();
  };
  const bulkDone = (status: ClaimStatus, refs: string[]) => {
    const set = new Set(refs);
    rows.patch((r) => (set.has(r.ref) ? { ...r, status } : r));
    setSelected(new Set());
    markChanged();
  };

  const c = count.data;
  const subtitle = c ? (
    <>
      {fmtCount(c.count)} {c.count === 1 ? 'claim' : 'claims'}
      {Object.keys(filter).length ? ' match' : ''}
      {c.value !== null ? (
        <>
          {' · value '}
          <Amount value={c.value} asset={c.currency} />
        </>
      ) : null}
    </>
  ) : count.error ? (
    `Could not count the claims: ${count.error.message}`
  ) : (
    'Counting…'
  );
  const empty = !rows.more && rows.known === 0 && !rows.error;

  return (
    <div className="page cl-page">
      <PageHeader
        title="Claims"
        subtitle={subtitle}
        actions={
          <>
            <ImportButton kind="claims" />
            <ColumnChooser columns={all} shown={shown} onSet={setShown} />
          </>
        }
      />
      <FilterBar filter={filter} onChange={setFilter} options={options.data} />
      {selected.size ? <BulkBar refs={[...selected]} onClear={() => setSelected(new Set())} onDone={bulkDone} /> : null}
      <div className={open ? 'cl-body with-panel' : 'cl-body'}>
        <div className="cl-table">
          {rows.error ? <ErrorState error={rows.error} onRetry={rows.retry} /> : null}
          {empty ? (
            <EmptyState title={Object.keys(filter).length ? 'No claims match these filters' : 'No claims in this case yet'}>
              {Object.keys(filter).length
                ? 'Clear a filter or change the search to see more claims.'
                : 'Import the ledger and the filed proofs of claim (CSV or XLSX) to fill the register.'}
            </EmptyState>
          ) : (
            <VirtualTable
              label="Claims"
              columns={columns}
              rows={rows}
              rowKey={(r) => r.ref}
              sort={sort}
              onSort={onSort}
              selected={selected}
              onToggle={toggle}
              activeKey={open}
              onOpen={(r) => setOpen(r.ref)}
            />
          )}
        </div>
        {open ? <DetailPanel claimRef={open} onClose={() => setOpen(null)} onChanged={changed} onOpen={setOpen} /> : null}
      </div>
    </div>
  );
}
