/**
 * A windowed grid: fixed row height, only the rows in view (plus a small
 * overscan) are in the DOM, rows come from a keyset-paged source. Keyboard:
 * arrows, Page Up/Down, Home/End move the active row; Enter opens it; Space
 * selects it. Sortable headers carry aria-sort.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { KeysetRows } from './useKeysetRows.js';

export interface Column<R> {
  key: string;
  label: string;
  /** CSS grid track, e.g. "120px" or "minmax(160px, 1fr)". */
  width: string;
  align?: 'right';
  /** The sort this header sets, if it sorts. */
  sort?: string;
  render: (row: R) => ReactNode;
}

interface Props<R> {
  label: string;
  columns: Column<R>[];
  rows: KeysetRows<R>;
  rowKey: (row: R) => string;
  rowHeight?: number;
  sort?: { key: string; dir: 'asc' | 'desc' };
  onSort?: (key: string) => void;
  selected?: ReadonlySet<string>;
  onToggle?: (row: R) => void;
  activeKey?: string | null;
  onOpen?: (row: R) => void;
}

const OVERSCAN = 8;

export function VirtualTable<R>({
  label,
  columns,
  rows,
  rowKey,
  rowHeight = 34,
  sort,
  onSort,
  selected,
  onToggle,
  activeKey,
  onOpen,
}: Props<R>) {
  const box = useRef<HTMLDivElement>(null);
  const id = useId();
  const [view, setView] = useState({ top: 0, height: 600 });
  const [active, setActive] = useState(0);
  const total = rows.known + (rows.more ? 12 : 0);
  const select = Boolean(onToggle);
  const template = (select ? '40px ' : '') + columns.map((c) => c.width).join(' ');
  const minWidth = (select ? 40 : 0) + columns.reduce((sum, c) => sum + Number(/(\d+)px/.exec(c.width)?.[1] ?? 120), 0);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let frame = 0;
    const measure = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => setView({ top: el.scrollTop, height: el.clientHeight }));
    };
    measure();
    el.addEventListener('scroll', measure, { passive: true });
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => {
      cancelAnimationFrame(frame);
      el.removeEventListener('scroll', measure);
      ro.disconnect();
    };
  }, []);

  // a new list (filter or sort) starts at its top
  useEffect(() => {
    if (box.current) box.current.scrollTop = 0;
    setActive(0);
  }, [rows.identity]);

  const bodyTop = Math.max(0, view.top - rowHeight); // the sticky header is one row high
  const first = Math.max(0, Math.floor(bodyTop / rowHeight) - OVERSCAN);
  const last = Math.min(total - 1, Math.ceil((bodyTop + view.height) / rowHeight) + OVERSCAN);
  useEffect(() => {
    rows.visible(first, Math.max(first, last));
  });

  const reveal = (i: number) => {
    const el = box.current;
    if (!el) return;
    const top = i * rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + 2 * rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + 2 * rowHeight - el.clientHeight;
  };
  const move = (i: number) => {
    const n = Math.max(0, Math.min(Math.max(total - 1, 0), i));
    setActive(n);
    reveal(n);
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor(view.height / rowHeight) - 1);
    const r = rows.row(active);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active + 1),
      ArrowUp: () => move(active - 1),
      PageDown: () => move(active + page),
      PageUp: () => move(active - page),
      Home: () => move(0),
      End: () => move(rows.known - 1),
      Enter: () => r && onOpen?.(r),
      ' ': () => r && onToggle?.(r),
    };
    const fn = keys[e.key];
    if (fn && e.target === e.currentTarget) {
      e.preventDefault();
      fn();
    }
  };

  const cells: ReactNode[] = [];
  for (let i = first; i <= last; i++) {
    const r = rows.row(i);
    const key = r ? rowKey(r) : null;
    const isSel = key !== null && Boolean(selected?.has(key));
    cells.push(
      <div
        key={i}
        id={`${id}-r${i}`}
        role="row"
        aria-rowindex={i + 2}
        aria-selected={select ? isSel : undefined}
        className={`vt-row${i === active ? ' vt-active' : ''}${key !== null && key === activeKey ? ' vt-open' : ''}${isSel ? ' vt-selected' : ''}${r ? '' : ' vt-pending'}`}
        style={{ top: (i + 1) * rowHeight, height: rowHeight, gridTemplateColumns: template }}
        onClick={() => {
          setActive(i);
          if (r) onOpen?.(r);
        }}
      >
        {select ? (
          <div role="gridcell" className="vt-check" onClick={(e) => e.stopPropagation()}>
            {r ? <input type="checkbox" tabIndex={-1} checked={isSel} onChange={() => onToggle?.(r)} aria-label={`Select ${key}`} /> : null}
          </div>
        ) : null}
        {r
          ? columns.map((c) => (
              <div key={c.key} role="gridcell" className={c.align === 'right' ? 'vt-cell num' : 'vt-cell'}>
                {c.render(r)}
              </div>
            ))
          : [
              <div key="pending" role="gridcell" className="vt-cell muted">
                {i < rows.known || rows.more ? 'Loading…' : ''}
              </div>,
            ]}
      </div>,
    );
  }

  return (
    <div
      ref={box}
      className="vt"
      role="grid"
      aria-label={label}
      aria-rowcount={rows.more ? -1 : rows.known + 1}
      aria-colcount={columns.length + (select ? 1 : 0)}
      aria-activedescendant={active >= first && active <= last ? `${id}-r${active}` : undefined}
      tabIndex={0}
      onKeyDown={onKey}
    >
      <div className="vt-canvas" style={{ height: (total + 1) * rowHeight, minWidth }}>
        <div role="row" aria-rowindex={1} className="vt-row vt-head" style={{ height: rowHeight, gridTemplateColumns: template }}>
          {select ? (
            <div role="columnheader" className="vt-check">
              <span className="vt-sr">Select</span>
            </div>
          ) : null}
          {columns.map((c) => {
            const on = c.sort !== undefined && sort?.key === c.sort;
            return (
              <div
                key={c.key}
                role="columnheader"
                aria-sort={c.sort === undefined ? undefined : on ? (sort!.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
                className={c.align === 'right' ? 'vt-cell num' : 'vt-cell'}
              >
                {c.sort !== undefined && onSort ? (
                  <button type="button" className="vt-sort" onClick={() => onSort(c.sort!)}>
                    {c.label}
                    <span aria-hidden="true" className="vt-arrow">
                      {on ? (sort!.dir === 'asc' ? '▲' : '▼') : '↕'}
                    </span>
                  </button>
                ) : (
                  c.label
                )}
              </div>
            );
          })}
        </div>
        {cells}
      </div>
    </div>
  );
}
