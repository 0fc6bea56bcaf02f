// Where each comment goes. Prettier's default hangs a comment on the nearest
// node before or after it; for Kiln that is wrong in a few places, corrected
// here:
//   - just inside a body's `{` or a call's `(`: into the body, not onto the
//     header or the callee;
//   - between a callee and its `(`: into the argument list;
//   - inside a parameter list after the last parameter: onto that parameter,
//     not onto the output type;
//   - on its own line before `|> stage` or `then part`, or just after the
//     operator: above the operator, in order;
//   - a line comment after a part of a line that prints with more code after
//     it (`f32[5] // c` before `= value`): onto the item the line belongs to,
//     so it ends that line and two line comments never share one line.

import { getVisitorKeys } from './comments.js';
import { locEnd, locStart, rootComments, type FormatComment, type FormatNode } from './nodes.js';
import { headerRegions } from './regions.js';
import { skipTrivia } from './trivia.js';

type Placement = 'ownLine' | 'endOfLine' | 'remaining';

function place(placement: Placement, comment: FormatComment, text: string, root: FormatNode): boolean {
  return (
    handleCalleeComment(comment) ||
    handleHeaderComment(comment, text) ||
    handleChainComment(placement, comment, text) ||
    handleCommentBeforeComma(placement, comment, text) ||
    handleLineCommentDrift(placement, comment, root)
  );
}

export const handleComments = {
  ownLine: (comment: FormatComment, text: string, _options: unknown, root: FormatNode) => place('ownLine', comment, text, root),
  endOfLine: (comment: FormatComment, text: string, _options: unknown, root: FormatNode) => place('endOfLine', comment, text, root),
  remaining: (comment: FormatComment, text: string, _options: unknown, root: FormatNode) => place('remaining', comment, text, root),
};

/** A comment between a callee and its `(` (`dense // c`, then `(4)`) goes inside the parentheses. */
function handleCalleeComment(comment: FormatComment): boolean {
  const call = comment.enclosingNode;
  if (call?.kind !== 'Call') return false;
  const start = locStart(comment);
  if (start < locEnd(call.callee) || start >= call.argsSpan.start) return false;
  return call.args.length > 0 ? addLeading(call.args[0], comment) : addDangling(call, comment);
}

interface Regions {
  /** The `(` and `)` of a parameter list, when there is one. */
  params?: { open: number; close: number };
  /** Where the header ends: comments after it belong to the body. */
  headerEnd: number;
  /** The body's `{` or the argument list's `(`. */
  opener: number;
}

const regionCache = new WeakMap<object, Regions | null>();

function regionsOf(node: FormatNode, text: string): Regions | undefined {
  let cached = regionCache.get(node);
  if (cached === undefined) {
    cached = computeRegions(node, text) ?? null;
    regionCache.set(node, cached);
  }
  return cached ?? undefined;
}

function computeRegions(node: FormatNode, text: string): Regions | undefined {
  switch (node.kind) {
    case 'Call':
      return { headerEnd: node.argsSpan.start, opener: node.argsSpan.start };
    case 'Repeat':
      return { headerEnd: locEnd(node.count), opener: skipTrivia(text, locEnd(node.count)) };
    case 'Model':
    case 'Block': {
      const header = headerRegions(node, text);
      if (!header.hasParens) return { headerEnd: node.name ? locEnd(node.name) : locStart(node), opener: header.opener };
      return { params: { open: header.open, close: header.close }, headerEnd: header.close, opener: header.opener };
    }
    default:
      return undefined;
  }
}

/**
 * Comments in a declaration header or just inside its body. A comment after
 * the body's `{` (or a line comment before it, which forces the `{` onto the
 * next line) leads the first item of the body, or dangles in an empty body.
 */
function handleHeaderComment(comment: FormatComment, text: string): boolean {
  const enclosing = comment.enclosingNode;
  if (!enclosing) return false;
  const regions = regionsOf(enclosing, text);
  if (!regions) return false;
  const start = locStart(comment);
  const preceding = comment.precedingNode;
  const following = comment.followingNode;
  if (regions.params && start > regions.params.open && start < regions.params.close) {
    // Inside the parameter list: never let a comment drift onto the output type.
    if (preceding && (!following || following.kind !== 'Param')) return addTrailing(preceding, comment);
    if (!preceding && (!following || following.kind !== 'Param')) return addDangling(enclosing, comment);
    return false;
  }
  if (enclosing.kind === 'Model' && enclosing.output && regions.params && !comment.block && enclosing.params.length > 0) {
    // `model m(x: …)  // c` then `-> type`: the line ends after the parameters, so the comment trails the last one.
    if (start > regions.params.close && start < locStart(enclosing.output)) return addTrailing(enclosing.params[enclosing.params.length - 1], comment);
  }
  if (regions.params && start < regions.params.open && !preceding && following?.kind !== 'Param') {
    // Between the name and an empty parameter list: kept there, not moved onto the output type.
    return addDangling(enclosing, comment);
  }
  const intoBody = start > regions.opener || (!comment.block && start > regions.headerEnd && start < regions.opener);
  if (!intoBody) return false;
  if (preceding && locEnd(preceding) > regions.opener) return false;
  if (following && locStart(following) < regions.opener) return false;
  return following ? addLeading(following, comment) : addDangling(enclosing, comment);
}

