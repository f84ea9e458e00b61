/** The distribution wizard: pool → options → preview → approve → finalize. The compute and the finalize run as jobs with progress. */
import { useState, type FormEvent } from 'react';
import { send } from '../../api.js';
import { useApi } from '../../hooks.js';
import { useUi } from '../../store.js';
import type { JobStatus, RunPool } from '../../../../src/api/contract/index.js';
import { Amount } from '../../components/Amount.js';
import { JobProgress } from '../../components/JobProgress.js';
import { ErrorState, Loading, FormError } from '../../components/States.js';
import { RunReview } from './RunReview.js';
import { ApproveStep, FinalizeStep } from './Decide.js';
import { useDist, type View, type WizardStep } from './state.js';

const STEPS: Array<[WizardStep, string]> = [
  ['pool', 'Pool'],
  ['options', 'Options'],
  ['preview', 'Preview'],
  ['approve', 'Approve'],
  ['finalize', 'Finalize'],
];

function Steps({ current }: { current: WizardStep }) {
  const at = STEPS.findIndex(([k]) => k === current);
  return (
    <ol className="wizard-steps" aria-label="Steps">
      {STEPS.map(([k, l], i) => (
        <li key={k} className={i < at ? 'done' : i === at ? 'current' : ''} aria-current={i === at ? 'step' : undefined}>
          <span className="mark" aria-hidden="true">
            {i < at ? '✓' : i + 1}
          </span>
          {l}
        </li>
      ))}
    </ol>
  );
}

function PoolStep({ pool }: { pool: RunPool | null }) {
  const { choices, choose, go } = useDist();
  if (!pool) return <Loading what="the pool" />;
  const next = (e: FormEvent) => {
    e.preventDefault();
    go({ kind: 'wizard', step: 'options', run: null });
  };
  const canAll = pool.releasable !== null;
  return (
    <form className="card form wizard-card" onSubmit={next} aria-label="Pool">
      <h2>How much does this run release?</h2>
      <dl className="facts pool-facts">
        <dt>Available cash ({pool.currency})</dt>
        <dd className="num">
          {pool.available === null ? 'not tracked in this case' : <Amount value={pool.available} asset={pool.currency} />}
        </dd>
        <dt>Released by earlier runs</dt>
        <dd className="num">
          <Amount value={pool.released} asset={pool.currency} />
        </dd>
        <dt>Paid so far</dt>
        <dd className="num">
          <Amount value={pool.paidCumulative} asset={pool.currency} />
        </dd>
        <dt>Can still be released</dt>
        <dd className="num">{pool.releasable === null ? '—' : <Amount value={pool.releasable} asset={pool.currency} />}</dd>
      </dl>
      <fieldset className="choice">
        <legend>Release</legend>
        <label className="inline">
          <input type="radio" name="mode" checked={choices.mode === 'amount'} onChange={() => choose({ mode: 'amount' })} /> An amount
        </label>
        <label className="inline">
          <input type="radio" name="mode" checked={choices.mode === 'all'} disabled={!canAll} onChange={() => choose({ mode: 'all' })} />{' '}
          All that can still be released
          {canAll ? (
            <span className="muted">
              : <Amount value={pool.releasable!} asset={pool.currency} />
            </span>
          ) : (
            <span className="muted"> (this case does not track its cash)</span>
          )}
        </label>
        {choices.mode === 'amount' ? (
          <label className="release-amount">
            Amount to release ({pool.currency}); 0 for a run that only redistributes what is held
            <input
              inputMode="decimal"
              value={choices.release}
              onChange={(e) => choose({ release: e.target.value.trim() })}
              placeholder="1000000.00"
              required
              pattern="\d+(\.\d+)?"
              aria-describedby="release-help"
            />
            <span id="release-help" className="muted">
              Digits with a point for decimals, no grouping: 2500000.00
            </span>
          </label>
        ) : null}
      </fieldset>
      {pool.unapprovedClaims > 0 ? (
        <p className="notice warn">
          {pool.unapprovedClaims.toLocaleString('en-US')} live claims (<Amount value={pool.unapprovedValue} asset={pool.currency} />) have a
          class that is not approved yet; a run leaves them out unless you include them in the next step.
        </p>
      ) : null}
      <div className="form-actions">
        <button type="button" onClick={() => go({ kind: 'history' })}>
          Cancel
        </button>
        <button type="submit" className="primary">
          Next: options
        </button>
      </div>
    </form>
  );
}

