// Hover: catalog docs for layers, transforms, optimizers, schedules, losses
// and metrics; a parameter's type, default and range on a named argument; a
// declaration's summary on a reference; a keyword's meaning. When the
// checker provides it, the inferred shape at the cursor is added.

import { MarkupKind, type Hover } from 'vscode-languageserver/node.js';
import { keywordInfo } from '../../grammar/tokens.js';
import type { FileAnalysis } from '../../src/analysis/program.js';
import type { EntryKind } from '../../src/catalog/index.js';
import type { Span } from '../../src/diagnostics/span.js';
import * as A from '../../src/syntax/ast.js';
import { nodePathAt, symbolAt, type Node } from './ast-query.js';
import { entryFor, kindsAt, settingKinds } from './catalog-context.js';
import { checkedEntryAt, shapeAt } from './checker-info.js';
import { spanToRange } from './convert.js';
import { declarationMarkdown, entryMarkdown, fence, paramMarkdown } from './docs.js';
import { lexedOf } from './tokens.js';

const markdown = (value: string, span: Span): Hover => ({ contents: { kind: MarkupKind.Markdown, value }, range: spanToRange(span) });

/** The parameters a call's arguments bind to: the callee's catalog entry, or a user block's own parameters. */
function calleeOf(file: FileAnalysis, owner: Node, path: readonly Node[]): { name: string; entry?: ReturnType<typeof entryFor>; block?: A.BlockDecl } | undefined {
  if (owner.kind === 'Setting') return { name: owner.name.text, entry: entryFor(owner.name.text, settingKinds) };
  if (owner.kind !== 'Call') return undefined;
  const callee = owner.callee;
  const calleeSpan = callee.kind === 'Member' ? callee.property.span : callee.span;
  const ref = file.resolution.references.find((r) => r.span.start === calleeSpan.start && r.span.end === calleeSpan.end);
  if (ref?.symbol.kind === 'block') return { name: ref.symbol.name, block: ref.symbol.node as A.BlockDecl };
  const name = A.calleeName(owner);
  if (!name) return undefined;
  return { name, entry: checkedEntryAt(file, owner.span.start) ?? entryFor(name, kindsAt(path)) };
}

export function hover(file: FileAnalysis, files: Map<string, FileAnalysis>, offset: number): Hover | null {
  const path = nodePathAt(file.parse.ast, offset);
  const leaf = path[path.length - 1];
  const parent = path[path.length - 2];
  const shape = shapeAt(file, offset);

  // A named argument: the parameter it sets.
  if (leaf?.kind === 'Name' && parent?.kind === 'Argument' && parent.name === leaf) {
    const owner = path[path.length - 3];
    const callee = owner && calleeOf(file, owner, path.slice(0, -2));
    if (callee?.entry) {
      const p = callee.entry.params.find((q) => q.name === leaf.text);
      if (p) return markdown(paramMarkdown(callee.entry, p), leaf.span);
    }
    if (callee?.block) {
      const p = callee.block.params.find((q) => q.name.text === leaf.text);
      if (p) return markdown(fence(`${callee.name}(${file.source.text.slice(p.span.start, p.span.end)})`), leaf.span);
    }
  }

  // A user declaration or a reference to one.
  const at = symbolAt(file, offset);
  if (at) {
    const sym = at.target.symbol;
    const declaring = files.get(at.target.file);
    if (sym) return markdown(declarationMarkdown(sym, declaring, file.path, shape), at.span);
    const node = path.find((n) => n.kind === 'Param' || n.kind === 'Let');
    const signature = node ? file.source.text.slice(node.span.start, node.span.end).replace(/\s+/g, ' ') : at.target.name;
    return markdown([fence(`${at.target.kind === 'let' ? '' : `${at.target.kind} `}${signature}`), ...(shape ? [`output: \`${shape}\``] : [])].join('\n\n'), at.span);
  }

  // A catalog name: a callee, a bare stage, a setting in call form, an activation value.
  let name: string | undefined;
  let span: Span | undefined;
  let kinds: EntryKind[] | undefined = kindsAt(path);
  if (leaf?.kind === 'NameRef') {
    name = leaf.name;
    span = leaf.span;
    if (parent?.kind === 'Argument' && parent.value === leaf) kinds = ['activation'];
  } else if (leaf?.kind === 'Name' && parent?.kind === 'Setting' && parent.name === leaf) {
    name = leaf.text;
    span = leaf.span;
    kinds = settingKinds;
  }
  if (name && span) {
    const entry = checkedEntryAt(file, span.start) ?? entryFor(name, kinds);
    if (entry && (kinds === undefined || kinds.includes(entry.kind) || entry.name === name)) {
      const body = entryMarkdown(entry);
      return markdown(shape ? `${body}\n\noutput here: \`${shape}\`` : body, span);
    }
  }

  // A keyword.
  const token = lexedOf(file).tokens.find((t) => t.startOffset <= offset && offset <= t.endOffset!);
  const kw = token && keywordInfo.find((k) => k.word === token.image && token.tokenType.name !== 'Identifier');
  if (token && kw) return markdown(`\`${kw.word}\` — ${kw.doc}`, file.source.lines.span(file.path, token.startOffset, token.endOffset! + 1));
  if (shape && leaf && leaf.kind !== 'File') return markdown(`output: \`${shape}\``, leaf.span);
  return null;
}

