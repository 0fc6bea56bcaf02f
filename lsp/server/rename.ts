// Rename a declaration and every reference to it, across imports. Refused,
// with the reason, when the new name is not an identifier, is a keyword,
// would hide a catalog layer, or is already taken where the name is visible.

import * as path from 'node:path';
import { ResponseError, ErrorCodes, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver/node.js';
import { keywordInfo } from '../../grammar/tokens.js';
import { catalogBuiltins } from '../../src/analysis/builtins.js';
import type { FileAnalysis } from '../../src/analysis/program.js';
import { describeKind } from '../../src/resolve/symbols.js';
import type * as A from '../../src/syntax/ast.js';
import { referencesTo, symbolAt, walk, type SymbolRef } from './ast-query.js';
import { spanToRange } from './convert.js';
import type { UriMap } from './uri.js';

const refuse = (message: string) => new ResponseError(ErrorCodes.InvalidRequest, message);

export function prepareRename(file: FileAnalysis, offset: number): { range: Range; placeholder: string } {
  const at = symbolAt(file, offset);
  if (!at) throw refuse('there is no declared name here to rename');
  return { range: spanToRange(at.span), placeholder: file.source.text.slice(at.span.start, at.span.end) };
}

/** Names declared in the model or block that declares a local. */
function localNames(files: Map<string, FileAnalysis>, target: SymbolRef): Set<string> {
  const names = new Set<string>();
  const ast = files.get(target.file)?.parse.ast;
  const owner = ast?.decls.find((d): d is A.ModelDecl | A.BlockDecl => (d.kind === 'Model' || d.kind === 'Block') && d.span.start <= target.nameSpan.start && target.nameSpan.end <= d.span.end);
  if (!owner) return names;
  for (const p of owner.params) names.add(p.name.text);
  walk(owner, (n) => {
    if (n.kind === 'Let' && n.name) names.add(n.name.text);
  });
  return names;
}

function whyTaken(files: Map<string, FileAnalysis>, target: SymbolRef, newName: string): string | undefined {
  if (['param', 'input', 'let'].includes(target.kind)) {
    return localNames(files, target).has(newName) ? `\`${newName}\` is already declared in the same ${target.kind === 'input' ? 'model' : 'body'}` : undefined;
  }
  // Every file where the symbol is visible: its own, and those that reference or import it.
  for (const f of files.values()) {
    const visible = f.path === target.file || f.scope.symbols.get(target.name)?.nameSpan.start === target.nameSpan.start && f.scope.symbols.get(target.name)?.file === target.file;
    if (!visible) continue;
    const other = f.scope.symbols.get(newName);
    if (other) return `\`${newName}\` is already declared as ${describeKind(other.kind)} in ${path.basename(other.file)}`;
    if (f.scope.namespaces.has(newName)) return `\`${newName}\` already names an imported file in ${path.basename(f.path)}`;
  }
  return undefined;
}

export function rename(file: FileAnalysis, files: Map<string, FileAnalysis>, offset: number, newName: string, uris: UriMap): WorkspaceEdit {
  const at = symbolAt(file, offset);
  if (!at) throw refuse('there is no declared name here to rename');
  const target = at.target;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(newName)) throw refuse(`\`${newName}\` is not a valid name: use letters, digits and \`_\`, not starting with a digit`);
  if (keywordInfo.some((k) => k.word === newName)) throw refuse(`\`${newName}\` is a keyword`);
  if (newName === target.name) return { changes: {} };
  if (target.kind !== 'namespace' && catalogBuiltins().isStage(newName)) throw refuse(`\`${newName}\` is a catalog layer; a declaration with that name would hide it`);
  const taken = whyTaken(files, target, newName);
  if (taken) throw refuse(taken);
  const changes: Record<string, TextEdit[]> = {};
  const add = (span: { file: string; start: number; end: number } & Parameters<typeof spanToRange>[0]) => {
    const uri = uris.uri(span.file);
    (changes[uri] ??= []).push({ range: spanToRange(span), newText: newName });
  };
  add(target.nameSpan);
  for (const s of referencesTo(target, files.values())) add(s);
  return { changes };
}
