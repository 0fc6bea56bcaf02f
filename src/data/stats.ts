// Counts kept while a pass runs: rows read, rows kept, and every row left out
// with the reason, so a run can report "skipped 3 rows: field "stars":
// expected int (2, first at reviews.csv:1042), …" instead of losing data silently.

import { formatOrigin, type RowOrigin } from './row.js';

export interface ReasonCount {
  count: number;
  /** The first row left out for this reason. */
  first: RowOrigin;
}

export class DataStats {
  /** Rows the source produced. */
  read = 0;
  /** Bad rows skipped under the `skip` policy, by reason (the message without the value found). */
  readonly skipped = new Map<string, ReasonCount>();
  /** Rows removed by cleaning, by stage (`drop_null(stars)`, `dedupe(text)`, `filter(…)`). */
  readonly dropped = new Map<string, ReasonCount>();

  skip(reason: string, origin: RowOrigin): void {
    bump(this.skipped, reason, origin);
  }

  drop(stage: string, origin: RowOrigin): void {
    bump(this.dropped, stage, origin);
  }

  get skippedCount(): number {
    return total(this.skipped);
  }

  get droppedCount(): number {
    return total(this.dropped);
  }

  /** Human lines for a run summary; empty when nothing was left out. */
  summary(): string[] {
    const lines: string[] = [];
    for (const [reason, { count, first }] of this.skipped)
      lines.push(`skipped ${count} row${count === 1 ? '' : 's'}: ${reason} (first at ${formatOrigin(first)})`);
    for (const [stage, { count }] of this.dropped) lines.push(`${stage} removed ${count} row${count === 1 ? '' : 's'}`);
    return lines;
  }
}

function bump(map: Map<string, ReasonCount>, key: string, origin: RowOrigin): void {
  const entry = map.get(key);
  if (entry) entry.count++;
  else map.set(key, { count: 1, first: origin });
}

function total(map: Map<string, ReasonCount>): number {
  let n = 0;
  for (const { count } of map.values()) n += count;
  return n;
}
