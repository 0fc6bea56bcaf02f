// The one error type of the data layer. A data pipeline is an async stream, so
// a bad row found mid-stream ends it by throwing; what it throws is always a
// DataError, carrying enough to print a one-line message without a stack
// (`reviews.csv:1042: field "stars": expected int, found "five"`). Anything
// else escaping the data layer is a bug.

import { formatOrigin, type RowOrigin } from './row.js';

export type DataErrorKind =
  /** A row's value does not match the schema, or the row could not be read. */
  | 'row'
  /** The source itself failed: a missing file, an unreadable folder, a broken quote. */
  | 'source'
  /** The pipeline was configured wrongly (fractions that do not add up, a feature shape that does not fit). */
  | 'config';

export class DataError extends Error {
  override readonly name = 'DataError';

  constructor(
    readonly kind: DataErrorKind,
    /** What went wrong, without the location: `field "stars": expected int, found "five"`. */
    readonly reason: string,
    readonly origin?: RowOrigin,
    readonly field?: string,
  ) {
    super(origin ? `${formatOrigin(origin)}: ${reason}` : reason);
  }

  get file(): string | undefined {
    return this.origin?.file;
  }

  get line(): number | undefined {
    return this.origin?.line;
  }
}

export function isDataError(value: unknown): value is DataError {
  return value instanceof DataError;
}

/** Wraps a Node file-system error in a DataError that names the file plainly. */
export function sourceError(file: string, error: unknown): DataError {
  const code = (error as { code?: string } | null)?.code;
  const reason =
    code === 'ENOENT'
      ? 'no such file or folder'
      : code === 'EACCES'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'is a folder, expected a file'
          : code === 'ENOTDIR'
            ? 'is a file, expected a folder'
            : error instanceof Error
              ? error.message
              : String(error);
  return new DataError('source', reason, { file, line: 0 });
}
