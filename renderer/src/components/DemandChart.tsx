/**
 * Each class's demand against its allocation, as horizontal bars in SVG: a
 * light bar for what the class asks, a solid one for what it is allocated,
 * with the recovery %. Amounts arrive as exact decimal text and are scaled as
 * bigint minor units; the figures are printed exactly in the table beside it.
 */
import { groupDecimal } from '../format.js';
import { compact, linear, niceStep, toUnits } from './chart-scale.js';

export interface DemandBar {
  code: string;
  name: string;
  rank: number;
  demand: string;
  allocated: string;
  recovery: string;
}

const W = 720;
const ROW = 34;
const PAD = { top: 24, right: 70, bottom: 8, left: 150 };

export function DemandChart({ classes, currency, scale, title }: { classes: DemandBar[]; currency: string; scale: number; title: string }) {
  const rows = classes.map((c) => ({ ...c, d: toUnits(c.demand, scale), a: toUnits(c.allocated, scale) }));
  let hi = rows.reduce((m, r) => (r.d > m ? r.d : r.a > m ? r.a : m), 0n);
  if (hi === 0n) hi = 10n ** BigInt(scale);
  const step = niceStep(hi);
  hi = ((hi + step - 1n) / step) * step;
  const H = PAD.top + rows.length * ROW + PAD.bottom;
  const x = linear(0n, hi, PAD.left, W - PAD.right);
  const ticks: bigint[] = [];
  for (let t = 0n; t <= hi; t += step) ticks.push(t);
  const describe = rows
    .map((r) => `${r.code}: allocated ${groupDecimal(r.allocated)} of ${groupDecimal(r.demand)} ${currency} (${r.recovery})`)
    .join('; ');
  return (
    <figure className="chart demand">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}. ${describe}`} preserveAspectRatio="xMidYMid meet">
        <title>{title}</title>
        {ticks.map((t) => (
          <g key={t.toString()} className="tick">
            <line x1={x(t)} x2={x(t)} y1={PAD.top - 6} y2={H - PAD.bottom} className={t === 0n ? 'axis' : 'grid'} />
            <text x={x(t)} y={PAD.top - 10} textAnchor="middle">
              {compact(t, scale)}
            </text>
          </g>
        ))}
        {rows.map((r, i) => {
          const y = PAD.top + i * ROW + 6;
          const wd = Math.max(r.d > 0n ? 1 : 0, x(r.d) - PAD.left);
          const wa = Math.max(r.a > 0n ? 1 : 0, x(r.a) - PAD.left);
          return (
            <g key={r.code} data-class={r.code}>
              <text x={PAD.left - 8} y={y + 10} textAnchor="end" className="label">
                <tspan className="code">{r.code}</tspan>
                <tspan x={PAD.left - 8} dy={12} className="rank">
                  rank {r.rank}
                </tspan>
              </text>
              <rect x={PAD.left} y={y} width={wd} height={20} className="bar-demand" rx={2} />
              <rect x={PAD.left} y={y + 4} width={wa} height={12} className="bar-allocated" rx={2} />
              <text x={PAD.left + Math.max(wd, wa) + 6} y={y + 14} className="value">
                {r.recovery}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="demand-legend">
        <span>
          <i className="swatch demand" /> demand
        </span>
        <span>
          <i className="swatch allocated" /> allocated
        </span>
        <span className="muted">{currency}</span>
      </figcaption>
    </figure>
  );
}
