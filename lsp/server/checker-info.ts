// The seam to the type checker: what it left on `file.checked` — the inferred
// type (and parameter count) of every pipeline stage and the catalog entry
// each call names. Hover shows shapes from here and inlay hints the output
// shape after each stage. Where the checker recorded nothing (an error
// earlier in the pipeline) these return undefined and the features fall back
// to catalog docs alone.

import type { FileAnalysis } from '../../src/analysis/program.js';
import type { CatalogEntry } from '../../src/catalog/index.js';
import { entryAt, typeAt, type StageInfo } from '../../src/check/index.js';
import type { Span } from '../../src/diagnostics/span.js';
import { formatType } from '../../src/types/tensor.js';

function describe(info: StageInfo | undefined): string | undefined {
  if (!info?.type) return undefined;
  const shape = formatType(info.type);
  return info.params !== undefined && info.params > 0 ? `${shape} · ${info.params.toLocaleString('en-US')} params` : shape;
}

/** The inferred type of the innermost stage at an offset (`f32[26, 26, 16]`), when the checker knows it. */
export function shapeAt(file: FileAnalysis, offset: number): string | undefined {
  try {
    return describe(typeAt(file, offset));
  } catch {
    return undefined;
  }
}

/** The inferred output of exactly this stage. */
export function shapeOfStage(file: FileAnalysis, span: Span): string | undefined {
  const stage = file.checked?.stages.find((s) => s.span.start === span.start && s.span.end === span.end);
  return stage?.type ? formatType(stage.type) : undefined;
}

/** The catalog entry the checker bound the innermost call at an offset to. */
export function checkedEntryAt(file: FileAnalysis, offset: number): CatalogEntry | undefined {
  try {
    return entryAt(file, offset)?.entry;
  } catch {
    return undefined;
  }
}
