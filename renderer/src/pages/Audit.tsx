import { useState } from 'react';
import { useApi } from '../hooks.js';
import { EmptyState, ErrorState, Loading, PageHeader } from '../components/States.js';
import { fmtCount, fmtDate } from '../format.js';
import { VerifyButton } from '../components/VerifyButton.js';

export function AuditLog() {
  const [filters, setFilters] = useState({ entity: '', action: '', actor: '', search: '' });
  const [pages, setPages] = useState<number[]>([]);
  const beforeId = pages[pages.length - 1];
  const args = {
    limit: 50,
    ...(filters.entity ? { entity: filters.entity } : {}),
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.actor ? { actor: filters.actor } : {}),
    ...(filters.search ? { search: filters.search } : {}),
    ...(beforeId ? { beforeId } : {}),
  };
  const q = useApi('audit.list', args);
  const verify = useApi('audit.verify', {});
  const set = (k: keyof typeof filters) => (e: { target: { value: string } }) => {
    setPages([]);
    setFilters({ ...filters, [k]: e.target.value });
  };
  const d = q.data;
  return (
    <div className="page">
      <PageHeader
        title="Audit log"
        actions={<VerifyButton />}
        subtitle={
          verify.data ? (
            verify.data.ok ? (
              <span className="ok">Hash chain intact · {fmtCount(verify.data.entries)} entries</span>
            ) : (
              <span className="bad">Hash chain broken at entry {verify.data.brokenAt?.id}: {verify.data.brokenAt?.problem}</span>
            )
          ) : (
            'Every change: who, when, what and why'
          )
        }
      />
      <div className="filters" role="search">
        <label>
          Entity
          <select value={filters.entity} onChange={set('entity')}>
            <option value="">All</option>
            {d?.entities.map((x) => <option key={x}>{x}</option>)}
          </select>
        </label>
        <label>
          Action
          <select value={filters.action} onChange={set('action')}>
            <option value="">All</option>
            {d?.actions.map((x) => <option key={x}>{x}</option>)}
          </select>
        </label>
        <label>
          Actor
          <select value={filters.actor} onChange={set('actor')}>
            <option value="">All</option>
            {d?.actors.map((x) => <option key={x}>{x}</option>)}
          </select>
        </label>
        <label className="grow">
          Search reference or reason
          <input type="search" value={filters.search} onChange={set('search')} placeholder="C-000123, bar date…" />
        </label>
      </div>
      {q.error ? <ErrorState error={q.error} onRetry={q.reload} /> : null}
      {!d && !q.error ? <Loading what="the audit log" /> : null}
      {d && d.rows.length === 0 ? <EmptyState title="No entries match">Clear a filter to see more of the log.</EmptyState> : null}
      {d && d.rows.length > 0 ? (
        <>
          <table className="data audit">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">What</th>
                <th scope="col">Why</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr key={r.id}>
                  <td className="nowrap">{fmtDate(r.at)}</td>
                  <td>{r.actor}</td>
                  <td>
                    <code>{r.action}</code>
                  </td>
                  <td>
                    {r.entity}
                    {r.entityRef ? <span className="ref"> {r.entityRef}</span> : null}
                  </td>
                  <td>{r.reason ?? <span className="muted">—</span>}</td>
                  <td className="change">
                    {r.before ? <div className="before" title="Before">{r.before}</div> : null}
                    {r.after ? <div className="after" title="After">{r.after}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="pager">
            <span>
              {fmtCount(d.total)} entries{pages.length ? ` · page ${pages.length + 1}` : ''}
            </span>
            <button type="button" disabled={!pages.length} onClick={() => setPages(pages.slice(0, -1))}>
              Newer
            </button>
            <button type="button" disabled={d.nextBeforeId === null} onClick={() => d.nextBeforeId && setPages([...pages, d.nextBeforeId])}>
              Older
            </button>
          </div>
        </>
      ) : null}
    </div>
  );
}
