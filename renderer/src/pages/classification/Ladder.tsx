/** The ladder editor: classes in rank order, shared ranks grouped; reorder by dragging or by keyboard (Alt+↑/↓). */
import { useEffect, useRef, useState, type DragEvent, type KeyboardEvent, type ReactNode } from 'react';
import { send } from '../../api.js';
import { useUi } from '../../store.js';
import { Amount } from '../../components/Amount.js';
import { label } from '../../format.js';
import type { ClassView, LadderState } from '../../../../src/api/contract/classes.js';
import { addClass, fromGroups, moveDown, moveTo, moveUp, ranksOf, removeClass, replaceClass, setShared, toGroups, type Groups } from './ladderModel.js';
import { ClassForm } from './ClassForm.js';
import { ImportDialog, TemplateDialog } from './LadderDialogs.js';
import { Problems, percentText, plural } from './common.js';

function terms(c: ClassView, currency: string) {
  const out: ReactNode[] = [];
  if (c.treatment === 'fixed_pct') out.push(`${c.pct ? percentText(c.pct) : '?'} of value`);
  if (c.cap) out.push(<span key="cap">cap <Amount value={c.cap} asset={currency} /></span>);
  if (c.secured) out.push(`secured; deficiency → ${c.deficiencyClass ?? 'GUC'}`);
  if (c.portionCap) out.push(<span key="split">up to <Amount value={c.portionCap} asset={currency} />, rest → {c.overflowClass}</span>);
  if (c.interestBearing) out.push('interest-bearing');
  if (c.inKindAsset) out.push(`paid in ${c.inKindAsset}`);
  return out;
}

