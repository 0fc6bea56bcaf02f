// Completion by context: top-level keywords; layers in pipelines, transforms
// in `features`, augmentations in `augment`; optimizers, schedules, losses and
// metrics after their settings; named arguments (not-yet-given first) with
// their type and default; declared names of the kind a step needs; types;
// import paths. Catalog calls and blocks insert as snippets with a
// placeholder per required argument.

import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from 'vscode-languageserver/node.js';
import { keywordInfo } from '../../grammar/tokens.js';
import type { FileAnalysis } from '../../src/analysis/program.js';
import {
  activationNames,

  entriesOfKind,
  formatParamType,
  formatSignature,
  settingEntries,
  type CatalogEntry,
  type EntryKind,
  type ParamSpec,
} from '../../src/catalog/index.js';
import type { KilnSymbol, SymbolKind } from '../../src/resolve/symbols.js';
import type * as A from '../../src/syntax/ast.js';
import { formatArgValue } from '../../src/types/values.js';
import { declAt, walk } from './ast-query.js';
import { entryFor, layerKinds } from './catalog-context.js';
import { completionContext, type CallSite, type Section } from './completion-context.js';
import { declarationMarkdown, declarationSignature, entryMarkdown, paramMarkdown } from './docs.js';

export interface CompletionOptions {
  snippets: boolean;
}

const keywordDoc = (word: string) => keywordInfo.find((k) => k.word === word)?.doc;

const topLevelSnippets: Record<string, string> = {
  import: 'import "${1:file.kiln}"',
  data: 'data ${1:name} {\n\tsource = ${2:mnist()}\n\tfeatures {\n\t\t$0\n\t}\n}',
  block: 'block ${1:name}(${2}) {\n\t$0\n}',
  model: 'model ${1:name}(${2:input}: ${3:f32[28, 28, 1]}) -> ${4:f32[10]} {\n\t${2:input} |> $0\n}',
  schedule: 'schedule ${1:name} {\n\toptimizer ${2:adam(lr: 1e-3)}\n\tepochs ${3:10}\n}',
  distill: 'distill ${1:name} {\n\tteacher ${2:teacher}\n\tstudent ${3:student}\n\ttemperature ${4:4}\n\talpha ${5:0.9}\n}',
  experiment: 'experiment ${1:name} {\n\tseed ${2:42}\n\ttrain ${3:model} on ${4:data} with ${5:schedule}\n}',
};

/** Words that begin a line in each kind of body, beyond keywords. */
const statementWords: Partial<Record<Section, string[]>> = {
  data: ['source', 'fields', 'features', 'augment', 'clean', 'split', 'seed', 'batch', 'shuffle'],
  schedule: ['optimizer', 'lr', 'epochs', 'loss', ...settingEntries.map((e) => e.name)],
  distill: ['teacher', 'student', 'temperature', 'alpha', 'hint'],
  experiment: ['train', 'evaluate', 'distill', 'seed', 'sweep'],
  clean: ['drop_null', 'dedupe', 'filter'],
};

const sectionSnippets: Record<string, string> = {
  features: 'features {\n\t$0\n}',
  fields: 'fields {\n\t$0\n}',
  augment: 'augment {\n\t$0\n}',
  clean: 'clean {\n\t$0\n}',
  sweep: 'sweep { $0 }',
  split: 'split { train: ${1:0.8}, val: ${2:0.1}, test: ${3:0.1} }',
  train: 'train ${1:model} on ${2:data} with ${3:schedule}',
  evaluate: 'evaluate ${1:model} on ${2:data}.${3:test} metrics [${4:accuracy}]',
  repeat: 'repeat ${1:2} {\n\t$0\n}',
  residual: 'residual($0)',
  let: 'let ${1:name} = $0',
};

function sortKey(group: number, index: number): string {
  return `${group}_${String(index).padStart(4, '0')}`;
}

function callSnippet(name: string, params: readonly { name: string; required: boolean }[]): string {
  const required = params.filter((p) => p.required);
  return required.length === 0 ? `${name}()` : `${name}(${required.map((p, i) => `\${${i + 1}:${p.name}}`).join(', ')})`;
}

