/** The rules editor: ordered rules (first match wins) with a live preview of what each would move, then apply as a job. */
import { useEffect, useMemo, useRef, useState } from 'react';
import { send } from '../../api.js';
import { useUi } from '../../store.js';
import { Amount } from '../../components/Amount.js';
import { JobProgress } from '../../components/JobProgress.js';
import { Modal } from '../../components/Modal.js';
import type { ClassifyResult, LadderState, RuleInput, RuleView } from '../../../../src/api/contract/classes.js';
import type { JobStatus } from '../../../../src/api/contract/index.js';
import { Problems, plural, useDebounced } from './common.js';
import { groupDecimal } from '../../format.js';
import { RuleCard, toDraft, toInput, type DraftRule } from './RuleCard.js';

let nextKey = 1;

export function Rules({ ladder, onSaved }: { ladder: LadderState; onSaved: () => void }) {
  const toast = useUi((s) => s.toast);
  const [draft, setDraft] = useState<DraftRule[]>(() => ladder.rules.map((r: RuleView) => toDraft(r, nextKey++)));
  const [dirty, setDirty] = useState(false);
  const [preview, setPreview] = useState<ClassifyResult | null>(null);
  const [previewError, setPreviewError] = useState<Error | null>(null);
  const [saveError, setSaveError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const [job, setJob] = useState<JobStatus | null>(null);

  // new rules from the case replace the view, unless the user is editing a draft
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;
  useEffect(() => {
    if (!dirtyRef.current) setDraft(ladder.rules.map((r) => toDraft(r, nextKey++)));
  }, [ladder]);

  const inputs: RuleInput[] = useMemo(() => draft.map(toInput), [draft]);
  const wanted = useDebounced(JSON.stringify(inputs), 350);
  const version = useUi((s) => s.version);
  useEffect(() => {
    let stale = false;
    send('classes.preview', { rules: JSON.parse(wanted) as RuleInput[] }).then(
      (p) => !stale && (setPreview(p), setPreviewError(null)),
      (e: Error) => !stale && setPreviewError(e),
    );
    return () => {
      stale = true;
    };
  }, [wanted, version]);

  const update = (next: DraftRule[]) => {
    setDraft(next);
    setDirty(true);
    setSaveError(null);
  };
  const move = (i: number, d: -1 | 1) => {
    const next = [...draft];
    [next[i], next[i + d]] = [next[i + d]!, next[i]!];
    update(next);
  };
  const save = async () => {
    setBusy(true);
    try {
      const r = await send('classes.rules.save', { rules: inputs });
      setDirty(false);
      toast('success', r.changed ? `Saved the rules as version ${r.version?.id}` : 'Nothing changed');
      useUi.getState().changed();
      onSaved();
    } catch (e) {
      setSaveError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  const apply = async () => {
    setConfirm(false);
    try {
      setJob(await send('classes.classify', { apply: true }));
    } catch (e) {
      toast('error', (e as Error).message);
    }
  };
  const cur = ladder.currency;
  const classes = ladder.classes.map((c) => c.code);

  return (
    <section className="card rules" aria-label="Classification rules">
      <div className="section-head">
        <div>
          <h2>Rules</h2>
          <p className="muted">
            Each live claim takes the class of the first rule it matches; a claim no rule matches keeps its class. Classes set by a reviewer or proposed by hand
            are never moved.
          </p>
        </div>
        <div className="actions">
          <button type="button" className="primary" disabled={dirty || !ladder.rules.length || !!job} title={dirty ? 'Save the rules first' : undefined} onClick={() => setConfirm(true)}>
            Apply rules…
          </button>
        </div>
      </div>
      {job ? (
        <JobProgress
          jobId={job.id}
          title="Applying the rules"
          onEnd={(s) => {
            setJob(null);
            if (s.state === 'done') {
              const r = s.result as ClassifyResult;
              toast('success', `Proposed a new class for ${plural(r.moved, 'claim')} (${groupDecimal(r.movedValue)} ${r.currency}); they await review`);
            } else toast(s.state === 'cancelled' ? 'info' : 'error', s.error?.message ?? 'The rules were not applied');
            useUi.getState().changed();
          }}
        />
      ) : null}
      {draft.length === 0 ? <p className="empty-inline">No rules yet: add one (for example, employees → the priority wage class), and watch what it would move.</p> : null}
      <ol className="rule-list">
        {draft.map((d, i) => (
          <RuleCard
            key={d.key}
            n={i + 1}
            rule={d}
            classes={classes}
            assets={ladder.assets}
            currency={cur}
            preview={previewError ? null : (preview?.rules[i] ?? null)}
            first={i === 0}
            last={i === draft.length - 1}
            onChange={(r) => update(draft.map((x) => (x.key === d.key ? r : x)))}
            onMove={(dir) => move(i, dir)}
            onRemove={() => update(draft.filter((x) => x.key !== d.key))}
          />
        ))}
      </ol>
      <div className="rules-foot">
        <button type="button" onClick={() => update([...draft, toDraft({ classCode: classes.includes('GUC') ? 'GUC' : (classes[0] ?? '') }, nextKey++)])} disabled={!classes.length}>
          Add rule
        </button>
        <div className="preview-total" aria-live="polite">
          {previewError ? <Problems error={previewError} title={`Preview unavailable: ${previewError.message}`} /> : null}
          {preview && !previewError ? (
            <span>
              Preview: {plural(preview.moved, 'claim')} would move (<Amount value={preview.movedValue} asset={cur} />
              ); no rule matches {plural(preview.unmatched, 'claim')} (<Amount value={preview.unmatchedValue} asset={cur} />
              ), which keep their class.
            </span>
          ) : null}
        </div>
      </div>
      <Problems error={saveError} />
      {dirty ? (
        <div className="savebar" role="region" aria-label="Unsaved rules">
          <span>Unsaved changes to the rules</span>
          <button type="button" onClick={() => (setDraft(ladder.rules.map((r) => toDraft(r, nextKey++))), setDirty(false), setSaveError(null))} disabled={busy}>
            Discard changes
          </button>
          <button type="button" className="primary" onClick={() => void save()} disabled={busy}>
            Save rules
          </button>
        </div>
      ) : null}
      {confirm && preview ? (
        <Modal
          title="Apply the rules?"
          onClose={() => setConfirm(false)}
          footer={
            <>
              <button type="button" onClick={() => setConfirm(false)}>
                Cancel
              </button>
              <button type="button" className="primary" onClick={() => void apply()}>
                Apply to {plural(preview.moved, 'claim')}
              </button>
            </>
          }
        >
          <p>
            {plural(preview.moved, 'claim')} worth <Amount value={preview.movedValue} asset={cur} /> get a new proposed class, recorded with the rule and your name.
            {preview.reopened ? ` ${plural(preview.reopened, 'approved classification')} go back to review.` : ''} Another person then reviews each proposal.
          </p>
        </Modal>
      ) : null}
    </section>
  );
}
