/**
 * A waterfall chart in SVG: a starting total, the amounts taken off it step by
 * step, and the total that is left. Amounts arrive as exact decimal text and
 * are scaled as bigint minor units; the figures are printed exactly.
 */
import { groupDecimal } from '../format.js';
import { compact, linear, niceStep, toUnits } from './chart-scale.js';

export interface WaterfallStep {
  label: string;
  /** Decimal text. A 'total' is a level from zero; a 'decrease' is taken off the running level. */
  value: string;
  kind: 'total' | 'decrease';
}

const W = 720;
const H = 260;
const PAD = { top: 28, right: 12, bottom: 44, left: 64 };

export function WaterfallChart({ steps, currency, scale, title }: { steps: WaterfallStep[]; currency: string; scale: number; title: string }) {
  // running levels: each bar spans [from, to]
  let level = 0n;
  const bars = steps.map((s) => {
    const v = toUnits(s.value, scale);
    if (s.kind === 'total') {
      level = v;
      return { ...s, from: 0n, to: v, units: v };
    }
    const from = level;
    level = level - v;
    return { ...s, from, to: level, units: v };
  });
  const points = bars.flatMap((b) => [b.from, b.to]);
  let lo = points.reduce((a, b) => (b < a ? b : a), 0n);
  let hi = points.reduce((a, b) => (b > a ? b : a), 0n);
  if (hi === lo) hi = lo + 10n ** BigInt(scale);
  const step = niceStep(hi - lo);
  hi = ((hi + step - 1n) / step) * step;
  if (lo < 0n) lo = -((-lo + step - 1n) / step) * step;
  const y = linear(lo, hi, H - PAD.bottom, PAD.top);
  const slot = (W - PAD.left - PAD.right) / bars.length;
  const barW = Math.min(72, slot * 0.62);
  const ticks: bigint[] = [];
  for (let t = lo; t <= hi; t += step) ticks.push(t);
  const describe = bars.map((b) => `${b.label}: ${b.kind === 'decrease' ? '−' : ''}${groupDecimal(b.value)} ${currency}`).join('; ');
  return (
    <figure className="chart waterfall">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}. ${describe}`} preserveAspectRatio="xMidYMid meet">
        <title>{title}</title>
        {ticks.map((t) => (
          <g key={t.toString()} className="tick">
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} className={t === 0n ? 'axis' : 'grid'} />
            <text x={PAD.left - 8} y={y(t) + 4} textAnchor="end">
              {compact(t, scale)}
            </text>
          </g>
        ))}
        {bars.map((b, i) => {
          const x = PAD.left + slot * i + (slot - barW) / 2;
          const top = Math.min(y(b.from), y(b.to));
          const height = Math.max(1, Math.abs(y(b.from) - y(b.to)));
          const cls = b.kind === 'total' ? (b.units < 0n ? 'bar-total negative' : i === 0 ? 'bar-total start' : 'bar-total end') : 'bar-decrease';
          const next = bars[i + 1];
          return (
            <g key={b.label} data-step={b.label}>
              <rect x={x} y={top} width={barW} height={height} className={cls} rx={2} />
              {next && next.kind === 'decrease' ? <line className="connector" x1={x + barW} x2={x + slot} y1={y(b.to)} y2={y(b.to)} /> : null}
              <text x={x + barW / 2} y={top - 6} textAnchor="middle" className="value">
                {b.kind === 'decrease' && b.units !== 0n ? '−' : ''}
                {compact(b.units < 0n && b.kind === 'decrease' ? -b.units : b.units, scale)}
              </text>
              <text x={x + barW / 2} y={H - PAD.bottom + 16} textAnchor="middle" className="label">
                {b.label.split(' ').slice(0, 2).join(' ')}
              </text>
              {b.label.split(' ').length > 2 ? (
                <text x={x + barW / 2} y={H - PAD.bottom + 30} textAnchor="middle" className="label">
                  {b.label.split(' ').slice(2).join(' ')}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <dl className="waterfall-legend">
          {bars.map((b) => (
            <div key={b.label} className={b.kind === 'total' ? 'total' : ''}>
              <dt>{b.label}</dt>
              <dd className="num">
                {b.kind === 'decrease' ? '− ' : ''}
                {groupDecimal(b.value)} <span className="asset">{currency}</span>
              </dd>
            </div>
          ))}
        </dl>
      </figcaption>
    </figure>
  );
}
