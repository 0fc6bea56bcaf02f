// The Kiln printer: AST → Prettier Doc. Layout rules, in short: two-space
// (or the configured) indentation; declarations and body items one per line,
// keeping at most one blank line where the source had one; a pipeline stays on
// one line when it fits, else one `|> stage` per line, indented; argument,
// parameter and list items break one per line with a trailing comma. Literals,
// units, `=` in settings and parentheses are printed as written.

import type { AstPath, Doc, ParserOptions, Printer } from 'prettier';
import { builders } from 'prettier/doc';
import type { Dim, Expr } from '../syntax/ast.js';
import {
  canAttachComment,
  danglingComments,
  getVisitorKeys,
  hasPrettierIgnore,
  isBlockComment,
  printComment,
  printCommentLines,
  printCommentsInline,
} from './comments.js';
import { handleComments } from './comment-placement.js';
import { locEnd, locStart, type FormatComment, type FormatNode } from './nodes.js';
import { headerRegions, type HeaderRegions } from './regions.js';
import { hasNewlineBetween, isNextLineEmpty, isPreviousLineEmpty, skipTrivia } from './trivia.js';

const { breakParent, fill, group, hardline, ifBreak, indent, join, line, lineSuffix, softline } = builders;

type Path = AstPath<FormatNode>;
type Options = ParserOptions<FormatNode>;
type Print = (selector?: string | number | Array<string | number>) => Doc;
type NodeOf<K extends FormatNode['kind']> = Extract<FormatNode, { kind: K }>;

export function printKiln(path: Path, options: Options, print: Print): Doc {
  const printed = printNode(path, options, print);
  // Any dangling comment a node's printer did not place goes right after it, so none is ever lost.
  const leftover = danglingComments(path.node);
  if (leftover.length === 0) return printed;
  return [printed, leftover.map((c) => printAfter(c))];
}

function printAfter(comment: FormatComment): Doc {
  comment.printed = true;
  return comment.block ? [' ', comment.text] : [lineSuffix([' ', comment.text.trimEnd()]), breakParent];
}

