// The final metrics table `kiln run` prints: one row per model and split,
// one column per measured value.

import type { RunSummary } from './run.js';

export function summaryTable(summary: RunSummary): string {
  const rows: { model: string; split: string; values: Record<string, number> }[] = [];
  for (const [model, m] of Object.entries(summary.models)) {
    for (const split of ['train', 'val', 'test'] as const) {
      const values = m.final[split];
      if (values && Object.keys(values).length > 0) rows.push({ model, split, values });
    }
  }
  if (rows.length === 0) return '';
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r.values)))].sort((a, b) => (a === 'loss' ? -1 : b === 'loss' ? 1 : a.localeCompare(b)));
  const header = ['model', 'split', ...columns];
  const body = rows.map((r) => [r.model, r.split, ...columns.map((c) => (r.values[c] === undefined ? '' : r.values[c].toFixed(4)))]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
