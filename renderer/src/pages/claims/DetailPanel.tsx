/** The side panel of one claim: value with price and date, scheduled match, actions, documents, duplicates, history. */
import { useEffect, useRef, type ReactNode } from 'react';
import type { ClaimDetail } from '../../../../src/api/contract/index.js';
import { useApi } from '../../hooks.js';
import { Amount } from '../../components/Amount.js';
import { ErrorState, Loading } from '../../components/States.js';
import { fmtDate, label } from '../../format.js';
import { MatchCell, StatusBadge } from './columns.js';
import { AllowedForm, Duplicates, StatusForm } from './DetailForms.js';
import { Documents } from './Documents.js';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="cl-section" aria-label={title}>
      <h3>{title}</h3>
      {children}
    </section>
  );
}

function Fact({ k, children }: { k: string; children: ReactNode }) {
  return (
    <>
      <dt>{k}</dt>
      <dd>{children ?? <span className="muted">—</span>}</dd>
    </>
  );
}

function Link({ to, onOpen }: { to: string; onOpen: (ref: string) => void }) {
  return (
    <button type="button" className="cl-link cl-ref-link" onClick={() => onOpen(to)}>
      {to}
    </button>
  );
}

function Value({ d }: { d: ClaimDetail }) {
  const v = d.valuation;
  return (
    <div className="cl-value">
      <div className="cl-value-main">
        <Amount value={v.value} asset={v.currency} />
      </div>
      <div className="small">
        {v.caseCurrency ? (
          <>In the case currency: worth its quantity.</>
        ) : v.price ? (
          <>
            <Amount value={v.quantity} asset={d.asset} maxDecimals={d.scale} /> ({v.basis}) × <Amount value={v.price} asset={v.currency} />{' '}
            per {d.asset}, the price of {v.priceDate} (petition date)
          </>
        ) : (
          <>No petition-date price for {d.asset}.</>
        )}
        {v.setoff ? (
          <>
            {' '}
            Gross <Amount value={v.gross ?? '0'} asset={v.currency} /> less set-off <Amount value={v.setoff} asset={v.currency} />.
          </>
        ) : null}
      </div>
      {v.note ? <p className="cl-note">{v.note}</p> : null}
    </div>
  );
}

export function DetailPanel({
  claimRef,
  onClose,
  onChanged,
  onOpen,
}: {
  claimRef: string;
  onClose: () => void;
  onChanged: (d: ClaimDetail) => void;
  onOpen: (ref: string) => void;
}) {
  const q = useApi('claims.get', { ref: claimRef });
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [claimRef]);
  const d = q.data?.ref === claimRef ? q.data : null;
  return (
    <aside className="cl-panel" aria-label={`Claim ${claimRef}`} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <header className="cl-panel-head">
        <h2 ref={heading} tabIndex={-1} className="cl-mono">
          {claimRef}
        </h2>
        {d ? <StatusBadge status={d.status} /> : null}
        {d?.late ? <span className="badge cl-late">Late</span> : null}
        <button type="button" className="ghost" aria-label="Close the claim" onClick={onClose}>
          ×
        </button>
      </header>
      {q.error ? <ErrorState error={q.error} onRetry={q.reload} /> : null}
      {!d && !q.error ? <Loading what={`claim ${claimRef}`} /> : null}
      {d ? (
        <div className="cl-panel-body">
          <Section title="Value">
            <Value d={d} />
          </Section>
          <Section title="Claim">
            <dl className="facts cl-facts">
              <Fact k="Creditor">
                {d.creditor.name} <span className="ref">{d.creditor.ref}</span>
                <div className="small muted">
                  {label(d.creditor.type)} · KYC {label(d.creditor.kyc).toLowerCase()}
                  {d.creditor.jurisdiction ? ` · ${d.creditor.jurisdiction}` : ''}
                </div>
              </Fact>
              <Fact k="Source">{label(d.source)}</Fact>
              <Fact k="Asserted">
                <Amount value={d.asserted} asset={d.asset} />
              </Fact>
              <Fact k="Allowed">{d.allowed === null ? null : <Amount value={d.allowed} asset={d.asset} />}</Fact>
              <Fact k="Filed on">
                {d.filedOn}
                {d.filedOn && d.barDate ? <span className="small muted"> · bar date {d.barDate}</span> : null}
              </Fact>
              <Fact k="Vs scheduled">
                {d.match ? (
                  <MatchCell m={d.match} asset={d.asset} />
                ) : d.filedAgainst.length ? (
                  <>
                    Filed against it:{' '}
                    {d.filedAgainst.map((r) => (
                      <Link key={r} to={r} onOpen={onOpen} />
                    ))}
                  </>
                ) : (
                  <span className="muted">Scheduled; no filed claim against it</span>
                )}
                {d.match?.scheduled ? (
                  <div className="small muted">
                    Scheduled <Amount value={d.match.scheduled} asset={d.asset} /> ({d.match.scheduledRefs.join(', ')})
                  </div>
                ) : null}
              </Fact>
              <Fact k="Class">{d.classCode ? `${d.classCode}${d.classStatus ? ` (${d.classStatus})` : ''}` : null}</Fact>
              {d.securedBy ? (
                <Fact k="Secured by">{`${d.securedBy.ref} (${label(d.securedBy.kind)}, ${d.securedBy.asset})${d.lien ? `, lien ${d.lien}` : ''}`}</Fact>
              ) : null}
              {d.setoff ? (
                <Fact k="Set-off">
                  <Amount value={d.setoff} asset={d.valuation.currency} />
                </Fact>
              ) : null}
              {d.reserveEstimate ? (
                <Fact k="Reserve estimate">
                  <Amount value={d.reserveEstimate} asset={d.valuation.currency} />
                </Fact>
              ) : null}
              {d.amends ? (
                <Fact k="Amends">
                  <Link to={d.amends} onOpen={onOpen} />
                </Fact>
              ) : null}
              {d.amendedBy.length ? (
                <Fact k="Amended by">
                  {d.amendedBy.map((r) => (
                    <Link key={r} to={r} onOpen={onOpen} />
                  ))}
                </Fact>
              ) : null}
              {d.duplicateOf ? (
                <Fact k="Duplicate of">
                  <Link to={d.duplicateOf} onOpen={onOpen} />
                </Fact>
              ) : null}
              {d.notes ? <Fact k="Notes">{d.notes}</Fact> : null}
            </dl>
          </Section>
          <Section title="Change status">
            <StatusForm key={`${d.ref}-${d.status}`} d={d} onChanged={onChanged} />
          </Section>
          <Section title="History">
            {d.history.length ? (
              <ol className="cl-history">
                {d.history.map((h) => (
                  <li key={h.id}>
                    <div>
                      <strong>{h.summary}</strong>
                    </div>
                    <div className="small muted">
                      {fmtDate(h.at)} · {h.actor}
                      {h.reason ? <> · “{h.reason}”</> : null}
                    </div>
                  </li>
                ))}
              </ol>
            ) : (
              <p className="muted">No changes recorded for this claim yet.</p>
            )}
          </Section>
          <Section title="Allowed quantity">
            <AllowedForm key={`${d.ref}-${d.allowed}`} d={d} onChanged={onChanged} />
          </Section>
          <Section title={`Documents (${d.documents.length})`}>
            <Documents d={d} onAttached={() => onChanged(d)} />
          </Section>
          <Section title={`Duplicate candidates (${d.duplicates.length})`}>
            <Duplicates d={d} onChanged={onChanged} onOpen={onOpen} />
          </Section>
        </div>
      ) : null}
    </aside>
  );
}
