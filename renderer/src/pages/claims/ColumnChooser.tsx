/** Which columns the register shows; remembered on this computer. */
import { useEffect, useRef, useState } from 'react';

const KEY = 'recourse.claims.columns';

export function useColumnChoice(
  all: Array<{ key: string; initial: boolean; fixed?: boolean }>,
): [Set<string>, (key: string, on: boolean) => void] {
  const [shown, setShown] = useState<Set<string>>(() => {
    try {
      const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as unknown;
      if (Array.isArray(saved))
        return new Set([...saved.filter((k): k is string => typeof k === 'string'), ...all.filter((c) => c.fixed).map((c) => c.key)]);
    } catch {
      /* a damaged setting: fall back to the defaults */
    }
    return new Set(all.filter((c) => c.initial).map((c) => c.key));
  });
  const set = (key: string, on: boolean) => {
    const next = new Set(shown);
    if (on) next.add(key);
    else next.delete(key);
    setShown(next);
    localStorage.setItem(KEY, JSON.stringify([...next]));
  };
  return [shown, set];
}

export function ColumnChooser({
  columns,
  shown,
  onSet,
}: {
  columns: Array<{ key: string; label: string; fixed?: boolean }>;
  shown: Set<string>;
  onSet: (key: string, on: boolean) => void;
}) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => ref.current && !ref.current.contains(e.target as Node) && setOpen(false);
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  return (
    <div className="cl-chooser" ref={ref}>
      <button type="button" aria-expanded={open} aria-haspopup="true" onClick={() => setOpen(!open)}>
        Columns…
      </button>
      {open ? (
        <fieldset className="cl-chooser-menu" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          <legend>Columns to show</legend>
          {columns.map((c) => (
            <label key={c.key}>
              <input
                type="checkbox"
                checked={shown.has(c.key) || Boolean(c.fixed)}
                disabled={c.fixed}
                onChange={(e) => onSet(c.key, e.target.checked)}
              />
              {c.label}
            </label>
          ))}
        </fieldset>
      ) : null}
    </div>
  );
}
