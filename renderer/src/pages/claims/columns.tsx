/** The register's columns: which exist, which show by default, and how each cell reads. */
import type { ClaimRow, ScheduledMatch } from '../../../../src/api/contract/index.js';
import { Amount } from '../../components/Amount.js';
import { groupDecimal, label } from '../../format.js';
import type { Column } from './VirtualTable.js';

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge status-${status}`}>{label(status)}</span>;
}

export function matchText(m: ScheduledMatch | null): string {
  if (!m) return '';
  if (m.state === 'not_scheduled') return 'Not scheduled';
  if (m.state === 'agreed') return 'Agrees';
  const by = groupDecimal((m.difference ?? '0').replace(/^-/, ''));
  return `${m.state === 'higher' ? 'Higher' : 'Lower'} by ${by}`;
}

export function MatchCell({ m, asset }: { m: ScheduledMatch | null; asset: string }) {
  if (!m) return <span className="muted">Scheduled</span>;
  const cls = m.state === 'agreed' ? 'ok' : m.state === 'not_scheduled' ? 'muted' : 'warn-text';
  return (
    <span
      className={cls}
      title={
        m.scheduled
          ? `Scheduled ${m.scheduled} ${asset} (${m.scheduledRefs.join(', ')})`
          : 'No scheduled amount for this creditor and asset'
      }
    >
      {matchText(m)}
    </span>
  );
}

export interface ColumnDef extends Column<ClaimRow> {
  /** Shown unless the user hides it; `fixed` columns cannot be hidden. */
  initial: boolean;
  fixed?: boolean;
}

export function claimColumns(currency: string): ColumnDef[] {
  return [
    {
      key: 'ref',
      label: 'Claim',
      width: '118px',
      sort: 'ref',
      initial: true,
      fixed: true,
      render: (r) => <span className="ref">{r.ref}</span>,
    },
    {
      key: 'creditor',
      label: 'Creditor',
      width: 'minmax(180px, 1fr)',
      sort: 'creditor',
      initial: true,
      fixed: true,
      render: (r) => (
        <span className="cl-creditor" title={`${r.creditorName} (${r.creditorRef})`}>
          {r.creditorName} <span className="ref">{r.creditorRef}</span>
        </span>
      ),
    },
    { key: 'status', label: 'Status', width: '118px', initial: true, render: (r) => <StatusBadge status={r.status} /> },
    {
      key: 'asserted',
      label: 'Asserted',
      width: '176px',
      align: 'right',
      initial: true,
      render: (r) => <Amount value={r.asserted} asset={r.asset} maxDecimals={8} />,
    },
    {
      key: 'allowed',
      label: 'Allowed',
      width: '176px',
      align: 'right',
      initial: false,
      render: (r) => (r.allowed === null ? <span className="muted">—</span> : <Amount value={r.allowed} asset={r.asset} maxDecimals={8} />),
    },
    {
      key: 'value',
      label: `Value (${currency})`,
      width: '150px',
      align: 'right',
      sort: 'value',
      initial: true,
      render: (r) => <Amount value={r.value} asset={currency} />,
    },
    {
      key: 'filed',
      label: 'Filed',
      width: '128px',
      sort: 'filed',
      initial: true,
      render: (r) => (
        <span className="nowrap">
          {r.filedOn ?? <span className="muted">—</span>}
          {r.late ? (
            <span className="badge cl-late" title="Filed after the bar date">
              late
            </span>
          ) : null}
        </span>
      ),
    },
    { key: 'match', label: 'Vs scheduled', width: '170px', initial: true, render: (r) => <MatchCell m={r.match} asset={r.asset} /> },
    { key: 'class', label: 'Class', width: '78px', initial: true, render: (r) => r.classCode ?? <span className="muted">—</span> },
    { key: 'source', label: 'Source', width: '90px', initial: false, render: (r) => label(r.source) },
    { key: 'type', label: 'Creditor type', width: '110px', initial: false, render: (r) => label(r.creditorType) },
    { key: 'kyc', label: 'KYC', width: '100px', initial: false, render: (r) => label(r.kyc) },
  ];
}
