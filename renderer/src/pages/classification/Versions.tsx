/** Ladder versions: who changed what and when, the diff between two versions, and the legal sign-off. */
import { useEffect, useState } from 'react';
import { send } from '../../api.js';
import { useApi } from '../../hooks.js';
import { useUi } from '../../store.js';
import { Amount } from '../../components/Amount.js';
import { EmptyState, ErrorState, Loading } from '../../components/States.js';
import { fmtCount, fmtDate } from '../../format.js';
import type { VersionDiff } from '../../../../src/api/contract/classes.js';
import { plural } from './common.js';

export function Versions() {
  const q = useApi('classes.versions', {});
  const user = useUi((s) => s.app?.user);
  const toast = useUi((s) => s.toast);
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const [diff, setDiff] = useState<VersionDiff | null>(null);
  const [diffError, setDiffError] = useState<Error | null>(null);
  const vs = q.data;
  useEffect(() => {
    if (vs && vs.length > 1 && from === null) {
      setFrom(vs[1]!.id);
      setTo(vs[0]!.id);
    }
  }, [vs, from]);
  if (q.error) return <ErrorState error={q.error} onRetry={q.reload} />;
  if (!vs) return <Loading what="the ladder versions" />;
  if (!vs.length) return <EmptyState title="No versions yet">Load a template or save a ladder: every change of the ladder or the rules makes a version.</EmptyState>;

  const signOff = async (id: number) => {
    try {
      const v = await send('classes.signoff', { version: id });
      toast('success', `Version ${v.id} signed off by ${v.signedOffBy}`);
      useUi.getState().changed();
    } catch (e) {
      toast('error', (e as Error).message);
    }
  };
  const compare = async () => {
    if (from === null || to === null) return;
    setDiffError(null);
    try {
      setDiff(await send('classes.diff', { from, to, limit: 25 }));
    } catch (e) {
      setDiffError(e as Error);
    }
  };

  return (
    <div className="versions">
      <section className="card" aria-label="Ladder versions">
        <h2>Versions</h2>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">When</th>
              <th scope="col">By</th>
              <th scope="col">What changed</th>
              <th scope="col">Legal sign-off</th>
            </tr>
          </thead>
          <tbody>
            {vs.map((v) => (
              <tr key={v.id} className={v.current ? 'current' : undefined}>
                <td>
                  {v.id} {v.current ? <span className="badge status-allowed">current</span> : null}
                </td>
                <td className="nowrap">{fmtDate(v.at)}</td>
                <td>{v.author}</td>
                <td>
                  {v.summary} <span className="muted">({plural(v.classes, 'class', 'classes')}, {plural(v.rules, 'rule')})</span>
                </td>
                <td>
                  {v.signedOffBy ? (
                    <span className="ok">
                      ✓ {v.signedOffBy}, {fmtDate(v.signedOffAt)}
                    </span>
                  ) : v.current ? (
                    <button
                      type="button"
                      className="small primary"
                      disabled={v.author === user}
                      title={v.author === user ? 'You made this version; another person must sign it off' : undefined}
                      onClick={() => void signOff(v.id)}
                    >
                      Sign off version {v.id}
                    </button>
                  ) : (
                    <span className="muted">superseded</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {vs.length > 1 ? (
        <section className="card" aria-label="Compare versions">
          <h2>Compare two versions</h2>
          <div className="filters">
            <label>
              From version
              <select value={from ?? ''} onChange={(e) => setFrom(Number(e.target.value))}>
                {vs.map((v) => (
                  <option key={v.id} value={v.id}>
                    {v.id}
                  </option>
                ))}
              </select>
            </label>
            <label>
              To version
              <select value={to ?? ''} onChange={(e) => setTo(Number(e.target.value))}>
                {vs.map((v) => (
                  <option key={v.id} value={v.id}>
                    {v.id}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" onClick={() => void compare()}>
              Compare
            </button>
          </div>
          {diffError ? <ErrorState error={diffError} /> : null}
          {diff ? <DiffView d={diff} /> : null}
        </section>
      ) : null}
    </div>
  );
}

function DiffView({ d }: { d: VersionDiff }) {
  const lines: string[] = [];
  if (d.classes.added.length) lines.push(`Classes added: ${d.classes.added.join(', ')}`);
  if (d.classes.removed.length) lines.push(`Classes removed: ${d.classes.removed.join(', ')}`);
  for (const c of d.classes.changed) lines.push(`${c.code}: ${c.changes.map((x) => `${x.field} ${x.from ?? '—'} → ${x.to ?? '—'}`).join(', ')}`);
  if (d.rules.added.length) lines.push(`Rules added: ${d.rules.added.join(', ')}`);
  if (d.rules.removed.length) lines.push(`Rules removed: ${d.rules.removed.join(', ')}`);
  if (d.rules.changed.length) lines.push(`Rules changed: ${d.rules.changed.join(', ')}`);
  if (d.rules.reordered) lines.push('Rules reordered');
  return (
    <div className="diff" aria-label="Differences">
      <h3>
        Version {d.from.id} → {d.to.id}
      </h3>
      {lines.length ? (
        <ul>
          {lines.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      ) : (
        <p className="muted">The ladder and the rules are the same.</p>
      )}
      <p className="moved-total">
        <strong>{plural(d.moved, 'claim')}</strong> move class, worth <Amount value={d.movedValue} asset={d.currency} />.
      </p>
      <p className="muted small-text">{d.method}</p>
      {d.moves.length ? (
        <div className="two-col">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">From</th>
                <th scope="col">To</th>
                <th scope="col" className="num">
                  Claims
                </th>
                <th scope="col" className="num">
                  Value ({d.currency})
                </th>
              </tr>
            </thead>
            <tbody>
              {d.moves.map((m) => (
                <tr key={`${m.from}>${m.to}`}>
                  <td>{m.from ?? 'no class'}</td>
                  <td>{m.to ?? 'no class'}</td>
                  <td className="num">{fmtCount(m.count)}</td>
                  <td className="num">
                    <Amount value={m.value} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Largest moved claims</th>
                <th scope="col">From → to</th>
                <th scope="col" className="num">
                  Value ({d.currency})
                </th>
              </tr>
            </thead>
            <tbody>
              {d.claims.map((c) => (
                <tr key={c.ref}>
                  <td className="ref">{c.ref}</td>
                  <td>
                    {c.from ?? 'no class'} → {c.to ?? 'no class'}
                  </td>
                  <td className="num">
                    <Amount value={c.value} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