export function Ladder({ ladder, onSaved }: { ladder: LadderState; onSaved: () => void }) {
  const toast = useUi((s) => s.toast);
  const [groups, setGroups] = useState<Groups>(() => toGroups(ladder.classes));
  const [dirty, setDirty] = useState(false);
  const [note, setNote] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState<ClassView | 'new' | null>(null);
  const [dialog, setDialog] = useState<'template' | 'import' | null>(null);
  // a request to focus a row (after a move or arrow key), consumed once the rows are rendered
  const [focus, setFocusReq] = useState<{ code: string; n: number } | null>(null);
  const setFocus = (code: string) => setFocusReq((f) => ({ code, n: (f?.n ?? 0) + 1 }));
  const [announce, setAnnounce] = useState('');
  const [dragging, setDragging] = useState<string | null>(null);
  const rows = useRef(new Map<string, HTMLTableRowElement>());

  // a new ladder from the case replaces the view, unless the user is editing a draft
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;
  useEffect(() => {
    if (!dirtyRef.current) setGroups(toGroups(ladder.classes));
  }, [ladder]);
  useEffect(() => {
    if (focus) rows.current.get(focus.code)?.focus();
  }, [focus]);

  const change = (g: Groups, code?: string, words?: string) => {
    if (g === groups) return;
    setGroups(g);
    setDirty(true);
    setError(null);
    if (code) {
      setFocus(code);
      const gi = g.findIndex((x) => x.some((c) => c.code === code));
      setAnnounce(words ?? `${code} is now at rank ${ranksOf(g)[gi]} of ${g.length}${g[gi]!.length > 1 ? `, shared with ${g[gi]!.filter((c) => c.code !== code).map((c) => c.code).join(', ')}` : ''}`);
    }
  };
  const ranks = ranksOf(groups);
  const order = groups.flat().map((c) => c.code);

  const onKey = (e: KeyboardEvent, code: string) => {
    const i = order.indexOf(code);
    if (e.altKey && e.key === 'ArrowUp') change(moveUp(groups, code), code);
    else if (e.altKey && e.key === 'ArrowDown') change(moveDown(groups, code), code);
    else if (e.key === 'ArrowUp' && i > 0) setFocus(order[i - 1]!);
    else if (e.key === 'ArrowDown' && i < order.length - 1) setFocus(order[i + 1]!);
    else return;
    e.preventDefault();
  };
  const onDrop = (e: DragEvent, target: string) => {
    e.preventDefault();
    const code = e.dataTransfer.getData('text/plain') || dragging;
    setDragging(null);
    if (code) change(moveTo(groups, code, target), code);
  };

  const save = async () => {
    setBusy(true);
    try {
      const r = await send('classes.save', { classes: fromGroups(groups), ...(note.trim() ? { note: note.trim() } : {}) });
      setDirty(false);
      setNote('');
      toast('success', r.changed ? `Saved the ladder as version ${r.version?.id}` : 'Nothing changed');
      useUi.getState().changed();
      onSaved();
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  const discard = () => {
    setGroups(toGroups(ladder.classes));
    setDirty(false);
    setError(null);
  };
  const codes = groups.flat().map((c) => c.code);

  return (
    <section className="card ladder" aria-label="Class ladder">
      <div className="section-head">
        <div>
          <h2>Class ladder</h2>
          <p className="muted">
            Rank 1 is paid first; classes in one rank are paid pari passu. Drag a row, or focus it and press Alt+↑ / Alt+↓, to change its rank.
          </p>
        </div>
        <div className="actions">
          <button type="button" onClick={() => setDialog('template')}>
            Load template…
          </button>
          <button type="button" onClick={() => setDialog('import')}>
            Import CSV…
          </button>
          <button type="button" onClick={() => setEditing('new')}>
            Add class
          </button>
        </div>
      </div>
      <div className="sr-only" aria-live="polite">
        {announce}
      </div>
      {groups.length === 0 ? (
        <p className="empty-inline">No classes yet: load a template (US chapter 11, UK administration, crypto venue), import a CSV, or add classes one by one.</p>
      ) : (
        <table className="data ladder-table">
          <thead>
            <tr>
              <th scope="col" aria-label="Drag handle" />
              <th scope="col">Rank</th>
              <th scope="col">Class</th>
              <th scope="col">Treatment</th>
              <th scope="col">Terms</th>
              <th scope="col" className="num">
                Claims
              </th>
              <th scope="col">Shares rank above</th>
              <th scope="col">Reorder</th>
              <th scope="col" aria-label="Actions" />
            </tr>
          </thead>
          {groups.map((group, gi) => (
            <tbody key={group.map((c) => c.code).join('+')} className={group.length > 1 ? 'rank-group shared' : 'rank-group'} data-rank={ranks[gi]}>
              {group.map((c, ci) => {
                const first = gi === 0 && ci === 0;
                const last = gi === groups.length - 1 && ci === group.length - 1 && group.length === 1;
                return (
                  <tr
                    key={c.code}
                    ref={(el) => void (el ? rows.current.set(c.code, el) : rows.current.delete(c.code))}
                    tabIndex={0}
                    aria-label={`${c.code} ${c.name}, rank ${ranks[gi]}${group.length > 1 ? ' (shared)' : ''}`}
                    className={dragging === c.code ? 'dragging' : undefined}
                    draggable
                    onDragStart={(e) => {
                      e.dataTransfer.setData('text/plain', c.code);
                      e.dataTransfer.effectAllowed = 'move';
                      setDragging(c.code);
                    }}
                    onDragEnd={() => setDragging(null)}
                    onDragOver={(e) => e.preventDefault()}
                    onDrop={(e) => onDrop(e, c.code)}
                    onKeyDown={(e) => onKey(e, c.code)}
                  >
                    <td className="handle" aria-hidden="true">
                      ⋮⋮
                    </td>
                    <td className="rank">{ci === 0 ? ranks[gi] : <span className="muted">″</span>}</td>
                    <td>
                      <code>{c.code}</code> {c.name}
                    </td>
                    <td>
                      <span className={`badge treatment-${c.treatment}`}>{label(c.treatment)}</span>
                    </td>
                    <td className="terms">{terms(c, ladder.currency).map((t, i) => (i ? [' · ', t] : t))}</td>
                    <td className="num">{(ladder.claimsPerClass[c.code] ?? 0).toLocaleString('en-US')}</td>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`${c.code} shares the rank of the class above`}
                        checked={ci > 0}
                        disabled={first}
                        onChange={(e) => change(setShared(groups, c.code, e.target.checked), c.code)}
                      />
                    </td>
                    <td className="nowrap">
                      <button type="button" className="small" aria-label={`Move ${c.code} up`} disabled={first} onClick={() => change(moveUp(groups, c.code), c.code)}>
                        ↑
                      </button>{' '}
                      <button type="button" className="small" aria-label={`Move ${c.code} down`} disabled={last} onClick={() => change(moveDown(groups, c.code), c.code)}>
                        ↓
                      </button>
                    </td>
                    <td className="nowrap">
                      <button type="button" className="small" onClick={() => setEditing(c)} aria-label={`Edit ${c.code}`}>
                        Edit
                      </button>{' '}
                      <button
                        type="button"
                        className="small danger"
                        aria-label={`Remove ${c.code}`}
                        disabled={(ladder.claimsPerClass[c.code] ?? 0) > 0}
                        title={(ladder.claimsPerClass[c.code] ?? 0) > 0 ? `${plural(ladder.claimsPerClass[c.code]!, 'claim')} in this class: reclassify them first` : undefined}
                        onClick={() => change(removeClass(groups, c.code), undefined)}
                      >
                        Remove
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          ))}
        </table>
      )}
      <Problems error={error} />
      {dirty ? (
        <div className="savebar" role="region" aria-label="Unsaved ladder">
          <span>Unsaved changes to the ladder</span>
          <label className="grow">
            Note for the version (optional)
            <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} placeholder="Why the ladder changed" />
          </label>
          <button type="button" onClick={discard} disabled={busy}>
            Discard changes
          </button>
          <button type="button" className="primary" onClick={() => void save()} disabled={busy}>
            Save ladder
          </button>
        </div>
      ) : null}
      {editing ? (
        <ClassForm
          initial={editing === 'new' ? null : editing}
          codes={codes}
          assets={ladder.assets.filter((a) => a !== ladder.currency)}
          currency={ladder.currency}
          onClose={() => setEditing(null)}
          onDone={(c) => {
            change(editing === 'new' ? addClass(groups, c) : replaceClass(groups, editing.code, c), c.code, `${c.code} ${editing === 'new' ? 'added' : 'changed'}; save the ladder to keep it`);
            setEditing(null);
          }}
        />
      ) : null}
      {dialog === 'template' ? <TemplateDialog onClose={() => setDialog(null)} onLoaded={() => (setDialog(null), setDirty(false), onSaved())} /> : null}
      {dialog === 'import' ? <ImportDialog onClose={() => setDialog(null)} onLoaded={() => (setDialog(null), setDirty(false), onSaved())} /> : null}
    </section>
  );
}
