/** One creditor: who they are, totals per asset, and their claims (each opens in the Claims register). */
import { useEffect, useRef } from 'react';
import { useApi } from '../../hooks.js';
import { useUi } from '../../store.js';
import { Amount } from '../../components/Amount.js';
import { ErrorState, Loading } from '../../components/States.js';
import { label } from '../../format.js';
import { MatchCell, StatusBadge } from '../claims/columns.js';
import { useClaimsNav } from '../claims/nav.js';

export function CreditorPanel({ creditorRef, onClose }: { creditorRef: string; onClose: () => void }) {
  const q = useApi('creditors.get', { ref: creditorRef });
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [creditorRef]);
  const d = q.data?.ref === creditorRef ? q.data : null;
  const openClaim = (ref: string) => {
    useClaimsNav.getState().show(ref, creditorRef);
    useUi.getState().go('claims');
  };
  return (
    <aside className="cl-panel" aria-label={`Creditor ${creditorRef}`} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <header className="cl-panel-head">
        <h2 ref={heading} tabIndex={-1}>
          {d?.name ?? creditorRef}
        </h2>
        <button type="button" className="ghost" aria-label="Close the creditor" onClick={onClose}>
          ×
        </button>
      </header>
      {q.error ? <ErrorState error={q.error} onRetry={q.reload} /> : null}
      {!d && !q.error ? <Loading what={`creditor ${creditorRef}`} /> : null}
      {d ? (
        <div className="cl-panel-body">
          <section className="cl-section" aria-label="Creditor">
            <dl className="facts cl-facts">
              <dt>Reference</dt>
              <dd className="ref">{d.ref}</dd>
              <dt>Type</dt>
              <dd>{label(d.type)}</dd>
              <dt>KYC</dt>
              <dd>{label(d.kyc)}</dd>
              <dt>Tax form</dt>
              <dd>{d.taxForm ? 'On file' : <span className="warn-text">Missing</span>}</dd>
              <dt>Jurisdiction</dt>
              <dd>{d.jurisdiction ?? <span className="muted">—</span>}</dd>
              <dt>Email</dt>
              <dd>{d.email ?? <span className="muted">—</span>}</dd>
              <dt>Address</dt>
              <dd>{d.address ?? <span className="muted">—</span>}</dd>
            </dl>
          </section>
          <section className="cl-section" aria-label="Totals">
            <h3>Totals per asset</h3>
            {d.totals.length ? (
              <table className="data compact cr-totals">
                <thead>
                  <tr>
                    <th scope="col">Asset</th>
                    <th scope="col" className="num">
                      Claims
                    </th>
                    <th scope="col" className="num">
                      Asserted
                    </th>
                    <th scope="col" className="num">
                      Allowed
                    </th>
                    <th scope="col" className="num">
                      Value ({d.currency})
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {d.totals.map((t) => (
                    <tr key={t.asset}>
                      <th scope="row">{t.asset}</th>
                      <td className="num">{t.claims}</td>
                      <td className="num">
                        <Amount value={t.asserted} asset={t.asset} maxDecimals={8} />
                      </td>
                      <td className="num">
                        <Amount value={t.allowed} asset={t.asset} maxDecimals={8} />
                      </td>
                      <td className="num">
                        <Amount value={t.value} asset={d.currency} />
                      </td>
                    </tr>
                  ))}
                  <tr className="total">
                    <th scope="row">All</th>
                    <td className="num">{d.claims}</td>
                    <td />
                    <td />
                    <td className="num">
                      <Amount value={d.totalValue} asset={d.currency} />
                    </td>
                  </tr>
                </tbody>
              </table>
            ) : (
              <p className="muted">This creditor has no claims.</p>
            )}
            <p className="small muted">Value counts live claims only (not disallowed, withdrawn, superseded or duplicate).</p>
          </section>
          <section className="cl-section" aria-label="Claims of the creditor">
            <h3>Claims ({d.claims})</h3>
            {d.claimRows.length ? (
              <table className="data compact">
                <thead>
                  <tr>
                    <th scope="col">Claim</th>
                    <th scope="col">Status</th>
                    <th scope="col" className="num">
                      Asserted
                    </th>
                    <th scope="col">Vs scheduled</th>
                  </tr>
                </thead>
                <tbody>
                  {d.claimRows.map((r) => (
                    <tr key={r.ref}>
                      <td>
                        <button type="button" className="cl-link" onClick={() => openClaim(r.ref)}>
                          {r.ref}
                        </button>
                      </td>
                      <td>
                        <StatusBadge status={r.status} />
                      </td>
                      <td className="num">
                        <Amount value={r.asserted} asset={r.asset} maxDecimals={8} />
                      </td>
                      <td>
                        <MatchCell m={r.match} asset={r.asset} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            {d.moreClaims ? (
              <p className="small muted">
                Showing the first {d.claimRows.length}; search the Claims register for {d.ref} to see them all.
              </p>
            ) : null}
          </section>
        </div>
      ) : null}
    </aside>
  );
}
