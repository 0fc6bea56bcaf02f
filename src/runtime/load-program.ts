// What `kiln run` runs: an IR file as it is, or a spec, analysed (any error
// stops here, reported like `kiln check` does), lowered to IR and validated.
// Relative paths in the IR start from the spec's folder.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, type AnalysisResult } from '../analysis/analyze.js';
import { findProjectRoot } from '../analysis/project-root.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import type { IrProgram } from '../ir/types.js';
import { lowerProgram } from '../ir/lower.js';
import { validateIr } from '../ir/validate.js';
import { RunError } from './errors.js';

export type LoadedProgram =
  | { ok: true; program: IrProgram; baseDir: string; projectRoot: string; specFile?: string }
  | { ok: false; analysis: AnalysisResult };

/** Problems the IR validator finds, as lines; empty when the IR is valid. */
function validationProblems(program: unknown): string[] {
  const result = validateIr(program);
  return result.ok ? [] : result.errors;
}

function checkShape(program: unknown, file: string): IrProgram {
  const p = program as Partial<IrProgram> | null;
  if (!p || typeof p !== 'object' || p.kiln_ir !== 1) throw new RunError(`${file} is not Kiln IR version 1 (no "kiln_ir": 1)`);
  for (const key of ['data', 'models', 'schedules', 'experiments'] as const) {
    if (!p[key] || typeof p[key] !== 'object') throw new RunError(`${file} is not valid Kiln IR: "${key}" is missing`);
  }
  return { distills: {}, ...p } as IrProgram;
}

export async function loadProgram(file: string, cwd: string): Promise<LoadedProgram> {
  const abs = path.resolve(cwd, file);
  if (!fs.existsSync(abs)) throw new RunError(`no such file: ${file}`);
  if (abs.endsWith('.json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(fs.readFileSync(abs, 'utf8'));
    } catch (e) {
      throw new RunError(`${file} is not valid JSON: ${(e as Error).message}`);
    }
    const program = checkShape(parsed, file);
    const problems = validationProblems(program);
    if (problems.length > 0) throw new RunError(`${file} is not valid Kiln IR`, problems.slice(0, 10));
    const irDir = path.dirname(abs);
    const spec = typeof program.source === 'string' && program.source !== '' ? path.resolve(irDir, program.source) : undefined;
    const baseDir = spec ? path.dirname(spec) : irDir;
    return { ok: true, program, baseDir, projectRoot: findProjectRoot(baseDir, cwd), specFile: spec && fs.existsSync(spec) ? spec : undefined };
  }
  const analysis = analyze([abs], { cwd });
  if (analysis.unreadable.length > 0) throw new RunError(`cannot read ${file}: ${analysis.unreadable[0].message}`);
  if (hasErrors(analysis.diagnostics)) return { ok: false, analysis };
  const program = analysis.programs.find((p) => p.file(abs) !== undefined);
  if (!program) throw new RunError(`cannot read ${file}`);
  const lowered = lowerProgram(program, abs);
  if ('problems' in lowered) throw new RunError(`${file} could not be compiled to IR`, lowered.problems.slice(0, 10));
  const ir = lowered.ir;
  const problems = validationProblems(ir);
  if (problems.length > 0) throw new RunError(`internal: the IR compiled from ${file} is invalid`, problems.slice(0, 10));
  const baseDir = path.dirname(abs);
  return { ok: true, program: ir, baseDir, projectRoot: findProjectRoot(baseDir, cwd), specFile: abs };
}
