// Comments as Prettier sees them. Prettier attaches each comment to a node
// (leading, trailing, or dangling when the node has no children to hang it
// on); these hooks say which nodes can hold comments and which children a
// node has, how a comment prints, and how the printers print the dangling
// ones. Where comments go is decided in comment-placement.ts.

import type { AstPath, Doc } from 'prettier';
import { builders } from 'prettier/doc';
import { isNextLineEmpty } from './trivia.js';
import { isFormatComment, locEnd, locStart, type FormatComment, type FormatNode } from './nodes.js';

const { breakParent, hardline, join } = builders;

type Kind = FormatNode['kind'];

/** The children of each node kind, in the order they appear in the text. Names are printed as text and hold no comments. */
const visitorKeys: Record<Kind, readonly string[]> = {
  File: ['decls'],
  Import: ['path'],
  Data: ['items'],
  Block: ['params', 'body'],
  Model: ['params', 'output', 'body'],
  Schedule: ['settings'],
  Distill: ['items'],
  Experiment: ['items'],
  Features: ['bindings'],
  Fields: ['bindings'],
  Augment: ['exprs'],
  Clean: ['exprs'],
  TypedBinding: ['type', 'value'],
  Param: ['type', 'default'],
  Let: ['value'],
  ExprStatement: ['expr'],
  Hint: ['student', 'teacher', 'projection'],
  TrainStep: ['target', 'data', 'schedule'],
  DistillStep: ['target', 'data', 'schedule'],
  EvaluateStep: ['target', 'data', 'metrics'],
  Sweep: ['axes'],
  SweepAxis: ['parameter', 'values'],
  Setting: ['args', 'value'],
  TypeRef: [],
  Number: [],
  String: [],
  Bool: [],
  NameRef: [],
  List: ['items'],
  Map: ['entries'],
  MapEntry: ['value'],
  Paren: ['expr'],
  Unary: ['operand'],
  Binary: ['left', 'right'],
  Range: ['from', 'to'],
  Pipeline: ['stages'],
  Then: ['parts'],
  Member: ['object'],
  Call: ['callee', 'args'],
  Argument: ['value'],
  Repeat: ['count', 'body'],
  Residual: ['body'],
  Missing: [],
  Name: [],
};

export function getVisitorKeys(node: FormatNode | FormatComment): readonly string[] {
  if (isFormatComment(node)) return [];
  return visitorKeys[node.kind] ?? [];
}

export function canAttachComment(node: FormatNode | FormatComment): boolean {
  return !isFormatComment(node) && node.kind !== 'Name' && node.kind !== 'Missing' && node.kind !== 'File' && node.kind in visitorKeys;
}

export function isBlockComment(node: FormatNode | FormatComment): boolean {
  return isFormatComment(node) && node.block;
}

export function printComment(path: AstPath<FormatNode | FormatComment>): Doc {
  const comment = path.node as FormatComment;
  // Trailing blanks in a line comment are invisible; Prettier trims them at the line end anyway.
  return comment.block ? comment.text : comment.text.trimEnd();
}

const ignoreDirective = /^(?:\/\/\s*prettier-ignore\s*|\/\*\s*prettier-ignore\s*\*\/)$/;

/** `// prettier-ignore` right before a node leaves the node exactly as written. */
export function hasPrettierIgnore(path: AstPath<FormatNode | FormatComment>): boolean {
  const node = path.node;
  if (isFormatComment(node)) return false;
  return node.comments?.some((c) => c.leading && ignoreDirective.test(c.text.trim())) ?? false;
}

// ---- printing dangling comments -------------------------------------------------

/** The dangling comments of the current node (optionally only those in [from, to)), not yet printed. */
export function danglingComments(node: FormatNode, from = -Infinity, to = Infinity): FormatComment[] {
  return (node.comments ?? []).filter((c) => !c.leading && !c.trailing && !c.printed && locStart(c) >= from && locStart(c) < to);
}

/** Prints comments one per line, keeping a blank line between two where the source (when given) had one. */
export function printCommentLines(comments: FormatComment[], text?: string): Doc {
  const parts: Doc[] = [];
  comments.forEach((c, i) => {
    c.printed = true;
    parts.push(c.block ? c.text : c.text.trimEnd());
    if (i < comments.length - 1) {
      parts.push(hardline);
      if (text !== undefined && isNextLineEmpty(text, locEnd(c))) parts.push(hardline);
    }
  });
  if (comments.some((c) => !c.block)) parts.push(breakParent);
  return parts;
}

/** Prints comments separated by spaces, for short block comments inside brackets. */
export function printCommentsInline(comments: FormatComment[]): Doc {
  for (const c of comments) c.printed = true;
  return join(
    ' ',
    comments.map((c) => (c.block ? c.text : c.text.trimEnd())),
  );
}
