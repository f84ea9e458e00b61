/**
 * Rows of a keyset-paged list for a virtualized table. Pages are fetched as
 * the visible range reaches them; the start cursor of every page seen is
 * kept (a few values each), so a page dropped from memory is fetched again
 * from its cursor when scrolled back to. Only the pages around the visible
 * range are held: at a million rows the renderer holds a few hundred.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export interface KeysetPage<R, C> {
  rows: R[];
  next: C | null;
}

export interface KeysetRows<R> {
  /** Changes whenever the list starts again (new filter or sort). */
  identity: string;
  /** Rows known to exist so far (all of them once the end is reached). */
  known: number;
  /** False once the last page has been seen. */
  more: boolean;
  row: (index: number) => R | undefined;
  /** Tell the hook which rows are on screen; it fetches and evicts pages around them. */
  visible: (first: number, last: number) => void;
  /** Replace rows in place (after a change made from this screen). */
  patch: (fn: (row: R) => R) => void;
  loading: boolean;
  error: Error | null;
  retry: () => void;
}

/** Pages kept either side of the visible ones. */
const KEEP = 2;

interface State<R, C> {
  identity: string;
  gen: number;
  cursors: Array<C | undefined>;
  pages: Map<number, R[]>;
  inFlight: Set<number>;
  /** Index of the last page, once seen. */
  end: number;
  lastRows: number;
  range: [number, number];
  error: Error | null;
}

function fresh<R, C>(identity: string, gen: number): State<R, C> {
  return { identity, gen, cursors: [undefined], pages: new Map(), inFlight: new Set(), end: -1, lastRows: 0, range: [0, 0], error: null };
}

export function useKeysetRows<R, C>(
  fetchPage: (after: C | undefined, limit: number) => Promise<KeysetPage<R, C>>,
  identity: string,
  pageSize = 100,
): KeysetRows<R> {
  const st = useRef<State<R, C>>(fresh(identity, 0));
  // a new filter or sort starts from the top, in this very render (nothing of the old list is shown or counted)
  if (st.current.identity !== identity) st.current = fresh(identity, st.current.gen + 1);
  const [, setTick] = useState(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const bump = () => setTick((t) => t + 1);

  const pump = useCallback(() => {
    const s = st.current;
    const [first, last] = s.range;
    const lo = Math.max(0, Math.floor(first / pageSize) - 1);
    const hi = Math.floor(last / pageSize) + 1;
    for (const k of [...s.pages.keys()]) if (k < lo - KEEP || k > hi + KEEP) s.pages.delete(k);
    for (let k = lo; k <= hi; k++) {
      if (s.end >= 0 && k > s.end) break;
      if (s.pages.has(k) || s.inFlight.has(k)) continue;
      if (k >= s.cursors.length) break; // its start is not known yet: the page before brings it
      s.inFlight.add(k);
      fetchRef.current(s.cursors[k], pageSize).then(
        (p) => {
          if (st.current !== s) return; // the list started again meanwhile
          s.inFlight.delete(k);
          s.pages.set(k, p.rows);
          if (p.next === null) {
            s.end = k;
            s.lastRows = p.rows.length;
            s.cursors.length = k + 1;
          } else if (s.cursors.length === k + 1) s.cursors.push(p.next);
          else s.cursors[k + 1] = p.next;
          s.error = null;
          bump();
          pump();
        },
        (e: Error) => {
          if (st.current !== s) return;
          s.inFlight.delete(k);
          s.error = e;
          bump();
        },
      );
    }
  }, [pageSize]);

  useEffect(() => pump(), [identity, pump]);

  const s = st.current;
  return {
    identity,
    known: s.end >= 0 ? s.end * pageSize + s.lastRows : (s.cursors.length - 1) * pageSize,
    more: s.end < 0,
    row: (i) => s.pages.get(Math.floor(i / pageSize))?.[i % pageSize],
    visible: (first, last) => {
      const [a, b] = s.range;
      if (a === first && b === last) return;
      s.range = [first, last];
      pump();
    },
    patch: (fn) => {
      for (const [k, rows] of s.pages) s.pages.set(k, rows.map(fn));
      bump();
    },
    loading: s.inFlight.size > 0,
    error: s.error,
    retry: () => {
      s.error = null;
      bump();
      pump();
    },
  };
}
