// Timing helpers for `npm run bench`: a warm-up, then the median of several
// runs. Figures are printed beside their peers, never asserted.

export function medianMs(fn: () => void, runs = 7, warmup = 2): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export interface Row {
  name: string;
  value: string;
  peer?: string;
  ratio?: string;
}

export function printTable(title: string, rows: Row[]): void {
  const w = [Math.max(...rows.map((r) => r.name.length), 4), Math.max(...rows.map((r) => r.value.length), 5), Math.max(...rows.map((r) => (r.peer ?? '').length), 4)];
  process.stdout.write(`\n${title}\n`);
  process.stdout.write(`  ${'what'.padEnd(w[0])}  ${'value'.padStart(w[1])}  ${'peer'.padEnd(w[2])}  ratio\n`);
  for (const r of rows) process.stdout.write(`  ${r.name.padEnd(w[0])}  ${r.value.padStart(w[1])}  ${(r.peer ?? '').padEnd(w[2])}  ${r.ratio ?? ''}\n`);
}
