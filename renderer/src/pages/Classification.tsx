/** Classification: the class ladder, the rules that propose classes, the legal review, the class summary and the ladder's versions. */
import { useRef, useState, type KeyboardEvent } from 'react';
import { useApi } from '../hooks.js';
import { ErrorState, Loading, PageHeader } from '../components/States.js';
import { fmtDate } from '../format.js';
import { Ladder } from './classification/Ladder.js';
import { Rules } from './classification/Rules.js';
import { Review } from './classification/Review.js';
import { Summary } from './classification/Summary.js';
import { Versions } from './classification/Versions.js';
import '../styles/classification.css';

const TABS = [
  ['ladder', 'Ladder'],
  ['rules', 'Rules'],
  ['review', 'Review queue'],
  ['summary', 'Summary'],
  ['versions', 'Versions'],
] as const;
type Tab = (typeof TABS)[number][0];

export function Classification() {
  const q = useApi('classes.get', {});
  const [tab, setTab] = useState<Tab>('ladder');
  const tabs = useRef<Array<HTMLButtonElement | null>>([]);
  const l = q.data;
  const v = l?.version;

  const onKey = (e: KeyboardEvent) => {
    const i = TABS.findIndex(([k]) => k === tab);
    const next = e.key === 'ArrowRight' ? (i + 1) % TABS.length : e.key === 'ArrowLeft' ? (i + TABS.length - 1) % TABS.length : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : -1;
    if (next < 0) return;
    e.preventDefault();
    setTab(TABS[next]![0]);
    tabs.current[next]?.focus();
  };

  return (
    <div className="page classification">
      <PageHeader
        title="Classification"
        subtitle={
          v ? (
            <>
              Ladder version {v.id} by {v.author}, {fmtDate(v.at)} ·{' '}
              {v.signedOffBy ? (
                <span className="ok">signed off by {v.signedOffBy}</span>
              ) : (
                <span className="warn">not signed off</span>
              )}
            </>
          ) : l?.classes.length ? (
            'Ladder not versioned yet: the first change records it as version 1, then the change as version 2'
          ) : (
            'Who is paid first: the class ladder, the rules that propose a class for each claim, and their legal review'
          )
        }
      />
      <div className="tabs" role="tablist" aria-label="Classification views" onKeyDown={onKey}>
        {TABS.map(([k, label], i) => (
          <button
            key={k}
            ref={(el) => void (tabs.current[i] = el)}
            type="button"
            role="tab"
            id={`cls-tab-${k}`}
            aria-selected={tab === k}
            aria-controls={`cls-panel-${k}`}
            tabIndex={tab === k ? 0 : -1}
            className={tab === k ? 'tab active' : 'tab'}
            onClick={() => setTab(k)}
          >
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`cls-panel-${tab}`} aria-labelledby={`cls-tab-${tab}`}>
        {q.error ? <ErrorState error={q.error} onRetry={q.reload} /> : null}
        {!l && !q.error ? <Loading what="the class ladder" /> : null}
        {l && tab === 'ladder' ? <Ladder ladder={l} onSaved={q.reload} /> : null}
        {l && tab === 'rules' ? <Rules ladder={l} onSaved={q.reload} /> : null}
        {l && tab === 'review' ? <Review ladder={l} /> : null}
        {l && tab === 'summary' ? <Summary /> : null}
        {l && tab === 'versions' ? <Versions /> : null}
      </div>
    </div>
  );
}
