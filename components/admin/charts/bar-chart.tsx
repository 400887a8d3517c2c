// A horizontal bar chart drawn as SVG, one bar per row: an optional light "capacity" track (the
// quota), coloured segments stacked on it (states, or the used amount), and an axis below.
// Labels and values are HTML beside the bars, so text stays readable at any width; each bar is an
// image with a full text description for screen readers, each segment has a hover title.
import Link from 'next/link';
import { useId, type ReactNode } from 'react';
import { linkClass } from '../styles';
import { niceTicks, type TickMode } from './ticks';

export interface BarSegment {
  label: string;
  value: number;
  /** Tailwind fill classes (light and dark). */
  fill: string;
}

export interface BarRow {
  key: string;
  label: string;
  href?: string;
  segments: BarSegment[];
  /** Drawn as the bar's track: the quota the segments fill. */
  capacity?: number;
  /** Shown at the end of the row, e.g. "2 / 3". */
  valueText: string;
  /** What a screen reader hears for this bar. */
  description: string;
}

export interface LegendEntry {
  label: string;
  swatch: string;
}

export interface BarChartProps {
  title: string;
  description?: ReactNode;
  rows: BarRow[];
  legend?: LegendEntry[];
  formatTick?: (value: number) => string;
  /** `integer` for counts, `binary` for bytes. */
  tickMode?: TickMode;
  /** Shown instead of the bars when there are no rows, and as a note when every value is 0. */
  empty?: ReactNode;
}

const pct = (value: number, scale: number) => `${Math.max(0, Math.min(100, (value / scale) * 100))}%`;

export function BarChart({ title, description, rows, legend, formatTick = String, tickMode, empty }: BarChartProps) {
  const titleId = useId();
  const descId = useId();
  const dataMax = Math.max(0, ...rows.map((r) => Math.max(r.capacity ?? 0, r.segments.reduce((sum, s) => sum + s.value, 0))));
  const ticks = niceTicks(dataMax, tickMode);
  const scale = ticks[ticks.length - 1]!;
  // One grid for every row and the axis (rows are subgrids), so all bars share one scale width.
  // Phones: name and value on one line, the bar below at full width. Wider: one line each.
  const grid = 'grid grid-cols-[minmax(0,1fr)_auto] gap-x-3 sm:grid-cols-[minmax(4.5rem,8rem)_minmax(0,1fr)_auto]';
  const subgrid = 'col-span-full grid grid-cols-subgrid';
  const barCell = 'col-span-2 row-start-2 sm:col-span-1 sm:col-start-2 sm:row-start-1';
  const allZero = rows.every((r) => r.segments.every((s) => s.value === 0));

  return (
    <figure className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs dark:border-slate-800 dark:bg-slate-900" aria-labelledby={titleId} aria-describedby={description ? descId : undefined}>
      <figcaption>
        <h3 id={titleId} className="font-semibold">
          {title}
        </h3>
        {description && (
          <p id={descId} className="text-xs text-slate-600 dark:text-slate-400">
            {description}
          </p>
        )}
      </figcaption>
      {legend && legend.length > 0 && (
        <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700 dark:text-slate-300" aria-label="Legend">
          {legend.map((entry) => (
            <li key={entry.label} className="flex items-center gap-1.5">
              <span aria-hidden="true" className={`inline-block size-2.5 rounded-sm ${entry.swatch}`} />
              {entry.label}
            </li>
          ))}
        </ul>
      )}
      {rows.length === 0 ? (
        <div className="mt-4 text-sm text-slate-600 dark:text-slate-400">{empty ?? 'Nothing to show yet.'}</div>
      ) : (
        <div className={`mt-4 ${grid}`}>
          <ul className={`${subgrid} gap-y-2`}>
            {rows.map((row) => {
              let start = 0;
              return (
                <li key={row.key} className={`${subgrid} items-center gap-y-1`}>
                  <span className="truncate text-sm" title={row.label}>
                    {row.href ? (
                      <Link href={row.href} className={linkClass}>
                        {row.label}
                      </Link>
                    ) : (
                      row.label
                    )}
                  </span>
                  <svg role="img" aria-label={row.description} className={`block h-6 w-full overflow-visible ${barCell}`}>
                    {ticks.slice(1).map((t) => (
                      <line key={t} x1={pct(t, scale)} x2={pct(t, scale)} y1="-4" y2="28" className="stroke-slate-200 dark:stroke-slate-700" strokeWidth="1" />
                    ))}
                    {row.capacity !== undefined && row.capacity > 0 && (
                      <rect x="0" y="2" height="20" width={pct(row.capacity, scale)} rx="3" className="fill-slate-200 stroke-slate-300 dark:fill-slate-800 dark:stroke-slate-600" strokeDasharray="3 2">
                        <title>{`Quota: ${formatTick(row.capacity)}`}</title>
                      </rect>
                    )}
                    {row.segments.map((segment) => {
                      const x = start;
                      start += segment.value;
                      if (segment.value <= 0) return null;
                      return (
                        <rect key={segment.label} x={pct(x, scale)} y="4" height="16" width={pct(segment.value, scale)} className={segment.fill}>
                          <title>{`${segment.label}: ${formatTick(segment.value)}`}</title>
                        </rect>
                      );
                    })}
                  </svg>
                  <span className="text-right text-xs tabular-nums whitespace-nowrap text-slate-700 sm:col-start-3 dark:text-slate-300">{row.valueText}</span>
                </li>
              );
            })}
          </ul>
          <div className={`${subgrid} mt-1`} aria-hidden="true">
            <span className="hidden sm:block" />
            <div className={`relative h-4 text-[11px] text-slate-500 dark:text-slate-400 ${barCell} max-sm:row-start-1`}>
              {ticks.map((t, i) => (
                <span
                  key={t}
                  // On a phone every other middle tick is left out, so labels do not collide.
                  className={`absolute top-0 whitespace-nowrap tabular-nums ${i === 0 ? '' : i === ticks.length - 1 ? '-translate-x-full' : '-translate-x-1/2'} ${i % 2 === 1 && i !== ticks.length - 1 ? 'max-sm:hidden' : ''}`}
                  style={{ left: pct(t, scale) }}
                >
                  {formatTick(t)}
                </span>
              ))}
            </div>
            <span className="hidden sm:block" />
          </div>
          {allZero && empty && <p className="col-span-full mt-2 text-xs text-slate-600 dark:text-slate-400">{empty}</p>}
        </div>
      )}
    </figure>
  );
}
