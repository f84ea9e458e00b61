/** The Distributions section: the history of runs, the distribution wizard, what-if comparison, and loss allocation. */
import { useApi } from '../hooks.js';
import { PageHeader } from '../components/States.js';
import { History } from './distributions/History.js';
import { Wizard } from './distributions/Wizard.js';
import { Compare } from './distributions/Compare.js';
import { Losses } from './distributions/Losses.js';
import { useDist } from './distributions/state.js';
import '../styles/distributions.css';

export function Distributions() {
  const { view, go, reset } = useDist();
  const pool = useApi('runs.pool', {});
  const tab = view.kind === 'losses' ? 'losses' : 'runs';
  return (
    <div className="page distributions">
      <PageHeader
        title="Distributions"
        subtitle="Turn what the estate recovered into exact payments, class by class, run after run"
        actions={
          view.kind === 'wizard' ? null : (
            <button
              type="button"
              className="primary"
              onClick={() => {
                reset();
                go({ kind: 'wizard', step: 'pool', run: null });
              }}
            >
              New distribution run
            </button>
          )
        }
      />
      <div className="tabs" role="tablist" aria-label="Distribution views">
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'runs'}
          className={tab === 'runs' ? 'tab active' : 'tab'}
          onClick={() => go({ kind: 'history' })}
        >
          Runs
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'losses'}
          className={tab === 'losses' ? 'tab active' : 'tab'}
          onClick={() => go({ kind: 'losses' })}
        >
          Loss allocation
        </button>
      </div>
      <div role="tabpanel" aria-label={tab === 'runs' ? 'Runs' : 'Loss allocation'}>
        {view.kind === 'history' ? <History pool={pool.data} /> : null}
        {view.kind === 'wizard' ? <Wizard view={view} pool={pool.data} /> : null}
        {view.kind === 'compare' ? <Compare a={view.a} b={view.b} /> : null}
        {view.kind === 'losses' ? <Losses currency={pool.data?.currency ?? 'USD'} /> : null}
      </div>
    </div>
  );
}
