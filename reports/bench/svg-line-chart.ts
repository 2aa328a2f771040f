/**
 * A small inline-SVG line chart for the self-contained bench page: no
 * external assets, no script. Linear or logarithmic axes, one polyline with
 * point markers per series, a legend, and a <title> on every point so a
 * reader can hover for the exact value.
 */

/** One line of a chart. */
export interface ChartSeries {
  readonly name: string;
  readonly points: readonly (readonly [x: number, y: number])[];
  readonly dashed?: boolean;
}

/** A chart's description. */
export interface LineChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xScale: 'linear' | 'log';
  readonly yScale: 'linear' | 'log';
  readonly series: readonly ChartSeries[];
  /** Explicit x ticks (e.g. the client counts); nice ticks otherwise. */
  readonly xTicks?: readonly number[];
}

/** The chart's size and margins in pixels. */
const LAYOUT = Object.freeze({ widthPx: 680, heightPx: 380, left: 72, right: 180, top: 36, bottom: 48 });
/** Series colours (colour-blind-safe Okabe-Ito palette). */
const COLOURS = Object.freeze(['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442']);

/** Escapes text for SVG/HTML. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** Formats a tick value compactly (1.5k, 20k, 1.2M). */
function tickLabel(value: number): string {
  if (value >= 1e6) return `${+(value / 1e6).toPrecision(3)}M`;
  if (value >= 1e3) return `${+(value / 1e3).toPrecision(3)}k`;
  return `${+value.toPrecision(3)}`;
}

/** Nice ticks over [minimum, maximum]: 1-2-5 steps per decade on log axes, about five steps on linear ones. */
function niceTicks(minimum: number, maximum: number, scale: 'linear' | 'log'): number[] {
  if (scale === 'log') {
    const ticks: number[] = [];
    for (let exponent = Math.floor(Math.log10(minimum)); exponent <= Math.ceil(Math.log10(maximum)); exponent += 1) {
      for (const mantissa of [1, 2, 5]) {
        const value = mantissa * 10 ** exponent;
        if (value >= minimum && value <= maximum) ticks.push(value);
      }
    }
    return ticks;
  }
  const rawStep = (maximum - minimum) / 5 || 1;
  const magnitude = 10 ** Math.floor(Math.log10(rawStep));
  const step = [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rawStep) ?? rawStep;
  const ticks: number[] = [];
  for (let value = Math.ceil(minimum / step) * step; value <= maximum + step * 1e-9; value += step) ticks.push(+value.toPrecision(12));
  return ticks;
}

/** A data-to-pixel mapping for one axis. */
function axis(values: readonly number[], scale: 'linear' | 'log', fromPx: number, toPx: number): { map: (value: number) => number; minimum: number; maximum: number } {
  const usable = scale === 'log' ? values.filter((value) => value > 0) : values;
  let minimum = usable.length === 0 ? 1 : Math.min(...usable);
  let maximum = usable.length === 0 ? 10 : Math.max(...usable);
  if (scale === 'linear') minimum = Math.min(0, minimum);
  if (maximum <= minimum) maximum = scale === 'log' ? minimum * 10 : minimum + 1;
  const transform = (value: number): number => (scale === 'log' ? Math.log10(Math.max(value, minimum)) : value);
  const low = transform(minimum);
  const high = transform(maximum);
  return { map: (value) => fromPx + ((transform(value) - low) / (high - low)) * (toPx - fromPx), minimum, maximum };
}

/** Renders a line chart as an inline <svg> element. */
export function renderLineChart(options: LineChartOptions): string {
  const { widthPx, heightPx, left, right, top, bottom } = LAYOUT;
  const plotRight = widthPx - right;
  const plotBottom = heightPx - bottom;
  const allPoints = options.series.flatMap((series) => series.points);
  const x = axis(allPoints.map(([value]) => value), options.xScale, left, plotRight);
  const y = axis(allPoints.map(([, value]) => value), options.yScale, plotBottom, top);
  const xTicks = options.xTicks ?? niceTicks(x.minimum, x.maximum, options.xScale);
  const yTicks = niceTicks(y.minimum, y.maximum, options.yScale);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${widthPx} ${heightPx}" width="${widthPx}" height="${heightPx}" role="img" aria-label="${escapeXml(options.title)}">`,
    `<text x="${left}" y="20" font-weight="bold">${escapeXml(options.title)}</text>`,
    `<rect x="${left}" y="${top}" width="${plotRight - left}" height="${plotBottom - top}" fill="none" stroke="#999"/>`,
  ];
  for (const tick of xTicks) {
    const px = x.map(tick).toFixed(1);
    parts.push(`<line x1="${px}" y1="${top}" x2="${px}" y2="${plotBottom}" stroke="#eee"/><text x="${px}" y="${plotBottom + 16}" text-anchor="middle" font-size="11">${tickLabel(tick)}</text>`);
  }
  for (const tick of yTicks) {
    const py = y.map(tick).toFixed(1);
    parts.push(`<line x1="${left}" y1="${py}" x2="${plotRight}" y2="${py}" stroke="#eee"/><text x="${left - 6}" y="${py}" text-anchor="end" dominant-baseline="middle" font-size="11">${tickLabel(tick)}</text>`);
  }
  parts.push(`<text x="${(left + plotRight) / 2}" y="${heightPx - 10}" text-anchor="middle" font-size="12">${escapeXml(options.xLabel)}</text>`);
  parts.push(`<text transform="translate(16 ${(top + plotBottom) / 2}) rotate(-90)" text-anchor="middle" font-size="12">${escapeXml(options.yLabel)}</text>`);
  options.series.forEach((series, index) => {
    const colour = COLOURS[index % COLOURS.length] ?? '#000';
    const points = series.points.filter(([px, py]) => (options.xScale === 'linear' || px > 0) && (options.yScale === 'linear' || py > 0));
    const path = points.map(([px, py]) => `${x.map(px).toFixed(1)},${y.map(py).toFixed(1)}`).join(' ');
    parts.push(`<polyline points="${path}" fill="none" stroke="${colour}" stroke-width="2"${series.dashed === true ? ' stroke-dasharray="6 4"' : ''}/>`);
    for (const [px, py] of points) {
      parts.push(`<circle cx="${x.map(px).toFixed(1)}" cy="${y.map(py).toFixed(1)}" r="3" fill="${colour}"><title>${escapeXml(`${series.name}: ${tickLabel(px)}, ${tickLabel(py)}`)}</title></circle>`);
    }
    const legendY = top + 8 + index * 18;
    parts.push(`<line x1="${plotRight + 12}" y1="${legendY}" x2="${plotRight + 32}" y2="${legendY}" stroke="${colour}" stroke-width="2"${series.dashed === true ? ' stroke-dasharray="6 4"' : ''}/><text x="${plotRight + 38}" y="${legendY}" dominant-baseline="middle" font-size="11">${escapeXml(series.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
