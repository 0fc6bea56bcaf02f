// One entry point for every output format of `kiln check`: the CLI picks the
// format, the renderers stay pure functions of the diagnostics and the files.

import { sortDiagnostics, type Diagnostic } from '../diagnostic.js';
import type { SourceFile } from '../../analysis/source.js';
import { renderGithub } from './github.js';
import { renderJson } from './json.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';

export type OutputFormat = 'text' | 'json' | 'github' | 'sarif';

export const outputFormats: readonly OutputFormat[] = ['text', 'json', 'github', 'sarif'];

export interface RenderOptions {
  /** Paths are written relative to this directory. */
  cwd: string;
  /** The source of a file by its path in the spans; undefined when it cannot be read. */
  files: (path: string) => SourceFile | undefined;
  /** Terminal colours for the text format (the CLI decides: a TTY and no NO_COLOR). */
  color?: boolean;
  /** kiln's version, for SARIF's tool description. */
  version?: string;
}

/** Renders in the order every format uses: by file, then position, then code. */
export function renderDiagnostics(format: OutputFormat, diagnostics: readonly Diagnostic[], options: RenderOptions): string {
  const sorted = sortDiagnostics([...diagnostics]);
  switch (format) {
    case 'text':
      return renderText(sorted, options);
    case 'json':
      return renderJson(sorted, options);
    case 'github':
      return renderGithub(sorted, options);
    case 'sarif':
      return renderSarif(sorted, options);
  }
}

export { summaryLine } from './summary.js';
export { renderExplanation } from './explain.js';
export { renderText, renderDiagnosticText } from './text.js';
export { renderJson } from './json.js';
export { renderGithub } from './github.js';
export { renderSarif, toSarif } from './sarif.js';
