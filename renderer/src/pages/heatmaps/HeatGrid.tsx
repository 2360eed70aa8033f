import { forwardRef, useId, useMemo } from 'react';
import type { HeatCell, HeatmapMetric, HeatmapResult } from '../../../../shared/contract';
import {
  BACKGROUND,
  DIM_INK,
  EMPTY_COLOUR,
  GRID_LINE,
  HOT_RING,
  INK,
  ZERO_COLOUR,
  cellKind,
  hotCells,
  makeScale,
  metricValue,
  type Palette,
} from './scale';

export interface HeatGridProps {
  map: HeatmapResult;
  metric: HeatmapMetric;
  palette: Palette;
  rowLabel(key: string): string;
  colLabel(key: string): string;
  /** The number shown in a cell (and on the legend) for a metric value. */
  formatValue(value: number): string;
  /** Hover text of a cell. */
  describe(cell: HeatCell): string;
  legendLabels: { empty: string; zero: string; unit: string };
  /** Base text size in px: every length of the grid follows from it. */
  fontSize: number;
  width: number;
  maxHeight: number;
  /** Ring the hottest cells (the wall, where nobody hovers). */
  ringHot?: boolean;
  onCell?: (cell: HeatCell) => void;
}

/** The grid's face, which its PNG caption shares. */
export const HEAT_FONT = "'Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', sans-serif";

/** Rough rendered width: CJK glyphs are one em, Latin about 0.6. */
function textWidth(text: string, size: number): number {
  let em = 0;
  for (const char of text) em += char.codePointAt(0)! >= 0x2e80 ? 1 : 0.6;
  return em * size;
}

/**
 * A heatmap as one self-contained SVG (colours as attributes, not CSS), so the
 * very element on screen is what the PNG export and the printout show.
 * Empty cells (no clock started) are hatched with "—"; zero cells are outlined
 * with a dim "0"; every other cell carries its number on its colour.
 */