function printNode(path: Path, options: Options, print: Print): Doc {
  const node = path.node;
  const text = options.originalText;
  switch (node.kind) {
    case 'File':
      return printFile(path as AstPath<NodeOf<'File'>>, text, print);

    // ---- declarations ----
    case 'Import':
      return ['import ', print('path'), node.alias ? [' as ', node.alias.text] : ''];
    case 'Data':
      return ['data ', nameOf(node), ' ', printBraced(path, text, print, 'items')];
    case 'Block':
    case 'Model':
      return printDeclarationWithBody(path as AstPath<NodeOf<'Block'> | NodeOf<'Model'>>, text, print);
    case 'Schedule':
      return ['schedule ', nameOf(node), ' ', printBraced(path, text, print, 'settings')];
    case 'Distill':
      return ['distill ', nameOf(node), ' ', printBraced(path, text, print, 'items')];
    case 'Experiment':
      return ['experiment ', nameOf(node), ' ', printBraced(path, text, print, 'items')];

    // ---- data sections ----
    case 'Features':
      return ['features ', printBraced(path, text, print, 'bindings')];
    case 'Fields':
      return ['fields ', printBraced(path, text, print, 'bindings')];
    case 'Augment':
      return ['augment ', printBraced(path, text, print, 'exprs', skipTrivia(text, node.span.start + 'augment'.length), true)];
    case 'Clean':
      return ['clean ', printBraced(path, text, print, 'exprs', skipTrivia(text, node.span.start + 'clean'.length), true)];
    case 'TypedBinding':
      return [node.name.text, ': ', print('type'), node.value ? [' = ', print('value')] : ''];

    // ---- items of bodies ----
    case 'Param':
      return [node.name.text, ': ', print('type'), node.default ? [' = ', print('default')] : ''];
    case 'Let':
      return ['let ', node.name?.text ?? '', ' = ', print('value')];
    case 'ExprStatement':
      return print('expr');
    case 'Setting':
      if (node.args) return [node.name.text, printArguments(path as AstPath<NodeOf<'Setting'>>, print)];
      return [node.name.text, node.equals ? ' = ' : ' ', print('value')];
    case 'Hint':
      return group([
        'hint ',
        print('student'),
        ' <- ',
        print('teacher'),
        node.projection ? indent([line, 'via ', print('projection')]) : '',
      ]);
    case 'TrainStep':
    case 'DistillStep':
    case 'EvaluateStep': {
      const keyword = node.kind === 'TrainStep' ? 'train ' : node.kind === 'DistillStep' ? 'distill ' : 'evaluate ';
      const tail: Doc[] = [line, 'on ', print('data')];
      if (node.schedule) tail.push(line, 'with ', print('schedule'));
      if (node.metrics) tail.push(line, 'metrics ', print('metrics'));
      return group([keyword, print('target'), indent(tail)]);
    }
    case 'Sweep': {
      const opener = skipTrivia(text, node.span.start + 'sweep'.length);
      return ['sweep ', printDelimited('{', '}', printEach(path, print, 'axes'), { spaced: true, dangling: danglingComments(node), shouldBreak: breaksAfter(text, opener, node.axes) })];
    }
    case 'SweepAxis':
      return [print('parameter'), ' in ', print('values')];

    // ---- types ----
    case 'TypeRef':
      return printTypeRef(node, text);

    // ---- expressions ----
    case 'Number':
      return node.unitText ? [node.raw, ' ', node.unitText] : node.raw;
    case 'String':
      return node.raw;
    case 'Bool':
      return node.value ? 'true' : 'false';
    case 'NameRef':
      return node.name;
    case 'Missing':
      return '';
    case 'List': {
      const items = printEach(path, print, 'items');
      // A comment belongs to the item before it: filling would carry it past the next items.
      const simple = node.items.length > 1 && node.items.every((item) => isAtom(item) && !(item as FormatNode).comments?.length);
      return printDelimited('[', ']', items, { dangling: danglingComments(node), fill: simple });
    }
    case 'Map':
      return printDelimited('{', '}', printEach(path, print, 'entries'), {
        spaced: true,
        dangling: danglingComments(node),
        shouldBreak: breaksAfter(text, node.span.start, node.entries),
      });
    case 'MapEntry':
      return [node.quoted ? text.slice(node.keySpan.start, node.keySpan.end) : node.key, ': ', print('value')];
    case 'Paren':
      return ['(', print('expr'), ')'];
    case 'Unary':
      return [node.op, print('operand')];
    case 'Binary':
      return group([print('left'), ' ', node.op, indent([line, print('right')])]);
    case 'Range':
      return [print('from'), '..', print('to')];
    case 'Pipeline':
      return printChain(path as AstPath<NodeOf<'Pipeline'>>, print, 'stages', '|>', text);
    case 'Then':
      return printChain(path as AstPath<NodeOf<'Then'>>, print, 'parts', 'then', text);
    case 'Member':
      return [print('object'), '.', node.property.text];
    case 'Call':
      return [print('callee'), printArguments(path as AstPath<NodeOf<'Call'>>, print)];
    case 'Argument':
      return node.name ? [node.name.text, ': ', print('value')] : print('value');
    case 'Repeat':
      return ['repeat ', print('count'), ' ', printBraced(path, text, print, 'body', skipTrivia(text, locEnd(node.count)), true)];
    case 'Residual':
      return group(['residual(', indent([softline, print('body')]), softline, ')']);
    case 'Name':
      return node.text;
  }
}

/** Prints each node of the array at `key`, in order. */
function printEach(path: AstPath<FormatNode>, print: Print, key: string): Doc[] {
  return (path as unknown as { map(callback: () => Doc, key: string): Doc[] }).map(() => print(), key);
}

function nameOf(node: { name?: { text: string } }): string {
  return node.name?.text ?? '';
}

function dimText(dim: Dim, text: string): string {
  switch (dim.kind) {
    case 'DimNumber':
      return text.slice(dim.span.start, dim.span.end);
    case 'DimName':
      return dim.name;
    case 'DimAny':
      return '?';
  }
}

/** Literals and names: lists of only these fill the line instead of one item per line. */
function isAtom(e: Expr): boolean {
  return e.kind === 'Number' || e.kind === 'String' || e.kind === 'Bool' || e.kind === 'NameRef' || (e.kind === 'Unary' && e.operand.kind === 'Number');
}

// ---- files and bodies ------------------------------------------------------------

function printFile(path: AstPath<NodeOf<'File'>>, text: string, print: Print): Doc {
  const node = path.node;
  if (node.decls.length === 0) {
    const comments = danglingComments(node);
    return comments.length > 0 ? [printCommentLines(comments, text), hardline] : '';
  }
  return [printItems(path, text, print, 'decls'), hardline];
}

