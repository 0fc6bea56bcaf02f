// Line charts as plain SVG text: axes with round-number ticks, axis labels,
// a legend, one polyline per series. No scripts, no external resources, so a
// report opens offline and can be attached to a pull request as it is.

export interface Series {
  name: string;
  points: [number, number][];
}

export interface ChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** Log-scale y axis (learning rates spanning decades). */
  logY?: boolean;
  /** Only whole-number ticks on the x axis (epochs). */
  integerX?: boolean;
}

const WIDTH = 560;
const HEIGHT = 300;
const MARGIN = { left: 64, right: 16, top: 36, bottom: 44 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'];

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** About `count` round ticks covering [lo, hi] (steps of 1, 2 or 5 × 10^k). */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

function formatTick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(0);
  return String(Number(v.toPrecision(4)));
}

export function lineChart(spec: ChartSpec): string {
  const all = spec.series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!spec.logY || y > 0));
  const title = `<text x="${WIDTH / 2}" y="20" text-anchor="middle" font-size="14" font-weight="600">${escapeXml(spec.title)}</text>`;
  if (all.length === 0) {
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif">${title}<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle" fill="#888">no data</text></svg>`;
  }
  const fy = (y: number) => (spec.logY ? Math.log10(y) : y);
  let [x0, x1] = [Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0]))];
  let [y0, y1] = [Math.min(...all.map((p) => fy(p[1]))), Math.max(...all.map((p) => fy(p[1])))];
  if (x0 === x1) [x0, x1] = [x0 - 1, x1 + 1];
  if (y0 === y1) [y0, y1] = [y0 - (Math.abs(y0) || 1) * 0.1, y1 + (Math.abs(y1) || 1) * 0.1];
  const pad = (y1 - y0) * 0.05;
  y0 -= pad;
  y1 += pad;
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const sx = (x: number) => MARGIN.left + ((x - x0) / (x1 - x0)) * plotW;
  const sy = (y: number) => MARGIN.top + plotH - ((fy(y) - y0) / (y1 - y0)) * plotH;
  const parts: string[] = [title];
  // Axes and grid.
  const bottom = MARGIN.top + plotH;
  parts.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`);
  for (const t of niceTicks(x0, x1, 6).filter((t) => !spec.integerX || Number.isInteger(t))) {
    const x = sx(t).toFixed(1);
    parts.push(`<line x1="${x}" y1="${bottom}" x2="${x}" y2="${bottom + 4}" stroke="#666"/>`);
    parts.push(`<text x="${x}" y="${bottom + 16}" text-anchor="middle" font-size="11">${formatTick(t)}</text>`);
  }
  const yTicks = spec.logY ? niceTicks(Math.floor(y0), Math.ceil(y1), Math.max(1, Math.ceil(y1) - Math.floor(y0))).filter((t) => Number.isInteger(t) && t >= y0 && t <= y1) : niceTicks(y0, y1, 5);
  for (const t of yTicks) {
    const value = spec.logY ? 10 ** t : t;
    const y = sy(value).toFixed(1);
    parts.push(`<line x1="${MARGIN.left}" y1="${y}" x2="${MARGIN.left + plotW}" y2="${y}" stroke="#eee"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle" font-size="11">${formatTick(value)}</text>`);
  }
  parts.push(`<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 8}" text-anchor="middle" font-size="12">${escapeXml(spec.xLabel)}</text>`);
  parts.push(`<text transform="translate(14 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle" font-size="12">${escapeXml(spec.yLabel)}</text>`);
  // Series and legend.
  spec.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const pts = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!spec.logY || y > 0));
    if (pts.length === 0) return;
    const d = pts.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${d}"><title>${escapeXml(s.name)}</title></polyline>`);
    if (pts.length <= 60) for (const [x, y] of pts) parts.push(`<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="2.5" fill="${color}"/>`);
    const ly = MARGIN.top + 12 + i * 16;
    const lx = MARGIN.left + plotW - 130;
    parts.push(`<line x1="${lx}" y1="${ly}" x2="${lx + 18}" y2="${ly}" stroke="${color}" stroke-width="2"/>`);
    parts.push(`<text x="${lx + 24}" y="${ly}" dominant-baseline="middle" font-size="11">${escapeXml(s.name)}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" role="img" aria-label="${escapeXml(spec.title)}">${parts.join('')}</svg>`;
}
