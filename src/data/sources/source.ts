// What every source is: a re-iterable stream of rows. Each `for await` over a
// source starts a fresh pass from the beginning (one pass per epoch), and a
// pass holds only the row in hand, never the whole file.

import type { Row } from '../row.js';
import type { RowSchema } from '../schema.js';

/** How a source's raw values look, which decides how validation reads them:
 *  `text` values are strings to coerce ("3" → 3); `typed` values are already
 *  JSON-like numbers, booleans, strings, arrays or images. */
export type ValueKind = 'text' | 'typed';

export interface RowSource extends AsyncIterable<Row> {
  /** Source kind and argument, for messages and run headers: `csv("reviews.csv")`. */
  readonly description: string;
  readonly values: ValueKind;
  /** The fields every row has, when the source knows them up front (the
   *  bundled datasets do); the checker uses it to check feature expressions
   *  without reading any data. */
  readonly schema?: RowSchema;
}

export function rowSource(description: string, values: ValueKind, pass: () => AsyncGenerator<Row>, schema?: RowSchema): RowSource {
  return { description, values, schema, [Symbol.asyncIterator]: pass };
}