function entryItem(entry: CatalogEntry, group: number, index: number, opts: CompletionOptions, nextChar: string): CompletionItem {
  const item: CompletionItem = {
    label: entry.name,
    kind: entry.kind === 'activation' ? CompletionItemKind.EnumMember : CompletionItemKind.Function,
    detail: formatSignature(entry),
    documentation: { kind: MarkupKind.Markdown, value: entryMarkdown(entry) },
    sortText: sortKey(group, index),
  };
  if (opts.snippets && nextChar !== '(') {
    item.insertText = callSnippet(entry.name, entry.params);
    item.insertTextFormat = InsertTextFormat.Snippet;
  }
  return item;
}

function symbolItemKind(kind: SymbolKind): CompletionItemKind {
  switch (kind) {
    case 'block':
      return CompletionItemKind.Function;
    case 'model':
      return CompletionItemKind.Class;
    case 'data':
      return CompletionItemKind.Struct;
    case 'namespace':
      return CompletionItemKind.Module;
    case 'param':
    case 'input':
    case 'let':
      return CompletionItemKind.Variable;
    default:
      return CompletionItemKind.Reference;
  }
}

function symbolItem(sym: KilnSymbol, files: Map<string, FileAnalysis>, from: string, group: number, opts: CompletionOptions, nextChar: string): CompletionItem {
  const declaring = files.get(sym.file);
  const item: CompletionItem = {
    label: sym.name,
    kind: symbolItemKind(sym.kind),
    detail: declarationSignature(sym, declaring),
    documentation: { kind: MarkupKind.Markdown, value: declarationMarkdown(sym, declaring, from) },
    sortText: sortKey(group, 0) + sym.name,
  };
  if (sym.kind === 'block' && opts.snippets && nextChar !== '(') {
    const params = (sym.node as A.BlockDecl).params ?? [];
    item.insertText = callSnippet(sym.name, params.map((p) => ({ name: p.name.text, required: p.default === undefined })));
    item.insertTextFormat = InsertTextFormat.Snippet;
  }
  return item;
}

function keywordItem(word: string, group: number, opts: CompletionOptions, snippet?: string): CompletionItem {
  const doc = keywordDoc(word);
  const item: CompletionItem = { label: word, kind: CompletionItemKind.Keyword, sortText: sortKey(group, 0) + word };
  if (doc) item.documentation = { kind: MarkupKind.Markdown, value: doc };
  if (snippet && opts.snippets) {
    item.insertText = snippet;
    item.insertTextFormat = InsertTextFormat.Snippet;
  }
  return item;
}

/** Parameters, inputs and `let` bindings of the model or block around the cursor. */
function localsAt(file: FileAnalysis, offset: number): KilnSymbol[] {
  const decl = declAt(file.parse.ast, offset);
  if (!decl || (decl.kind !== 'Model' && decl.kind !== 'Block')) return [];
  const out: KilnSymbol[] = [];
  const kind: SymbolKind = decl.kind === 'Model' ? 'input' : 'param';
  for (const p of decl.params) out.push({ name: p.name.text, kind, file: file.path, nameSpan: p.name.span, span: p.span, node: p });
  walk(decl, (n) => {
    if (n.kind === 'Let' && n.name && n.span.end <= offset) out.push({ name: n.name.text, kind: 'let', file: file.path, nameSpan: n.name.span, span: n.span, node: n });
  });
  return out;
}

function scopeSymbols(file: FileAnalysis, kinds: SymbolKind[]): KilnSymbol[] {
  return [...file.scope.symbols.values()].filter((s) => kinds.includes(s.kind));
}

function stageItems(file: FileAnalysis, files: Map<string, FileAnalysis>, offset: number, section: Section, opts: CompletionOptions, nextChar: string): CompletionItem[] {
  if (section === 'features') return entriesOfKind('transform').map((e, i) => entryItem(e, 0, i, opts, nextChar));
  if (section === 'augment') return entriesOfKind('augmentation').map((e, i) => entryItem(e, 0, i, opts, nextChar));
  if (section === 'clean') return (statementWords.clean ?? []).map((w) => keywordItem(w, 0, opts));
  const items = entriesOfKind(...layerKinds).map((e, i) => entryItem(e, 1, i, opts, nextChar));
  items.push(...scopeSymbols(file, ['block', 'model']).map((s) => symbolItem(s, files, file.path, 0, opts, nextChar)));
  items.push(...localsAt(file, offset).filter((s) => s.kind === 'let').map((s) => symbolItem(s, files, file.path, 0, opts, nextChar)));
  items.push(keywordItem('repeat', 2, opts, sectionSnippets.repeat), keywordItem('residual', 2, opts, sectionSnippets.residual));
  items.push({ label: 'pretrained', kind: CompletionItemKind.Function, detail: 'pretrained(path: string, until: string, freeze: bool)', sortText: sortKey(2, 1) });
  return items;
}

