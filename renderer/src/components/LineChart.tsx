/** A line chart in SVG of dated values (decimal text), for an asset's valuation history. */
import { groupDecimal } from '../format.js';
import { compact, linear, niceStep, scaleOfText, toUnits } from './chart-scale.js';

export interface LinePoint {
  date: string;
  value: string;
  /** Shown as the point's tooltip. */
  note?: string;
  /** Drawn hollow (e.g. a price-table price rather than the asset's own mark). */
  hollow?: boolean;
}

const W = 640;
const H = 220;
const PAD = { top: 16, right: 16, bottom: 32, left: 64 };

const dayNumber = (d: string) => Math.round(Date.parse(d + 'T00:00:00Z') / 86_400_000);

export function LineChart({ points, unit, title }: { points: LinePoint[]; unit: string; title: string }) {
  if (points.length === 0) return null;
  const scale = Math.max(...points.map((p) => scaleOfText(p.value)));
  const units = points.map((p) => toUnits(p.value, scale));
  let lo = units.reduce((a, b) => (b < a ? b : a));
  let hi = units.reduce((a, b) => (b > a ? b : a));
  if (lo > 0n) lo = 0n;
  if (hi === lo) hi = lo + 10n ** BigInt(scale);
  const step = niceStep(hi - lo);
  hi = ((hi + step - 1n) / step) * step;
  const y = linear(lo, hi, H - PAD.bottom, PAD.top);
  const d0 = dayNumber(points[0]!.date);
  const d1 = Math.max(d0 + 1, dayNumber(points[points.length - 1]!.date));
  const x = (d: string) => PAD.left + ((dayNumber(d) - d0) / (d1 - d0)) * (W - PAD.left - PAD.right);
  const ticks: bigint[] = [];
  for (let t = lo; t <= hi; t += step) ticks.push(t);
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${x(p.date).toFixed(1)},${y(units[i]!).toFixed(1)}`).join(' ');
  const first = points[0]!;
  const last = points[points.length - 1]!;
  return (
    <figure className="chart line">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`${title}: ${points.length} marks from ${first.date} (${groupDecimal(first.value)}) to ${last.date} (${groupDecimal(last.value)}) ${unit}`}
      >
        <title>{title}</title>
        {ticks.map((t) => (
          <g key={t.toString()} className="tick">
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} className={t === 0n ? 'axis' : 'grid'} />
            <text x={PAD.left - 8} y={y(t) + 4} textAnchor="end">
              {compact(t, scale)}
            </text>
          </g>
        ))}
        <path d={path} className="line-path" />
        {points.map((p, i) => (
          <circle key={`${p.date}-${i}`} cx={x(p.date)} cy={y(units[i]!)} r={4} className={p.hollow ? 'dot hollow' : 'dot'}>
            <title>{`${p.date}: ${groupDecimal(p.value)} ${unit}${p.note ? ` (${p.note})` : ''}`}</title>
          </circle>
        ))}
        <text x={PAD.left} y={H - 8} className="label">
          {first.date}
        </text>
        <text x={W - PAD.right} y={H - 8} textAnchor="end" className="label">
          {last.date}
        </text>
      </svg>
      <figcaption className="muted">{unit}</figcaption>
    </figure>
  );
}
