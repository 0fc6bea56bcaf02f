// What the checker learnt about one file, addressable by position, for the
// language server: the inferred type and parameter count of every pipeline
// stage, the catalog entry each call names, and each model's layer table.
// Recording is a push per stage; queries scan one file's list (the editor
// asks for one position at a time), so nothing here is quadratic.

import type { CatalogEntry } from '../catalog/index.js';
import type { Span } from '../diagnostics/span.js';
import type { TensorType } from '../types/tensor.js';
import type { ModelGraph } from './graph.js';

export interface StageInfo {
  span: Span;
  /** The stage's output; undefined when it could not be inferred (an error before it). */
  type?: TensorType;
  params?: number;
}

export interface CallInfo {
  span: Span;
  /** The span of the callee's name. */
  nameSpan: Span;
  entry: CatalogEntry;
}

export interface CheckInfo {
  stages: StageInfo[];
  calls: CallInfo[];
  /** Models declared in this file, by name, with their layer tables. */
  models: Map<string, ModelGraph>;
}

export function emptyCheckInfo(): CheckInfo {
  return { stages: [], calls: [], models: new Map() };
}

interface HasChecked {
  checked?: CheckInfo;
}

function smallest<T extends { span: Span }>(items: readonly T[], offset: number): T | undefined {
  let best: T | undefined;
  for (const item of items) {
    if (offset < item.span.start || offset > item.span.end) continue;
    if (!best || item.span.end - item.span.start < best.span.end - best.span.start) best = item;
  }
  return best;
}

/** The innermost stage or expression at `offset` with its inferred type. */
export function typeAt(file: HasChecked, offset: number): StageInfo | undefined {
  return smallest(file.checked?.stages ?? [], offset);
}

/** The catalog entry named by the innermost call at `offset`. */
export function entryAt(file: HasChecked, offset: number): CallInfo | undefined {
  return smallest(file.checked?.calls ?? [], offset);
}

/** The layer table of model `name` declared in the file. */
export function modelAt(file: HasChecked, name: string): ModelGraph | undefined {
  return file.checked?.models.get(name);
}
