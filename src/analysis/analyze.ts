// The one entry point every tool uses to analyse specs: groups entry files by
// project root, builds a Program per root with the catalog's builtins and the
// type checker, and collects every diagnostic once per file.

import * as path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { catalogBuiltins } from './builtins.js';
import { checkFile } from '../check/check.js';
import { checkState } from '../check/context.js';
import { Program, type ProgramHost, type ProgramOptions, type FileAnalysis } from './program.js';
import { findProjectRoot } from './project-root.js';
import type { SourceFile } from './source.js';

export interface AnalyzeOptions {
  cwd: string;
  host?: ProgramHost;
  /** Overrides root discovery (tests, the language server's workspace folder). */
  root?: string;
}

export interface AnalysisResult {
  programs: Program[];
  /** Every analysed file (entries and their imports), once. */
  files: Map<string, FileAnalysis>;
  diagnostics: Diagnostic[];
  /** Entries that could not be read at all: a usage or I/O error, not a diagnostic. */
  unreadable: { file: string; message: string }[];
}

/**
 * A Program with the catalog's builtins and the type checker: what every tool
 * analyses with. Given earlier programs of the same root (`previous`, newest
 * first), it is incremental: unchanged files keep their analyses and checker
 * results, and only changed files and their dependents are analysed again.
 */
export function createProgram(
  entries: string[],
  root: string,
  host?: ProgramHost,
  parseCache?: ProgramOptions['parseCache'],
  incremental: Pick<ProgramOptions, 'previous' | 'retainTokens'> = {},
): Program {
  return new Program(entries, { root, host, builtins: catalogBuiltins(), checker: checkFile, parseCache, ...incremental, inheritChecker });
}

function inheritChecker(program: Program, previous: Program, reused: ReadonlySet<string>): void {
  checkState(program).inherit(checkState(previous), reused);
}

export function analyze(entries: string[], options: AnalyzeOptions): AnalysisResult {
  const byRoot = new Map<string, string[]>();
  for (const entry of entries) {
    const abs = path.resolve(options.cwd, entry);
    const root = options.root ?? findProjectRoot(path.dirname(abs), options.cwd);
    byRoot.set(root, [...(byRoot.get(root) ?? []), abs]);
  }
  const programs: Program[] = [];
  const files = new Map<string, FileAnalysis>();
  const diagnostics: Diagnostic[] = [];
  const unreadable: { file: string; message: string }[] = [];
  for (const [root, group] of byRoot) {
    // One-shot analyses (check, run, compile) need no tokens once parsed: dropping them keeps the heap small.
    const program = createProgram(group, root, options.host, undefined, { retainTokens: false });
    programs.push(program);
    unreadable.push(...program.entryDiagnostics);
    for (const [file, analysis] of program.files) {
      if (files.has(file)) continue;
      files.set(file, analysis);
      diagnostics.push(...analysis.diagnostics);
    }
  }
  return { programs, files, diagnostics, unreadable };
}

export function sourceLookup(result: AnalysisResult): (file: string) => SourceFile | undefined {
  return (file) => result.files.get(file)?.source;
}
