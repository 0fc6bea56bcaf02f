// The type checker's entry point, one file at a time: checks each declaration
// (memoised per Program, so a model used from three files is inferred once),
// returns the file's diagnostics and leaves position-addressable results on
// `file.checked` for the language server.
//
// Input: a resolved FileAnalysis and its Program. Output: diagnostics + CheckInfo.

import type { FileAnalysis, Program } from '../analysis/program.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Decl } from '../syntax/ast.js';
import { checkState } from './context.js';
import { checkData } from './data.js';
import { checkDistill } from './distill.js';
import { checkExperiment } from './experiments.js';
import { checkBlockAlone, checkModel } from './models.js';
import { checkSchedule } from './schedules.js';

function declDiagnostics(state: ReturnType<typeof checkState>, file: FileAnalysis, d: Decl): readonly Diagnostic[] {
  switch (d.kind) {
    case 'Model':
      return checkModel(state, file, d).diagnostics;
    case 'Block':
      return checkBlockAlone(state, file, d);
    case 'Data':
      return checkData(state, file, d).diagnostics;
    case 'Schedule':
      return checkSchedule(state, file, d).diagnostics;
    case 'Distill':
      return checkDistill(state, file, d).diagnostics;
    case 'Experiment':
      return checkExperiment(state, file, d).diagnostics;
    case 'Import':
      return [];
  }
}

export function checkFile(file: FileAnalysis, program: Program): Diagnostic[] {
  const state = checkState(program);
  const out: Diagnostic[] = [];
  const syntaxErrors = file.parse.diagnostics.filter((d) => d.severity === 'error').map((d) => d.span.start);
  for (const d of file.parse.ast.decls) {
    const found = declDiagnostics(state, file, d);
    // A declaration the parser had to recover is checked (others may use it) but
    // not reported: its problems are most likely the syntax error's echo.
    if (!syntaxErrors.some((at) => at >= d.span.start && at <= d.span.end)) out.push(...found);
  }
  file.checked = state.info(file.path);
  return out;
}