function OptionsStep({ currency }: { currency: string }) {
  const { choices, choose, go } = useDist();
  const { toast, changed } = useUi();
  const [job, setJob] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const compute = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const s = await send('runs.draft', {
        ...(choices.mode === 'all' ? { all: true } : { release: choices.release }),
        date: choices.date,
        final: choices.final,
        deMinimis: choices.deMinimis || '0',
        withholdUnverified: choices.withholdUnverified,
        includeUnapproved: choices.includeUnapproved,
        disputedAs: choices.disputedAs,
      });
      setJob(s.id);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const ended = (s: JobStatus) => {
    setJob(null);
    if (s.state === 'done') {
      const r = s.result as { ref: string };
      changed();
      toast('success', `Draft ${r.ref} computed`);
      go({ kind: 'wizard', step: 'preview', run: r.ref });
    } else if (s.state === 'cancelled') toast('info', 'Cancelled: nothing was written');
    else setError(s.error?.message ?? 'The run could not be computed');
  };
  return (
    <form className="card form wizard-card" onSubmit={compute} aria-label="Options">
      <h2>Options</h2>
      <div className="form-row">
        <label>
          Run date
          <input type="date" value={choices.date} onChange={(e) => choose({ date: e.target.value })} required />
        </label>
        <label>
          De minimis threshold ({currency})
          <input
            inputMode="decimal"
            value={choices.deMinimis}
            onChange={(e) => choose({ deMinimis: e.target.value.trim() })}
            pattern="\d+(\.\d+)?"
          />
        </label>
      </div>
      <fieldset className="choice">
        <legend>Kind of run</legend>
        <label className="inline">
          <input type="radio" name="final" checked={!choices.final} onChange={() => choose({ final: false })} /> Interim: dues below the de
          minimis are withheld and carried forward
        </label>
        <label className="inline">
          <input type="radio" name="final" checked={choices.final} onChange={() => choose({ final: true })} /> Final: the rounding residue
          is handed out; dues below the de minimis are forfeited
        </label>
      </fieldset>
      <label className="inline">
        <input type="checkbox" checked={choices.withholdUnverified} onChange={(e) => choose({ withholdUnverified: e.target.checked })} />{' '}
        Withhold payment from creditors whose KYC is not verified
      </label>
      <label className="inline">
        <input type="checkbox" checked={choices.includeUnapproved} onChange={(e) => choose({ includeUnapproved: e.target.checked })} />{' '}
        Include claims whose class is not approved yet
      </label>
      <label>
        Disputed claims
        <select value={choices.disputedAs} onChange={(e) => choose({ disputedAs: e.target.value as typeof choices.disputedAs })}>
          <option value="reserve">Reserve them (a real run)</option>
          <option value="0">What-if: resolved at 0% of their value</option>
          <option value="50">What-if: resolved at 50%</option>
          <option value="100">What-if: resolved at 100%</option>
        </select>
      </label>
      {choices.disputedAs !== 'reserve' ? (
        <p className="notice">A what-if draft is for comparison only: it changes nothing in the register and cannot be approved.</p>
      ) : null}
      <FormError error={error} />
      {job ? <JobProgress jobId={job} title="Computing the run" onEnd={ended} /> : null}
      <div className="form-actions">
        <button type="button" onClick={() => go({ kind: 'wizard', step: 'pool', run: null })} disabled={job !== null}>
          Back
        </button>
        <button type="submit" className="primary" disabled={job !== null}>
          Compute preview
        </button>
      </div>
    </form>
  );
}

export function Wizard({ view, pool }: { view: Extract<View, { kind: 'wizard' }>; pool: RunPool | null }) {
  const go = useDist((s) => s.go);
  const run = useApi('runs.show', { run: view.run ?? '' }, view.run !== null);
  const step = view.step;
  const v = run.data;
  return (
    <section className="wizard" aria-label="Distribution wizard">
      <Steps current={v && (v.state === 'finalized' || v.state === 'discarded') ? 'finalize' : step} />
      {step === 'pool' ? <PoolStep pool={pool} /> : null}
      {step === 'options' ? <OptionsStep currency={pool?.currency ?? 'USD'} /> : null}
      {view.run !== null && run.error ? <ErrorState error={run.error} onRetry={run.reload} /> : null}
      {view.run !== null && !v && !run.error ? <Loading what={`run ${view.run}`} /> : null}
      {v && step === 'preview' ? <RunReview run={v} onNext={() => go({ kind: 'wizard', step: 'approve', run: v.ref })} /> : null}
      {v && step === 'approve' ? <ApproveStep run={v} /> : null}
      {v && step === 'finalize' ? <FinalizeStep run={v} /> : null}
    </section>
  );
}
