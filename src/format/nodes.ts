// The shapes the Prettier plugin works on: the syntax AST as Prettier sees it,
// with the bookkeeping Prettier adds while attaching comments.

import type { AnyNode, Comment, KilnFile } from '../syntax/ast.js';

/** A comment as Prettier handles it: ours, plus the fields Prettier reads and writes. */
export interface FormatComment extends Comment {
  /** Prettier names a comment's text `value` in its own messages. */
  value: string;
  leading?: boolean;
  trailing?: boolean;
  printed?: boolean;
  placement?: 'ownLine' | 'endOfLine' | 'remaining';
  enclosingNode?: FormatNode;
  precedingNode?: FormatNode;
  followingNode?: FormatNode;
}

/** Any AST node, once Prettier has attached its comments to it. */
export type FormatNode = (Exclude<AnyNode, KilnFile> | Omit<KilnFile, 'comments'>) & { comments?: FormatComment[] };

/** The root Prettier receives: the file with its comments in Prettier's form. */
export type FormatRoot = Omit<KilnFile, 'comments'> & { comments?: FormatComment[] };

/** Every comment of a parsed file, in source order, by the root Prettier was given (Prettier detaches the root's list). */
export const rootComments = new WeakMap<object, readonly FormatComment[]>();

export function isFormatComment(node: unknown): node is FormatComment {
  return typeof node === 'object' && node !== null && (node as { kind?: string }).kind === 'Comment';
}

export function locStart(node: { span: { start: number } }): number {
  return node.span.start;
}

export function locEnd(node: { span: { end: number } }): number {
  return node.span.end;
}
