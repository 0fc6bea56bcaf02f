// Formatting as `kiln fmt` needs it: a string in, a string out, and a set of
// files formatted or checked. A file with syntax errors is never rewritten;
// its diagnostics are returned instead. Nothing here throws on user input.

import { readFile, writeFile } from 'node:fs/promises';
import * as prettier from 'prettier';
import { SourceFile } from '../analysis/source.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { parseSource } from '../syntax/parse.js';
import { blockingDiagnostics, KilnSyntaxError, primeParse } from './parser.js';
import plugin from './plugin.js';

export { KilnSyntaxError } from './parser.js';

export interface FormatOptions {
  /** The path shown in diagnostics. */
  filepath?: string;
  printWidth?: number;
  tabWidth?: number;
  useTabs?: boolean;
}

export type FormatOutcome =
  | { ok: true; formatted: string; changed: boolean }
  /** `diagnostics` are the syntax errors; `error` is set instead when the formatter itself failed (a bug). */
  | { ok: false; diagnostics: Diagnostic[]; error?: string };

/** Formats Kiln source. Rejects with a KilnSyntaxError (carrying the diagnostics) when the text has syntax errors; prefer `formatSource` for a result value. */
export async function formatKiln(text: string, options: FormatOptions = {}): Promise<string> {
  const outcome = await formatSource(text, options);
  if (!outcome.ok) throw outcome.error ? new Error(outcome.error) : new KilnSyntaxError(outcome.diagnostics);
  return outcome.formatted;
}

/** Formats Kiln source, returning the syntax diagnostics instead of a result when there are any. */
export async function formatSource(text: string, options: FormatOptions = {}): Promise<FormatOutcome> {
  const path = options.filepath ?? 'input.kiln';
  const parsed = parseSource(new SourceFile(path, text));
  const errors = blockingDiagnostics(parsed);
  if (errors.length > 0) return { ok: false, diagnostics: errors };
  primeParse(text, parsed);
  try {
    const formatted = await prettier.format(text, {
      parser: 'kiln',
      plugins: [plugin],
      filepath: path,
      printWidth: options.printWidth,
      tabWidth: options.tabWidth,
      useTabs: options.useTabs,
    });
    return { ok: true, formatted, changed: formatted !== text };
  } catch (e) {
    if (e instanceof KilnSyntaxError) return { ok: false, diagnostics: e.diagnostics };
    // A formatter bug must not take the caller down: report it as a value, with the file untouched.
    return { ok: false, diagnostics: [], error: `internal formatter error: ${errorMessage(e)}` };
  }
}

export type FileStatus = 'unchanged' | 'changed' | 'syntax-error' | 'unreadable' | 'failed';

export interface FileFormatResult {
  path: string;
  status: FileStatus;
  /** Whether the file was rewritten (only with `write`, only when changed). */
  written: boolean;
  /** The formatted text, when the file could be formatted. */
  formatted?: string;
  /** Syntax errors that kept the file from being formatted. */
  diagnostics: Diagnostic[];
  /** Why the file could not be read, formatted or written. */
  error?: string;
}

export interface FormatFilesOptions extends Omit<FormatOptions, 'filepath'> {
  /** Rewrite files whose formatting changes. Off: only report. */
  write?: boolean;
}

/** Formats each file; with `write`, rewrites those that change. Files with syntax errors are left untouched. */
export async function formatFiles(paths: readonly string[], options: FormatFilesOptions = {}): Promise<FileFormatResult[]> {
  const results: FileFormatResult[] = [];
  for (const path of paths) results.push(await formatOneFile(path, options));
  return results;
}

/** Reports which files `formatFiles` would change, writing nothing. */
export async function checkFormatted(paths: readonly string[], options: Omit<FormatFilesOptions, 'write'> = {}): Promise<FileFormatResult[]> {
  return formatFiles(paths, { ...options, write: false });
}

async function formatOneFile(path: string, options: FormatFilesOptions): Promise<FileFormatResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    return { path, status: 'unreadable', written: false, diagnostics: [], error: errorMessage(e) };
  }
  const outcome = await formatSource(text, { ...options, filepath: path });
  if (!outcome.ok) {
    const status = outcome.error ? 'failed' : 'syntax-error';
    return { path, status, written: false, diagnostics: outcome.diagnostics, error: outcome.error };
  }
  const result: FileFormatResult = {
    path,
    status: outcome.changed ? 'changed' : 'unchanged',
    written: false,
    formatted: outcome.formatted,
    diagnostics: [],
  };
  if (options.write && outcome.changed) {
    try {
      await writeFile(path, outcome.formatted, 'utf8');
      result.written = true;
    } catch (e) {
      result.error = errorMessage(e);
    }
  }
  return result;
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
