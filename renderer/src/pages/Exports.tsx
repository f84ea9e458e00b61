import { useState } from 'react';
import { useApi } from '../hooks.js';
import { EmptyState, ErrorState, Loading, PageHeader } from '../components/States.js';
import { fmtCount } from '../format.js';
import { SheetCard } from './exports/SheetCard.js';
import { NoticesCard } from './exports/NoticesCard.js';
import { NoticeSettingsForm, VerifyForm } from './exports/Settings.js';
import '../styles/exports.css';

/** Spreadsheets and notices: each export with its destination and progress, and a preview before a batch of notices. */
export function Exports() {
  const q = useApi('exports.overview', {});
  const [audit, setAudit] = useState({ from: '', to: '' });
  const [run, setRun] = useState('');
  if (q.error) return <div className="page"><PageHeader title="Exports" /><ErrorState error={q.error} onRetry={q.reload} /></div>;
  if (!q.data) return <div className="page"><PageHeader title="Exports" /><Loading what="the exports" /></div>;
  const d = q.data;
  const runRef = run || d.runs[d.runs.length - 1]?.ref || '';
  return (
    <div className="page exports">
      <PageHeader title="Exports" subtitle="Spreadsheets for courts and auditors, notices for creditors; exact to the minor unit" />
      {d.claims === 0 ? (
        <EmptyState title="Nothing to export yet">Import claims first (Claims), then come back for the register, the creditor summary and notices.</EmptyState>
      ) : null}
      <div className="export-grid">
        <SheetCard kind="register" title="Claims register" folder={d.exportsDir} count={`${fmtCount(d.claims)} claims`}
          description="Every claim with its quantities, the price used, set-off, value, status and class." />
        <SheetCard kind="creditors" title="Creditor summary" folder={d.exportsDir} count={`${fmtCount(d.creditors)} creditors`}
          description="Per creditor: contact, KYC, claim counts, value of live and allowed claims, and what finalized runs paid." />
        <SheetCard kind="estate" title="Estate and asset report" folder={d.exportsDir} count={`${fmtCount(d.estateAssets)} asset records`}
          description="Asset records with quantities, latest prices and values, totals by asset, and the price history." />
        <SheetCard kind="audit" title="Audit extract" folder={d.exportsDir} count={`${fmtCount(d.auditEntries)} entries`} args={{ from: audit.from, to: audit.to }}
          description="The audit log with who, when, what and why, and each entry's hash.">
          <div className="form-row">
            <label>
              From
              <input type="date" value={audit.from} onChange={(e) => setAudit({ ...audit, from: e.target.value })} />
            </label>
            <label>
              To
              <input type="date" value={audit.to} onChange={(e) => setAudit({ ...audit, to: e.target.value })} />
            </label>
          </div>
        </SheetCard>
        <SheetCard kind="run" title="Distribution schedule" folder={d.exportsDir} args={{ run: runRef }}
          count={d.runs.length ? `${d.runs.length} run${d.runs.length === 1 ? '' : 's'}` : 'No runs yet'}
          disabled={d.runs.length ? null : 'Draft a run under Distributions first; its schedule can then be exported here.'}
          description="A row per claim portion, totals by class, and a summary with the run's identity, options, input hash and how the pool is held.">
          {d.runs.length ? (
            <label>
              Run
              <select value={runRef} onChange={(e) => setRun(e.target.value)}>
                {d.runs.map((r) => (
                  <option key={r.ref} value={r.ref}>
                    {r.ref} · {r.date} · {r.state}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
        </SheetCard>
      </div>
      <NoticesCard runs={d.runs} folder={d.exportsDir} />
      <p className="muted">{fmtCount(d.notices)} notices generated so far in this case.</p>
      <NoticeSettingsForm />
      <VerifyForm />
    </div>
  );
}
