// Reads a text file line by line without holding it whole, counting lines the
// way editors do (LF or CRLF ends a line). Shared by the JSON Lines and text
// line sources.

import * as fs from 'node:fs';
import * as readline from 'node:readline';
import { sourceError } from '../errors.js';

export async function* readLines(filePath: string, name: string): AsyncGenerator<{ text: string; line: number }> {
  const input = fs.createReadStream(filePath, { encoding: 'utf8' });
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let failure: unknown;
  input.on('error', (e) => {
    failure = e;
    lines.close();
  });
  let line = 0;
  try {
    for await (const text of lines) {
      line++;
      // The first line may carry a byte-order mark.
      yield { text: line === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, line };
    }
  } catch (e) {
    failure ??= e;
  } finally {
    lines.close();
    input.destroy();
  }
  if (failure !== undefined) throw sourceError(name, failure);
}
