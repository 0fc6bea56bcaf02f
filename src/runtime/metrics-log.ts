// metrics.jsonl: one JSON object per line, appended as the run goes (one line
// per epoch, one per evaluation), so a crashed or interrupted run keeps what
// it measured. A resumed run cuts the file back to where its checkpoint was.

import * as fs from 'node:fs';

export interface MetricsRecord {
  split: 'train' | 'val' | 'test';
  model: string;
  epoch: number;
  step: number;
  lr?: number;
  loss?: number;
  examples_per_sec?: number;
  seconds?: number;
  [metric: string]: number | string | undefined;
}

export class MetricsLog {
  readonly records: MetricsRecord[] = [];

  constructor(readonly file: string) {
    if (fs.existsSync(file)) this.records.push(...readMetrics(file));
  }

  append(record: MetricsRecord): void {
    this.records.push(record);
    fs.appendFileSync(this.file, `${JSON.stringify(record)}\n`);
  }

  /** Keeps the first `count` records (those written before a checkpoint). */
  truncate(count: number): void {
    this.records.length = Math.min(count, this.records.length);
    fs.writeFileSync(this.file, this.records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  }
}

export function readMetrics(file: string): MetricsRecord[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as MetricsRecord);
}
