/** One rule in the editor: its target class, its conditions, and the live preview of what it would move. */
import { Amount } from '../../components/Amount.js';
import { label } from '../../format.js';
import { CLAIM_SOURCES, CREDITOR_TYPES } from '../../../../src/domain/claims.js';
import type { RuleConditions, RuleInput, RulePreview } from '../../../../src/api/contract/classes.js';
import { plural } from './common.js';

export interface DraftRule {
  key: number;
  id?: number;
  name: string;
  classCode: string;
  types: string[];
  assets: string[];
  sources: string[];
  minValue: string;
  maxValue: string;
  jurisdictions: string;
  tags: string;
  secured: '' | 'yes' | 'no';
}

export function toDraft(r: { id?: number; name?: string; classCode: string; when?: RuleConditions }, key: number): DraftRule {
  const w = r.when ?? {};
  return {
    key,
    ...(r.id !== undefined ? { id: r.id } : {}),
    name: r.name ?? '',
    classCode: r.classCode,
    types: w.creditorTypes ?? [],
    assets: w.assets ?? [],
    sources: w.sources ?? [],
    minValue: w.minValue ?? '',
    maxValue: w.maxValue ?? '',
    jurisdictions: (w.jurisdictions ?? []).join(', '),
    tags: (w.tags ?? []).join(', '),
    secured: w.secured === undefined ? '' : w.secured ? 'yes' : 'no',
  };
}

const words = (s: string) =>
  s
    .split(/[,;]/)
    .map((x) => x.trim())
    .filter(Boolean);

export function toInput(d: DraftRule): RuleInput {
  const when: RuleConditions = {};
  if (d.types.length) when.creditorTypes = d.types as RuleConditions['creditorTypes'];
  if (d.assets.length) when.assets = d.assets;
  if (d.sources.length) when.sources = d.sources as RuleConditions['sources'];
  if (d.minValue.trim()) when.minValue = d.minValue.trim();
  if (d.maxValue.trim()) when.maxValue = d.maxValue.trim();
  if (words(d.jurisdictions).length) when.jurisdictions = words(d.jurisdictions);
  if (words(d.tags).length) when.tags = words(d.tags);
  if (d.secured) when.secured = d.secured === 'yes';
  return { ...(d.id !== undefined ? { id: d.id } : {}), name: d.name, classCode: d.classCode, when };
}

function Checks({ legend, options, value, onChange, name }: { legend: string; options: readonly string[]; value: string[]; onChange: (v: string[]) => void; name: string }) {
  return (
    <fieldset className="checks">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o}>
          <input
            type="checkbox"
            aria-label={`${name}: ${legend} ${label(o)}`}
            checked={value.includes(o)}
            onChange={(e) => onChange(e.target.checked ? [...value, o] : value.filter((x) => x !== o))}
          />
          {label(o)}
        </label>
      ))}
    </fieldset>
  );
}

export function RuleCard(p: {
  n: number;
  rule: DraftRule;
  classes: string[];
  assets: string[];
  currency: string;
  preview: RulePreview | null;
  first: boolean;
  last: boolean;
  onChange: (r: DraftRule) => void;
  onMove: (d: -1 | 1) => void;
  onRemove: () => void;
}) {
  const r = p.rule;
  const set = <K extends keyof DraftRule>(k: K, v: DraftRule[K]) => p.onChange({ ...r, [k]: v });
  const name = `Rule ${p.n}`;
  const pv = p.preview;
  return (
    <li className="rule" aria-label={name}>
      <div className="rule-head">
        <span className="rule-n" aria-hidden="true">
          {p.n}
        </span>
        <label className="grow">
          Name
          <input aria-label={`${name} name`} value={r.name} onChange={(e) => set('name', e.target.value)} maxLength={200} placeholder={pv?.name ?? 'Named from its conditions'} />
        </label>
        <label>
          Class
          <select aria-label={`${name} class`} value={r.classCode} onChange={(e) => set('classCode', e.target.value)}>
            {p.classes.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <div className="rule-actions">
          <button type="button" className="small" aria-label={`Move rule ${p.n} up`} disabled={p.first} onClick={() => p.onMove(-1)}>
            ↑
          </button>
          <button type="button" className="small" aria-label={`Move rule ${p.n} down`} disabled={p.last} onClick={() => p.onMove(1)}>
            ↓
          </button>
          <button type="button" className="small danger" aria-label={`Remove rule ${p.n}`} onClick={p.onRemove}>
            Remove
          </button>
        </div>
      </div>
      <div className="rule-body">
        <div className="rule-conditions">
          <Checks name={name} legend="Creditor type" options={CREDITOR_TYPES} value={r.types} onChange={(v) => set('types', v)} />
          <Checks name={name} legend="Asset" options={p.assets} value={r.assets} onChange={(v) => set('assets', v)} />
          <Checks name={name} legend="Source" options={CLAIM_SOURCES} value={r.sources} onChange={(v) => set('sources', v)} />
          <div className="cond-row">
            <label>
              Value from ({p.currency})
              <input aria-label={`${name} value from`} value={r.minValue} onChange={(e) => set('minValue', e.target.value)} inputMode="decimal" placeholder="any" />
            </label>
            <label>
              Value up to ({p.currency})
              <input aria-label={`${name} value up to`} value={r.maxValue} onChange={(e) => set('maxValue', e.target.value)} inputMode="decimal" placeholder="any" />
            </label>
            <label>
              Jurisdictions
              <input aria-label={`${name} jurisdictions`} value={r.jurisdictions} onChange={(e) => set('jurisdictions', e.target.value)} placeholder="US, GB" />
            </label>
            <label>
              Tags (any of)
              <input aria-label={`${name} tags`} value={r.tags} onChange={(e) => set('tags', e.target.value)} placeholder="litigation, insider" />
            </label>
            <label>
              Collateral
              <select aria-label={`${name} collateral`} value={r.secured} onChange={(e) => set('secured', e.target.value as DraftRule['secured'])}>
                <option value="">Either</option>
                <option value="yes">Names collateral</option>
                <option value="no">Names none</option>
              </select>
            </label>
          </div>
        </div>
        <div className="rule-preview" aria-label={`${name} preview`}>
          {pv ? (
            <>
              <div>
                Matches <strong>{plural(pv.matched, 'claim')}</strong> · <Amount value={pv.matchedValue} asset={p.currency} />
              </div>
              <div className={pv.moved ? 'moves' : 'muted'}>
                Moves <strong>{plural(pv.moved, 'claim')}</strong> · <Amount value={pv.movedValue} asset={p.currency} /> → {pv.classCode}
              </div>
              {pv.from.length ? (
                <ul className="from">
                  {pv.from.slice(0, 5).map((f) => (
                    <li key={f.from ?? '-'}>
                      from {f.from ?? 'no class'}: {f.count.toLocaleString('en-US')} · <Amount value={f.value} asset={p.currency} />
                    </li>
                  ))}
                </ul>
              ) : null}
              {pv.reopened ? <div className="warn-note">{plural(pv.reopened, 'approved classification')} would go back to review</div> : null}
              {pv.kept ? <div className="muted">{plural(pv.kept, 'claim')} kept: decided by a person</div> : null}
            </>
          ) : (
            <span className="muted">No preview</span>
          )}
        </div>
      </div>
    </li>
  );
}