/** Items one per line, with a blank line kept (at most one) where the source had one. */
function printItems(path: Path, text: string, print: Print, key: string): Doc {
  const items = (path.node as unknown as Record<string, FormatNode[]>)[key];
  const parts: Doc[] = [];
  path.each((_, i) => {
    parts.push(print());
    if (i < items.length - 1) {
      parts.push(hardline);
      if (isNextLineEmpty(text, locEnd(items[i]))) parts.push(hardline);
    }
  }, key as never);
  return parts;
}

/**
 * A `{ … }` body: items one per line. An empty body prints `{}` or holds its
 * comments. With `inlineWhenShort`, a body of one item written on one line
 * stays on one line when it fits (`repeat 2 { encoder(64) }`).
 */
function printBraced(path: Path, text: string, print: Print, key: string, opener?: number, inlineWhenShort = false): Doc {
  const node = path.node;
  const items = (node as unknown as Record<string, FormatNode[]>)[key];
  const dangling = danglingComments(node, opener ?? -Infinity);
  if (items.length === 0) {
    if (dangling.length === 0) return '{}';
    return ['{', indent([hardline, printCommentLines(dangling, text)]), hardline, '}'];
  }
  const body = printItems(path, text, print, key);
  const open = opener ?? skipTrivia(text, locStart(node));
  if (inlineWhenShort && items.length === 1 && text[open] === '{' && !hasNewlineBetween(text, open, locStart(items[0]))) {
    return group(['{', indent([line, body]), line, '}']);
  }
  return ['{', indent([hardline, body]), hardline, '}'];
}

// ---- headers --------------------------------------------------------------------

/** `model name(params) -> type { body }` and `block name(params) { body }`, with comments in the header kept in place. */
function printDeclarationWithBody(path: AstPath<NodeOf<'Block'> | NodeOf<'Model'>>, text: string, print: Print): Doc {
  const node = path.node;
  const regions = headerRegions(node, text);
  const dangling = danglingComments(node, -Infinity, regions.opener);
  const beforeParams = regions.hasParens ? dangling.filter((c) => locStart(c) < regions.open) : [];
  const beforeBrace = regions.hasParens ? dangling.filter((c) => locStart(c) > regions.close) : dangling;
  const params = regions.hasParens ? printParams(path, print, regions) : '';
  const output = node.kind === 'Model' && node.output ? [' -> ', print('output')] : '';
  return [
    node.kind === 'Model' ? 'model ' : 'block ',
    nameOf(node),
    printInHeader(beforeParams),
    params,
    output,
    printInHeader(beforeBrace),
    ' ',
    printBraced(path, text, print, 'body', regions.opener),
  ];
}

/** Comments between header parts: after a space, a line comment ending its line. */
function printInHeader(comments: FormatComment[]): Doc {
  return comments.map((c) => {
    c.printed = true;
    return c.block ? [' ', c.text] : [' ', c.text.trimEnd(), hardline];
  });
}

/** Comments before a part of a line: a block comment and a space, or a line comment and a line break. */
function printBefore(comments: FormatComment[]): Doc {
  return comments.map((c) => {
    c.printed = true;
    return c.block ? [c.text, ' '] : [c.text.trimEnd(), hardline];
  });
}

/** `f32[28, 28, 1]`; comments among the dimensions break them one per line. */
function printTypeRef(node: NodeOf<'TypeRef'>, text: string): Doc {
  const optional = node.optional ? 'optional ' : '';
  const comments = danglingComments(node);
  const beforeName = printBefore(comments.filter((c) => locStart(c) < locStart(node.name)));
  if (!node.dims) return [optional, beforeName, node.name.text];
  const dims = node.dims;
  if (comments.length === 0) return [optional, node.name.text, '[', join(', ', dims.map((d) => dimText(d, text))), ']'];
  const inDims = comments.filter((c) => locStart(c) >= locEnd(node.name));
  const dimDocs = dims.map((d, i) => {
    const from = i === 0 ? locEnd(node.name) : dims[i - 1].span.end;
    return [printBefore(inDims.filter((c) => locStart(c) >= from && locStart(c) < d.span.start)), dimText(d, text)];
  });
  const after = inDims.filter((c) => locStart(c) >= (dims.length > 0 ? dims[dims.length - 1].span.end : locEnd(node.name)));
  if (dims.length === 0) return [optional, beforeName, node.name.text, printDelimited('[', ']', [], { dangling: after })];
  return [
    optional,
    beforeName,
    node.name.text,
    group(['[', indent([softline, join([',', line], dimDocs), after.map((c) => printAfter(c))]), ifBreak(','), softline, ']']),
  ];
}

