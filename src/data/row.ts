// The unit every data stage passes along: a row's fields and where it came
// from. The origin travels with the row through every stage so that an error
// found late (a bad value, a wrong image size) can still cite file and line.

/** Where a row came from. For files: the path as the user wrote it and the
 *  1-based line the row starts on (0 when the row is a whole file, as for an
 *  image). For bundled datasets: the dataset's name and the 1-based record number. */
export interface RowOrigin {
  file: string;
  line: number;
}

/** An image as decoded: height × width × channels values, row-major (HWC). */
export interface ImageValue {
  kind: 'image';
  height: number;
  width: number;
  channels: number;
  data: Float32Array;
}

/** A value after validation: what later stages and transforms see. Images are
 *  flattened to HWC Float32Arrays once their shape has been checked. */
export type Value = string | number | boolean | null | Float32Array;

export interface Row {
  /** Raw fields as the source produced them: strings from text sources, JSON
   *  values from JSON sources, typed values from bundled datasets. */
  fields: Record<string, unknown>;
  origin: RowOrigin;
  /** Set by a source when the row could not be read properly (a CSV line with
   *  the wrong number of columns, a JSON line that does not parse). The
   *  validation stage applies the bad-row policy to it like to any bad value. */
  problem?: string;
}

/** A row whose fields have been checked against the schema. */
export interface ValidRow {
  fields: Record<string, Value>;
  origin: RowOrigin;
}

/** `file:line`, or just `file` for whole-file origins. */
export function formatOrigin(origin: RowOrigin): string {
  return origin.line > 0 ? `${origin.file}:${origin.line}` : origin.file;
}