interface CallTarget {
  name: string;
  params: ParamSpec[];
}

/** The parameters of the callee of a call site: a catalog entry or a user block. */
export function callTarget(file: FileAnalysis, files: Map<string, FileAnalysis>, call: CallSite): CallTarget | undefined {
  const sym = call.namespace ? file.scope.namespaces.get(call.namespace)?.members.get(call.callee) : file.scope.symbols.get(call.callee);
  if (sym && sym.kind === 'block') {
    const text = (files.get(sym.file) ?? file).source.text;
    const params = ((sym.node as A.BlockDecl).params ?? []).map(
      (p): ParamSpec => ({
        name: p.name.text,
        type: 'string',
        required: p.default === undefined,
        doc: '',
        typeText: p.type ? text.slice(p.type.span.start, p.type.span.end) : undefined,
        defaultText: p.default ? text.slice(p.default.span.start, p.default.span.end) : undefined,
      }) as ParamSpec & { typeText?: string; defaultText?: string },
    );
    return { name: sym.name, params };
  }
  if (call.namespace) return undefined;
  const entry = entryFor(call.callee, call.kinds);
  return entry ? { name: entry.name, params: entry.params } : undefined;
}

function paramTypeText(p: ParamSpec): string {
  return (p as ParamSpec & { typeText?: string }).typeText ?? formatParamType(p.type);
}

function paramDefaultText(p: ParamSpec): string | undefined {
  const own = (p as ParamSpec & { defaultText?: string }).defaultText;
  if (own !== undefined) return own;
  return p.default !== undefined ? formatArgValue(p.default) : undefined;
}

/** `units: int`, `p: float = 0.2`: a parameter as signature help and completion show it. */
export function paramLabel(p: ParamSpec): string {
  const def = paramDefaultText(p);
  return `${p.name}: ${paramTypeText(p)}${def !== undefined ? ` = ${def}` : p.required ? '' : '?'}`;
}

function argumentItems(file: FileAnalysis, files: Map<string, FileAnalysis>, call: CallSite, opts: CompletionOptions): CompletionItem[] {
  const target = callTarget(file, files, call);
  if (!target) return [];
  const givenPositionally = new Set(target.params.slice(0, call.positional).map((p) => p.name));
  return target.params.map((p, i) => {
    const given = call.named.includes(p.name) || givenPositionally.has(p.name);
    const def = paramDefaultText(p);
    const item: CompletionItem = {
      label: `${p.name}:`,
      filterText: p.name,
      kind: CompletionItemKind.Field,
      detail: `${paramTypeText(p)}${def !== undefined ? ` = ${def}` : p.required ? ' (required)' : ''}`,
      sortText: sortKey(given ? 1 : 0, i),
      insertText: opts.snippets ? `${p.name}: \${1:${def ?? p.name}}` : `${p.name}: `,
      insertTextFormat: opts.snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    };
    if (p.doc) item.documentation = { kind: MarkupKind.Markdown, value: paramMarkdown(target, p) };
    return item;
  });
}

function argumentValueItems(file: FileAnalysis, files: Map<string, FileAnalysis>, call: CallSite, param: string): CompletionItem[] {
  const p = callTarget(file, files, call)?.params.find((q) => q.name === param);
  if (!p) return [];
  const plain = (label: string, i: number, kind: CompletionItemKind = CompletionItemKind.EnumMember): CompletionItem => ({ label, kind, sortText: sortKey(0, i) });
  if (p.type === 'activation') return [...activationNames].map((n, i) => plain(n, i));
  if (typeof p.type === 'object') return p.type.oneOf.map((n, i) => plain(n, i));
  if (p.type === 'bool') return ['true', 'false'].map((n, i) => plain(n, i, CompletionItemKind.Keyword));
  return [];
}