/**
 * In `a |> b` and `a then b`: a comment on its own line before the operator,
 * or right after it, is printed above the operator; one at the end of `a`'s
 * line stays there.
 */
function handleChainComment(placement: Placement, comment: FormatComment, text: string): boolean {
  const chain = comment.enclosingNode;
  const following = comment.followingNode;
  const preceding = comment.precedingNode;
  if (!chain || !following || !preceding) return false;
  if (chain.kind !== 'Pipeline' && chain.kind !== 'Then') return false;
  const afterOperator = skipTrivia(text, locEnd(preceding)) < locStart(comment);
  if (placement === 'ownLine' || afterOperator) return addDangling(chain, comment);
  return false;
}

/** `a\n// c\n, b`: a comment before a separating comma belongs to the item before it. */
function handleCommentBeforeComma(placement: Placement, comment: FormatComment, text: string): boolean {
  if (placement !== 'ownLine' || !comment.precedingNode || !comment.followingNode) return false;
  return text[skipTrivia(text, locEnd(comment))] === ',' ? addTrailing(comment.precedingNode, comment) : false;
}

/**
 * A line comment that would trail a node printed mid-line (a type before
 * `= value`, a callee, an operand), or that sits on its own line in the
 * middle of an item, trails the whole item instead: the
 * nearest ancestor that ends a printed line. Skipped when another comment
 * lies between, since moving past it would change their order: then it
 * leads what follows it.
 */
function handleLineCommentDrift(placement: Placement, comment: FormatComment, root: FormatNode): boolean {
  if (comment.block) return false;
  const preceding = comment.precedingNode;
  if (!preceding || (lineEndingKinds.has(preceding.kind) && !(placement === 'ownLine' && comment.followingNode))) return false;
  const parents = parentMap(root);
  // On its own line before a line's first node it leads that node; before a node in mid-line it is treated as
  // ending the line before, which is where the printed output puts it.
  if (placement === 'ownLine' && comment.followingNode && endsALine(comment.followingNode, parents)) return false;
  const comments = rootComments.get(root) ?? [];
  let target = preceding;
  while (!endsALine(target, parents)) {
    const parent = parents.get(target);
    if (!parent || parent.kind === 'File') return false;
    if (hasCommentBetween(comments, locEnd(comment), locEnd(parent))) {
      // Printed before what follows it, the comment still ends its line and keeps its order.
      return comment.followingNode ? addLeading(comment.followingNode, comment) : false;
    }
    target = parent;
  }
  if (target === preceding) return false;
  return addTrailing(target, comment);
}

/** Nodes that are printed with a line break (or a breakable line) right after them. */
const lineEndingKinds = new Set<FormatNode['kind']>([
  'Import', 'Data', 'Block', 'Model', 'Schedule', 'Distill', 'Experiment',
  'Features', 'Fields', 'Augment', 'Clean', 'TypedBinding', 'Param', 'Let', 'ExprStatement', 'Setting', 'Hint',
  'TrainStep', 'DistillStep', 'EvaluateStep', 'Sweep', 'SweepAxis', 'Argument', 'MapEntry',
]);

function endsALine(node: FormatNode, parents: WeakMap<FormatNode, FormatNode>): boolean {
  if (lineEndingKinds.has(node.kind)) return true;
  const parent = parents.get(node);
  // List items, pipeline stages, `then` parts and a residual's body are followed by a line that breaks when a comment is there.
  const kind = parent?.kind;
  return kind === 'List' || kind === 'Pipeline' || kind === 'Then' || kind === 'Augment' || kind === 'Clean' || kind === 'Residual';
}

function hasCommentBetween(comments: readonly FormatComment[], from: number, to: number): boolean {
  // Comments are in source order: find the first starting at or after `from`.
  let lo = 0;
  let hi = comments.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (locStart(comments[mid]) < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < comments.length && locStart(comments[lo]) < to;
}

const parentMaps = new WeakMap<object, WeakMap<FormatNode, FormatNode>>();

function parentMap(root: FormatNode): WeakMap<FormatNode, FormatNode> {
  let map = parentMaps.get(root);
  if (map) return map;
  map = new WeakMap();
  const stack: FormatNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const key of getVisitorKeys(node)) {
      const value = (node as unknown as Record<string, unknown>)[key];
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child && typeof child === 'object') {
          map.set(child as FormatNode, node);
          stack.push(child as FormatNode);
        }
      }
    }
  }
  parentMaps.set(root, map);
  return map;
}

// Prettier's own helpers for these are internal; they only push and flag.
function attach(node: FormatNode, comment: FormatComment, leading: boolean, trailing: boolean): true {
  comment.leading = leading;
  comment.trailing = trailing;
  comment.printed = false;
  (node.comments ??= []).push(comment);
  node.comments.sort((a, b) => locStart(a) - locStart(b));
  return true;
}
const addLeading = (node: FormatNode, c: FormatComment) => attach(node, c, true, false);
const addTrailing = (node: FormatNode, c: FormatComment) => attach(node, c, false, true);
const addDangling = (node: FormatNode, c: FormatComment) => attach(node, c, false, false);
