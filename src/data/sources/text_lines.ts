// A text file as rows of one field, `text`: one row per line, streamed.
// Empty lines are skipped unless `keepEmpty` is set; line numbers always count
// every line of the file.

import type { Row } from '../row.js';
import { parseSchema } from '../schema.js';
import { readLines } from './lines.js';
import { rowSource, type RowSource } from './source.js';

export interface TextLinesOptions {
  keepEmpty?: boolean;
  /** How the file is named in messages; default the path as given. */
  name?: string;
}

export const textLinesSchema = parseSchema({ text: 'string' });

export function text_lines(filePath: string, options: TextLinesOptions = {}): RowSource {
  const name = options.name ?? filePath;
  return rowSource(
    `text_lines("${name}")`,
    'typed',
    async function* (): AsyncGenerator<Row> {
      for await (const { text, line } of readLines(filePath, name)) {
        if (!options.keepEmpty && text.trim().length === 0) continue;
        yield { fields: { text }, origin: { file: name, line } };
      }
    },
    textLinesSchema,
  );
}