function printParams(path: AstPath<NodeOf<'Model'> | NodeOf<'Block'>>, print: Print, regions: HeaderRegions): Doc {
  const params = printEach(path, print, 'params');
  return printDelimited('(', ')', params, { dangling: danglingComments(path.node, regions.open, regions.close + 1) });
}

function printArguments(path: AstPath<NodeOf<'Call'> | NodeOf<'Setting'>>, print: Print): Doc {
  const args = printEach(path, print, 'args');
  return printDelimited('(', ')', args, { dangling: danglingComments(path.node) });
}

// ---- delimited lists ---------------------------------------------------------------

interface DelimitedOptions {
  /** `{ a: 1 }` rather than `{a: 1}`. */
  spaced?: boolean;
  /** Comments in an empty list. */
  dangling: FormatComment[];
  /** Keep the list broken, as the source had it. */
  shouldBreak?: boolean;
  /** Fill lines with items instead of one per line (lists of numbers). */
  fill?: boolean;
}

/** `(a, b)`, `[a, b]`, `{ a: 1 }`: on one line when it fits, else one item per line with a trailing comma. */
function printDelimited(open: string, close: string, items: Doc[], opts: DelimitedOptions): Doc {
  const edge = opts.spaced ? line : softline;
  if (items.length === 0) {
    if (opts.dangling.length === 0) return open + close;
    if (opts.dangling.every((c) => c.block && !c.text.includes('\n'))) {
      const inline = printCommentsInline(opts.dangling);
      return opts.spaced ? [open, ' ', inline, ' ', close] : [open, inline, close];
    }
    return group([open, indent([softline, printCommentLines(opts.dangling)]), softline, close]);
  }
  const separator = [',', line];
  const content = opts.fill ? fill(items.flatMap((item, i) => (i === 0 ? [item] : [separator, item]))) : join(separator, items);
  return group([open, indent([edge, content]), ifBreak(','), edge, close], { shouldBreak: opts.shouldBreak ?? false });
}

/** Whether the source broke the line right after an opening bracket, before the first item. */
function breaksAfter(text: string, opener: number, items: readonly FormatNode[]): boolean {
  return items.length > 0 && hasNewlineBetween(text, opener, locStart(items[0]));
}

// ---- chains ---------------------------------------------------------------------

/**
 * `a |> b |> c` and `x then y`: one line when it fits, else the first item
 * and then one `op item` per line, indented. A comment on its own line before
 * an operator stays there.
 */
function printChain(path: AstPath<NodeOf<'Pipeline'> | NodeOf<'Then'>>, print: Print, key: 'stages' | 'parts', op: string, text: string): Doc {
  const node = path.node;
  const items = (node as unknown as Record<string, Expr[]>)[key];
  const docs = printEach(path, print, key);
  const dangling = danglingComments(node);
  const rest: Doc[] = [];
  for (let i = 1; i < items.length; i++) {
    const before = dangling.filter((c) => locStart(c) >= locEnd(items[i - 1]) && locEnd(c) <= locStart(items[i]));
    rest.push(line);
    if (before.length > 0) {
      // A blank line above the comments is kept, as between body items.
      if (isPreviousLineEmpty(text, locStart(before[0]))) rest.push(softline);
      rest.push(printCommentLines(before, text), hardline);
    }
    rest.push(op, ' ', docs[i]);
  }
  return group([docs[0], indent(rest)]);
}

// ---- the printer ------------------------------------------------------------------

export const kilnPrinter: Printer<FormatNode> = {
  print: printKiln,
  printComment: printComment as Printer<FormatNode>['printComment'],
  canAttachComment: canAttachComment as Printer<FormatNode>['canAttachComment'],
  isBlockComment: isBlockComment as Printer<FormatNode>['isBlockComment'],
  getVisitorKeys: getVisitorKeys as unknown as Printer<FormatNode>['getVisitorKeys'],
  hasPrettierIgnore: hasPrettierIgnore as Printer<FormatNode>['hasPrettierIgnore'],
  handleComments: handleComments as unknown as Printer<FormatNode>['handleComments'],
};

