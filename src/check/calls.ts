// Binding a catalog call written in the spec: evaluates the arguments, binds
// them with the catalog's `bindArguments`, and turns every problem into a
// diagnostic on the argument it concerns, with the catalog's did-you-mean as a
// machine-applicable fix. Shared by models, data, schedules and distillation.

import { bindArguments, type ArgProblem, type BindResult, type CatalogEntry, type ShapeProblem } from '../catalog/index.js';
import { diagnostic, type Diagnostic, type Label } from '../diagnostics/diagnostic.js';
import type { Span } from '../diagnostics/span.js';
import type * as A from '../syntax/ast.js';
import type { Value } from '../types/values.js';
import { argumentSpan } from './context.js';
import type { CheckInfo } from './info.js';
import { callArguments, type Evaluated, type ParamValues } from './values.js';

export interface BoundCall extends BindResult {
  evaluated: Evaluated[];
  astArgs: readonly A.Argument[];
}

/**
 * Binds `astArgs` to `entry`. `keep` decides which problems are reported (a
 * block instantiated with known arguments reports only what depends on them).
 */
export function bindCall(
  entry: Pick<CatalogEntry, 'name' | 'params'>,
  astArgs: readonly A.Argument[],
  callSpan: Span,
  emit: (d: Diagnostic) => void,
  params?: ParamValues,
  keep: (p: ArgProblem, e: Evaluated | undefined) => boolean = () => true,
): BoundCall {
  const { args, evaluated } = callArguments(astArgs, params);
  const bound = bindArguments(entry, args);
  for (const ev of evaluated) {
    if (ev.problem && keep({ code: 'K2505', message: '', args: {}, on: 'value' }, ev)) {
      emit(diagnostic('K2505', ev.problem.span, { reason: ev.problem.reason }, { label: 'not a constant' }));
    }
  }
  for (const p of bound.problems) {
    if (!keep(p, p.argIndex === undefined ? undefined : evaluated[p.argIndex])) continue;
    emit(bindDiagnostic(p, astArgs, callSpan));
  }
  return { ...bound, evaluated, astArgs };
}

export function bindDiagnostic(p: ArgProblem, astArgs: readonly A.Argument[], callSpan: Span): Diagnostic {
  const span = argumentSpan(astArgs, p.argIndex, p.on, callSpan);
  return diagnostic(p.code, span, p.args, {
    help: p.help,
    label: p.code === 'K2101' ? 'unknown parameter' : p.on === 'call' ? 'missing an argument' : undefined,
    fix: p.replacement !== undefined && p.argIndex !== undefined ? { title: `change to \`${p.replacement}\``, edits: [{ span, newText: p.replacement }] } : undefined,
  });
}

/** A shape problem from an entry's rule, as a diagnostic on `span` with the input's producer as context. */
export function shapeDiagnostic(problem: ShapeProblem, span: Span, context: { input?: { span: Span; label: string }; argSpan?: Span }): Diagnostic {
  const related: Label[] = [];
  if (context.input && context.input.span.file === span.file && context.input.span.start !== span.start) related.push({ span: context.input.span, message: context.input.label });
  const insert = problem.insertBefore;
  const at: Span = { ...span, end: span.start, endPos: span.startPos };
  return diagnostic(problem.code, context.argSpan ?? span, problem.args, {
    label: problem.label,
    help: problem.help,
    related,
    fix: insert ? { title: `insert \`${insert}\` before it`, edits: [{ span: at, newText: `${insert} |> ` }] } : undefined,
  });
}

export function recordCall(info: CheckInfo, span: Span, nameSpan: Span, entry: CatalogEntry): void {
  info.calls.push({ span, nameSpan, entry });
}

/** A Value as a plain argument (for IR args of block-free calls). */
export function isKnown(v: Value): boolean {
  return v.kind !== 'unknown';
}
