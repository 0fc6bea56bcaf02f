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

export interface Timing {
  /** Median wall-clock time. */
  wallMs: number;
  /** Median CPU time of the process (all threads, GC helpers included). */
  cpuMs: number;
}

/**
 * Wall and CPU medians of several runs of each function, the functions run
 * in turn (a, b, a, b, …) so that a change in the machine's load falls on
 * all of them alike and their ratio stays fair. On a shared machine wall time
 * also counts the time spent waiting for a core; CPU time does not, so the
 * two side by side tell a slow run from a busy machine.
 */
export function medianTimings(fns: (() => void)[], runs = 7, warmup = 2): Timing[] {
  for (let i = 0; i < warmup; i++) for (const fn of fns) fn();
  const wall = fns.map((): number[] => []);
  const cpu = fns.map((): number[] => []);
  for (let i = 0; i < runs; i++) {
    fns.forEach((fn, k) => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      fn();
      wall[k].push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu[k].push((c.user + c.system) / 1000);
    });
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return fns.map((_, k) => ({ wallMs: median(wall[k]), cpuMs: median(cpu[k]) }));
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
