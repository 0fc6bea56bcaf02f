// Kiln as a library: the analysis every tool uses, and the pieces around it.
// The command line (`kiln`) and the language server are built on exactly this.

export { analyze, createProgram, sourceLookup, type AnalysisResult, type AnalyzeOptions } from './analysis/analyze.js';
export { Program, diskHost, type FileAnalysis, type ProgramHost, type ProgramOptions } from './analysis/program.js';
export { findProjectRoot } from './analysis/project-root.js';
export { SourceFile } from './analysis/source.js';
export { parseSource, type ParseResult } from './syntax/parse.js';
export type * as Ast from './syntax/ast.js';
export { diagnostic, hasErrors, type Diagnostic, type Fix, type Label } from './diagnostics/diagnostic.js';
export { diagnosticCatalog, lookupCode, type CodeEntry } from './diagnostics/catalog.js';
export { renderDiagnostics, summaryLine, type OutputFormat } from './diagnostics/render/index.js';
export { catalog, findEntry, entriesOfKind } from './catalog/index.js';
export { IR_VERSION, type IrProgram } from './ir/types.js';
