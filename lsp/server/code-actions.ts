// Code actions: every diagnostic's machine-applicable fix as a quick fix, and
// "extract pipeline into a block", which moves the selected stages of a model
// or block pipeline into a new block (taking along the block parameters they
// use) and calls it in their place.

import { CodeActionKind, type CodeAction, type Diagnostic as LspDiagnostic, type Range, type TextEdit } from 'vscode-languageserver/node.js';
import { catalogBuiltins } from '../../src/analysis/builtins.js';
import type { FileAnalysis } from '../../src/analysis/program.js';
import type { Diagnostic, Fix } from '../../src/diagnostics/diagnostic.js';
import type * as A from '../../src/syntax/ast.js';
import { nodePathAt } from './ast-query.js';
import { offsetsToRange, rangeToOffsets, spanToRange } from './convert.js';
import type { DiagnosticData } from './diagnostics.js';
import type { UriMap } from './uri.js';

const sameRange = (a: Range, b: Range) =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

function fixEdit(fix: Fix, uris: UriMap): Record<string, TextEdit[]> {
  const changes: Record<string, TextEdit[]> = {};
  for (const e of fix.edits) (changes[uris.uri(e.span.file)] ??= []).push({ range: spanToRange(e.span), newText: e.newText });
  return changes;
}

function isFix(x: unknown): x is Fix {
  return typeof x === 'object' && x !== null && typeof (x as Fix).title === 'string' && Array.isArray((x as Fix).edits);
}

export function quickFixes(file: FileAnalysis, context: LspDiagnostic[], uris: UriMap): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of context) {
    let fix = (d.data as DiagnosticData | undefined)?.fix;
    if (!isFix(fix)) {
      // The client dropped `data`: find the diagnostic by code and range.
      const own: Diagnostic | undefined = file.diagnostics.find((x) => x.code === d.code && sameRange(spanToRange(x.span), d.range));
      fix = own?.fix;
    }
    if (!isFix(fix)) continue;
    actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, edit: { changes: fixEdit(fix, uris) } });
  }
  return actions;
}

/** Whether the first stage of a pipeline is a value flowing in (`image |> …`) rather than a stage. */
function headIsValue(file: FileAnalysis, head: A.Expr): boolean {
  if (head.kind === 'Call' || head.kind === 'Repeat' || head.kind === 'Residual') return false;
  if (head.kind !== 'NameRef') return true;
  const ref = file.resolution.references.find((r) => r.span.start === head.span.start);
  if (ref) return ref.symbol.kind !== 'block' && ref.symbol.kind !== 'model';
  return !catalogBuiltins().isStage(head.name);
}

function freshName(file: FileAnalysis): string {
  const taken = (n: string) => file.scope.symbols.has(n) || file.scope.namespaces.has(n) || catalogBuiltins().isStage(n);
  let name = 'extracted';
  for (let i = 2; taken(name); i++) name = `extracted_${i}`;
  return name;
}

export function extractPipeline(file: FileAnalysis, range: Range, uris: UriMap): CodeAction | undefined {
  const text = file.source.text;
  const { start, end } = rangeToOffsets(file.source.lines, range);
  const path = nodePathAt(file.parse.ast, start);
  const owner = path.find((n): n is A.ModelDecl | A.BlockDecl => n.kind === 'Model' || n.kind === 'Block');
  const pipeline = [...path].reverse().find((n): n is A.PipelineExpr => n.kind === 'Pipeline');
  if (!owner || !pipeline) return undefined;
  const candidates = pipeline.stages.filter((s, i) => !(i === 0 && headIsValue(file, s)) && s.kind !== 'Missing');
  const selected = start === end ? candidates : candidates.filter((s) => s.span.end > start && s.span.start < end);
  if (selected.length === 0) return undefined;
  const from = selected[0].span.start;
  const to = selected[selected.length - 1].span.end;
  // Names the stages use: block parameters come along as parameters; inputs and `let`s cannot.
  const params: A.Param[] = [];
  for (const r of file.resolution.references) {
    if (r.span.start < from || r.span.end > to || r.span.file !== file.path) continue;
    if (r.symbol.kind === 'input' || r.symbol.kind === 'let') return undefined;
    if (r.symbol.kind === 'param') {
      const p = r.symbol.node as A.Param;
      if (!params.includes(p)) params.push(p);
    }
  }
  const name = freshName(file);
  const paramText = params.map((p) => text.slice(p.name.span.start, (p.type ?? p.name).span.end)).join(', ');
  const body = selected.map((s) => text.slice(s.span.start, s.span.end).trim()).join(' |> ');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const block = `${eol}${eol}block ${name}(${paramText}) {${eol}  ${body}${eol}}`;
  const call = `${name}(${params.map((p) => p.name.text).join(', ')})`;
  const lines = file.source.lines;
  const edits: TextEdit[] = [
    { range: offsetsToRange(lines, from, to), newText: call },
    { range: offsetsToRange(lines, owner.span.end, owner.span.end), newText: block },
  ];
  return { title: `Extract ${selected.length === 1 ? 'stage' : `${selected.length} stages`} into block \`${name}\``, kind: CodeActionKind.RefactorExtract, edit: { changes: { [uris.uri(file.path)]: edits } } };
}

export function codeActions(file: FileAnalysis, range: Range, context: LspDiagnostic[], only: string[] | undefined, uris: UriMap): CodeAction[] {
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) actions.push(...quickFixes(file, context, uris));
  if (wants(CodeActionKind.RefactorExtract)) {
    const extract = extractPipeline(file, range, uris);
    if (extract) actions.push(extract);
  }
  return actions;
}
