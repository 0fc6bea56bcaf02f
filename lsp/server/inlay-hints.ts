// Inlay hints: the parameter name before each positional argument of a
// catalog call or a block, and — when the type checker provides shapes — the
// output shape after each pipeline stage.

import { InlayHintKind, type InlayHint } from 'vscode-languageserver/node.js';
import type { FileAnalysis } from '../../src/analysis/program.js';
import type { ParamSpec } from '../../src/catalog/index.js';
import * as A from '../../src/syntax/ast.js';
import { walk, type Node } from './ast-query.js';
import { entryFor, kindsAt } from './catalog-context.js';
import { checkedEntryAt, shapeOfStage } from './checker-info.js';
import { offsetToPosition } from './convert.js';

function paramsOf(file: FileAnalysis, call: A.CallExpr, ancestors: readonly Node[]): { name: string }[] | undefined {
  const calleeSpan = call.callee.kind === 'Member' ? call.callee.property.span : call.callee.span;
  const ref = file.resolution.references.find((r) => r.span.start === calleeSpan.start && r.span.end === calleeSpan.end);
  if (ref) return ref.symbol.kind === 'block' ? (ref.symbol.node as A.BlockDecl).params.map((p) => ({ name: p.name.text })) : undefined;
  const name = A.calleeName(call);
  if (!name) return undefined;
  const entry: { params: ParamSpec[] } | undefined = checkedEntryAt(file, call.span.start) ?? entryFor(name, kindsAt([...ancestors, call]));
  return entry?.params;
}

export function inlayHints(file: FileAnalysis, start: number, end: number): InlayHint[] {
  const hints: InlayHint[] = [];
  const lines = file.source.lines;
  walk(file.parse.ast, (n, ancestors) => {
    if (n.span.end < start || n.span.start > end) return;
    if (n.kind === 'Call') {
      const params = paramsOf(file, n, ancestors);
      if (!params) return;
      let positional = 0;
      for (const arg of n.args) {
        if (arg.name) continue;
        const p = params[positional++];
        if (!p || arg.value.kind === 'Missing') continue;
        // `dense(units)` already says it.
        if (arg.value.kind === 'NameRef' && arg.value.name === p.name) continue;
        hints.push({ position: offsetToPosition(lines, arg.span.start), label: `${p.name}:`, kind: InlayHintKind.Parameter, paddingRight: true });
      }
    }
    if (n.kind === 'Pipeline') {
      const inBody = ancestors.some((a) => a.kind === 'Model' || a.kind === 'Block' || a.kind === 'Features');
      if (!inBody) return;
      for (const stage of n.stages) {
        const shape = shapeOfStage(file, stage.span);
        if (shape) hints.push({ position: offsetToPosition(lines, stage.span.end), label: `: ${shape}`, kind: InlayHintKind.Type, paddingLeft: false });
      }
    }
  });
  return hints;
}