function importPathItems(file: FileAnalysis, written: string): CompletionItem[] {
  const dirPart = written.includes('/') ? written.slice(0, written.lastIndexOf('/') + 1) : '';
  const dir = path.resolve(path.dirname(file.path), dirPart || '.');
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const items: CompletionItem[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    if (e.isDirectory()) items.push({ label: `${e.name}/`, kind: CompletionItemKind.Folder, sortText: sortKey(1, 0) + e.name, command: { title: 'suggest', command: 'editor.action.triggerSuggest' } });
    else if (e.name.endsWith('.kiln') && path.join(dir, e.name) !== file.path) items.push({ label: e.name, kind: CompletionItemKind.File, sortText: sortKey(0, 0) + e.name });
  }
  return items;
}

const typeNames = ['f32', 'i32', 'bool', 'string', 'class', 'int', 'float'];

export function completions(file: FileAnalysis, files: Map<string, FileAnalysis>, offset: number, opts: CompletionOptions): CompletionItem[] {
  const ctx = completionContext(file, offset);
  const nextChar = file.source.text.slice(offset).match(/^[A-Za-z0-9_]*(.?)/)?.[1] ?? '';
  switch (ctx.kind) {
    case 'none':
      return [];
    case 'importPath':
      return importPathItems(file, ctx.written);
    case 'topLevel':
      return keywordInfo.filter((k) => k.role === 'declaration').map((k) => keywordItem(k.word, 0, opts, topLevelSnippets[k.word]));
    case 'stage':
      return stageItems(file, files, offset, ctx.section, opts, nextChar);
    case 'declaration': {
      const items = scopeSymbols(file, ctx.symbolKinds).map((s) => symbolItem(s, files, file.path, 0, opts, '('));
      for (const [alias, ns] of file.scope.namespaces) {
        items.push({ label: alias, kind: CompletionItemKind.Module, detail: `import "${path.basename(ns.symbol.target ?? '')}" as ${alias}`, sortText: sortKey(1, 0) + alias });
      }
      return items;
    }
    case 'catalog':
      return entriesOfKind(...(ctx.kinds as EntryKind[])).map((e, i) => entryItem(e, 0, i, opts, nextChar));
    case 'argument':
      return argumentItems(file, files, ctx.call, opts);
    case 'argumentValue':
      return argumentValueItems(file, files, ctx.call, ctx.param);
    case 'type':
      return typeNames.map((t, i) => ({ label: t, kind: CompletionItemKind.TypeParameter, sortText: sortKey(0, i) }));
    case 'statement': {
      const section = ctx.section;
      if (section === 'model' || section === 'block' || section === 'repeat') {
        const items = stageItems(file, files, offset, section, opts, nextChar);
        items.push(keywordItem('let', 0, opts, sectionSnippets.let));
        items.push(...localsAt(file, offset).filter((s) => s.kind !== 'let').map((s) => symbolItem(s, files, file.path, 0, opts, nextChar)));
        return items;
      }
      if (section === 'augment' || section === 'features' || section === 'fields' || section === 'map') return [];
      const words = statementWords[section] ?? [];
      return words.map((w, i) => {
        const setting = settingEntries.find((e) => e.name === w);
        if (setting) return entryItem(setting, 0, i, opts, nextChar);
        return keywordItem(w, 0, opts, sectionSnippets[w]);
      });
    }
    case 'value': {
      if (ctx.section === 'model' || ctx.section === 'block' || ctx.section === 'repeat') {
        return [...localsAt(file, offset).map((s) => symbolItem(s, files, file.path, 0, opts, nextChar)), ...stageItems(file, files, offset, ctx.section, opts, nextChar)];
      }
      if (ctx.section === 'features') return entriesOfKind('transform').map((e, i) => entryItem(e, 1, i, opts, nextChar));
      return scopeSymbols(file, ['data', 'block', 'model', 'schedule', 'distill']).map((s) => symbolItem(s, files, file.path, 0, opts, nextChar));
    }
  }
}

