// CSV files, streamed through csv-parse: one record in memory at a time. Each
// row's origin is the line it starts on (a quoted field may span lines).
// Values stay strings; validation coerces them to the schema's types. A row
// with the wrong number of columns is passed on as a bad row (the bad-row
// policy decides), while a broken quote stops the source: past it the parser
// cannot know where rows begin.

import * as fs from 'node:fs';
import { parse, CsvError } from 'csv-parse';
import type { Row } from '../row.js';
import { DataError, sourceError } from '../errors.js';
import { rowSource, type RowSource } from './source.js';

export interface CsvOptions {
  /** The first line names the columns (default true). */
  header?: boolean;
  /** Column names when there is no header; default `col1`, `col2`, …. */
  columns?: string[];
  /** Default `,`. */
  delimiter?: string;
  /** How the file is named in messages; default the path as given. */
  name?: string;
}

/** Line breaks (LF, CRLF or a lone CR) inside a record's fields. */
function lineBreaksIn(record: string[]): number {
  let breaks = 0;
  for (const field of record) {
    if (field.indexOf('\n') < 0 && field.indexOf('\r') < 0) continue;
    for (let i = 0; i < field.length; i++) {
      const c = field.charCodeAt(i);
      if (c === 10 || (c === 13 && field.charCodeAt(i + 1) !== 10)) breaks++;
    }
  }
  return breaks;
}

/** csv-parse's message, reworded to stand alone after `file:line:`. */
function describeCsvError(e: CsvError): string {
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a closing quote is followed by other characters; double a quote ("") to put one inside a field';
    case 'INVALID_OPENING_QUOTE':
      return 'a quote inside an unquoted field; quote the whole field and double the quote ("")';
    default:
      // "Title Case: detail at line N" → "detail": the line is cited already.
      return e.message.replace(/^[A-Z][\w ]*: /, '').replace(/ at line \d+/, '');
  }
}

export function csv(filePath: string, options: CsvOptions = {}): RowSource {
  const header = options.header ?? true;
  const delimiter = options.delimiter ?? ',';
  const name = options.name ?? filePath;
  return rowSource(`csv("${name}")`, 'text', async function* (): AsyncGenerator<Row> {
    const input = fs.createReadStream(filePath);
    // Line numbers are counted here rather than taken from csv-parse's `info`
    // option, which builds an object per record and halves the parse rate: a
    // record spans one line plus the line breaks inside its quoted fields.
    const parser = parse({ delimiter, relax_column_count: true, bom: true });
    // pipe() does not forward errors: a missing file must still end the parse.
    input.on('error', (e) => parser.destroy(sourceError(name, e)));
    input.pipe(parser);
    let columns = header ? undefined : options.columns;
    let nextLine = 1;
    try {
      for await (const record of parser as AsyncIterable<string[]>) {
        const startLine = nextLine;
        nextLine += 1 + lineBreaksIn(record);
        if (record.length === 1 && record[0] === '') continue; // an empty line
        if (!columns) {
          if (header) {
            columns = record.map((c) => c.trim());
            continue;
          }
          columns = record.map((_, i) => `col${i + 1}`);
        }
        const origin = { file: name, line: startLine };
        if (record.length !== columns.length) {
          yield { fields: {}, origin, problem: `expected ${columns.length} columns, found ${record.length}` };
          continue;
        }
        const fields: Record<string, unknown> = {};
        for (let c = 0; c < columns.length; c++) fields[columns[c]] = record[c];
        yield { fields, origin };
      }
    } catch (e) {
      if (e instanceof DataError) throw e;
      if (e instanceof CsvError) {
        // An unclosed quote is found at the end of the file; cite the record it opens instead.
        const line = e.code === 'CSV_QUOTE_NOT_CLOSED' ? nextLine : ((e as CsvError & { lines?: number }).lines ?? nextLine);
        throw new DataError('source', `malformed CSV: ${describeCsvError(e)}`, { file: name, line });
      }
      throw sourceError(name, e);
    } finally {
      input.destroy();
    }
  });
}
