// JSON Lines: one JSON object per line, streamed. Blank lines are ignored. A
// line that is not valid JSON, or not an object, is passed on as a bad row
// with its line number; the bad-row policy decides what happens to it.

import type { Row } from '../row.js';
import { readLines } from './lines.js';
import { rowSource, type RowSource } from './source.js';

export interface JsonlOptions {
  /** How the file is named in messages; default the path as given. */
  name?: string;
}

export function jsonl(filePath: string, options: JsonlOptions = {}): RowSource {
  const name = options.name ?? filePath;
  return rowSource(`jsonl("${name}")`, 'typed', async function* (): AsyncGenerator<Row> {
    for await (const { text, line } of readLines(filePath, name)) {
      if (text.trim().length === 0) continue;
      const origin = { file: name, line };
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        yield { fields: {}, origin, problem: `invalid JSON: ${(e as Error).message}` };
        continue;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        yield { fields: {}, origin, problem: `expected a JSON object, found ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}` };
        continue;
      }
      yield { fields: value as Record<string, unknown>, origin };
    }
  });
}
