// A source file as every phase sees it: its absolute path, its text, and the
// line map that turns offsets into positions.

import { LineMap } from '../diagnostics/span.js';

export class SourceFile {
  readonly lines: LineMap;
  constructor(
    readonly path: string,
    readonly text: string,
  ) {
    this.lines = new LineMap(text);
  }
}