export const HeatGrid = forwardRef<SVGSVGElement, HeatGridProps>(function HeatGrid(props, ref) {
  const { map, metric, palette, fontSize: f, width, maxHeight, ringHot = false, onCell } = props;
  const hatchId = `hatch-${useId().replace(/[^a-zA-Z0-9]/g, '')}`;
  const values = useMemo(() => map.cells.map((cell) => metricValue(cell, metric) ?? 0), [map, metric]);
  const scale = useMemo(() => makeScale(values, metric, palette), [values, metric, palette]);
  const hot = useMemo(() => (ringHot ? hotCells(map.cells, metric, scale) : new Set<HeatCell>()), [ringHot, map, metric, scale]);

  const rowLabels = map.rows.map(props.rowLabel);
  const colLabels = map.cols.map(props.colLabel);
  const labelW = Math.ceil(Math.max(f * 3, ...rowLabels.map((label) => textWidth(label, f)))) + f;
  const cols = Math.max(1, map.cols.length);
  const fitCell = (reserve: number) => Math.max(f * 2.6, Math.min(f * 7, (width - labelW - f - reserve) / cols));
  const widestCol = Math.max(0, ...colLabels.map((label) => textWidth(label, f)));
  const rotate = widestCol > fitCell(0) - f * 0.4;
  // A slanted last header reaches past the grid (cos 40° of its length from the column's middle): room for it, or it is cut.
  const lastCol = textWidth(colLabels.at(-1) ?? '', f) * 0.77;
  const overhang = rotate ? Math.max(0, lastCol - fitCell(0) / 2) : 0;
  const cellW = fitCell(overhang);
  const headH = rotate ? Math.ceil(widestCol * 0.72 + f * 1.6) : Math.ceil(f * 2);
  const gridW = cellW * map.cols.length;
  const svgW = Math.ceil(labelW + gridW + f + overhang);

  const legend = [
    { key: 'empty', fill: `url(#${hatchId})`, stroke: GRID_LINE[palette], label: props.legendLabels.empty },
    { key: 'zero', fill: ZERO_COLOUR[palette], stroke: DIM_INK[palette], label: props.legendLabels.zero },
    ...scale.bounds.map((bound, i) => ({
      key: `step-${i}`,
      fill: scale.colour(bound),
      stroke: 'none',
      label: `≤ ${props.formatValue(bound)}`,
    })),
  ];
  const swatch = f * 1.3;
  const legendItemW = Math.max(f * 5.5, ...legend.map((item) => swatch + f * 0.5 + textWidth(item.label, f * 0.9) + f));
  // The legend wraps onto further lines rather than running past the image's edge.
  const unitW = props.legendLabels.unit ? textWidth(props.legendLabels.unit, f * 0.9) + f : 0;
  const perLine = Math.max(1, Math.floor((svgW - labelW - unitW) / legendItemW));
  const legendLine = swatch * 1.6;
  const legendH = Math.ceil(f * 3.4 + (Math.ceil(legend.length / perLine) - 1) * legendLine);
  const cellH = Math.max(f * 1.7, Math.min(f * 2.6, (maxHeight - headH - legendH) / Math.max(1, map.rows.length)));
  const svgH = Math.ceil(headH + cellH * map.rows.length + legendH);
  const numberSize = Math.min(f * 1.05, cellH * 0.5);

  return (
    <svg
      ref={ref}
      xmlns="http://www.w3.org/2000/svg"
      width={svgW}
      height={svgH}
      viewBox={`0 0 ${svgW} ${svgH}`}
      fontFamily={HEAT_FONT}
      fontSize={f}
      className="heat-grid"
      data-testid="heat-grid"
      data-by={map.by}
      data-metric={metric}
      data-palette={palette}
      role="grid"
    >
      <defs>
        <pattern id={hatchId} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill={EMPTY_COLOUR[palette]} />
          <line x1="0" y1="0" x2="0" y2="6" stroke={GRID_LINE[palette]} strokeWidth="2" />
        </pattern>
      </defs>
      <rect width={svgW} height={svgH} fill={BACKGROUND[palette]} />

      {colLabels.map((label, c) => {
        const x = labelW + cellW * (c + 0.5);
        const y = headH - f * 0.5;
        return (
          <text
            key={map.cols[c]}
            x={x}
            y={y}
            fill={INK[palette]}
            textAnchor={rotate ? 'start' : 'middle'}
            transform={rotate ? `rotate(-40 ${x} ${y})` : undefined}
          >
            {label}
          </text>
        );
      })}

      {rowLabels.map((label, r) => (
        <text key={map.rows[r]} x={labelW - f * 0.5} y={headH + cellH * (r + 0.5)} dy="0.35em" textAnchor="end" fill={INK[palette]}>
          {label}
        </text>
      ))}

      {map.cells.map((cell, index) => {
        const r = Math.floor(index / map.cols.length);
        const c = index % map.cols.length;
        const x = labelW + c * cellW;
        const y = headH + r * cellH;
        const kind = cellKind(cell, metric);
        const value = values[index]!;
        const fill = kind === 'empty' ? `url(#${hatchId})` : kind === 'zero' ? ZERO_COLOUR[palette] : scale.colour(value);
        const ink = kind === 'value' ? scale.ink(value) : DIM_INK[palette];
        const text = kind === 'empty' ? '—' : props.formatValue(value);
        const isHot = hot.has(cell);
        const open = onCell && cell.breached > 0 ? () => onCell(cell) : undefined;
        return (
          <g
            key={`${cell.row}\u0000${cell.col}`}
            role="gridcell"
            tabIndex={open ? 0 : undefined}
            aria-label={props.describe(cell)}
            data-testid="heat-cell"
            data-row={cell.row}
            data-col={cell.col}
            data-total={cell.total}
            data-breached={cell.breached}
            data-kind={kind}
            data-hot={isHot || undefined}
            style={open ? { cursor: 'pointer' } : undefined}
            onClick={open}
            onKeyDown={open ? (event) => (event.key === 'Enter' || event.key === ' ') && open() : undefined}
          >
            <title>{props.describe(cell)}</title>
            <rect
              x={x + 1}
              y={y + 1}
              width={cellW - 2}
              height={cellH - 2}
              rx={2}
              fill={fill}
              stroke={kind === 'zero' ? DIM_INK[palette] : kind === 'empty' ? GRID_LINE[palette] : 'none'}
              strokeWidth={kind === 'zero' ? 1 : 0.5}
              strokeDasharray={kind === 'zero' ? '3 2' : undefined}
            />
            <text
              x={x + cellW / 2}
              y={y + cellH / 2}
              dy="0.35em"
              textAnchor="middle"
              fontSize={numberSize}
              fontWeight={kind === 'value' ? 700 : 400}
              fill={ink}
            >
              {text}
            </text>
            {isHot && (
              <rect x={x + 2.5} y={y + 2.5} width={cellW - 5} height={cellH - 5} rx={3} fill="none" stroke={HOT_RING} strokeWidth={Math.max(3, f * 0.18)} />
            )}
          </g>
        );
      })}

      <g transform={`translate(${labelW}, ${headH + cellH * map.rows.length + f})`} data-testid="heat-legend">
        {props.legendLabels.unit && (
          <text x={0} y={swatch / 2} dy="0.35em" fill={DIM_INK[palette]} fontSize={f * 0.9}>
            {props.legendLabels.unit}
          </text>
        )}
        {legend.map((item, i) => {
          const x = unitW + (i % perLine) * legendItemW;
          const y = Math.floor(i / perLine) * legendLine;
          return (
            <g key={item.key} transform={`translate(${x}, ${y})`}>
              <rect width={swatch} height={swatch} rx={2} fill={item.fill} stroke={item.stroke} strokeDasharray={item.key === 'zero' ? '3 2' : undefined} />
              <text x={swatch + f * 0.4} y={swatch / 2} dy="0.35em" fill={INK[palette]} fontSize={f * 0.9}>
                {item.label}
              </text>
            </g>
          );
        })}
      </g>
    </svg>
  );
});
