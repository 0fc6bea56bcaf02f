// The typed AST. Every node carries its span. Fields that a recovered parse may
// lack are optional: a phase that reads the AST must cope with holes, and a
// hole in an expression position is an explicit `Missing` node.
//
// Input: nothing. Output: the node types every later phase reads.

import type { Span } from '../diagnostics/span.js';

export interface Name {
  kind: 'Name';
  text: string;
  span: Span;
}

export interface Comment {
  kind: 'Comment';
  text: string;
  block: boolean;
  span: Span;
}

export interface KilnFile {
  kind: 'File';
  path: string;
  decls: Decl[];
  comments: Comment[];
  span: Span;
}

export type Decl = ImportDecl | DataDecl | BlockDecl | ModelDecl | ScheduleDecl | DistillDecl | ExperimentDecl;

/** The declarations that introduce a name other files and references can see. */
export type NamedDecl = Exclude<Decl, ImportDecl>;
export type DeclKind = NamedDecl['kind'];

export interface ImportDecl {
  kind: 'Import';
  path?: StringLit;
  alias?: Name;
  span: Span;
}

export interface DataDecl {
  kind: 'Data';
  name?: Name;
  items: DataItem[];
  span: Span;
}

export type DataItem = Setting | FeaturesSection | FieldsSection | AugmentSection | CleanSection;

export interface FeaturesSection {
  kind: 'Features';
  bindings: TypedBinding[];
  span: Span;
}

export interface FieldsSection {
  kind: 'Fields';
  bindings: TypedBinding[];
  span: Span;
}

export interface AugmentSection {
  kind: 'Augment';
  exprs: Expr[];
  span: Span;
}

export interface CleanSection {
  kind: 'Clean';
  exprs: Expr[];
  span: Span;
}

/** `name: type` or `name: type = value` (features, fields). */
export interface TypedBinding {
  kind: 'TypedBinding';
  name: Name;
  type?: TypeRef;
  value?: Expr;
  span: Span;
}

export interface BlockDecl {
  kind: 'Block';
  name?: Name;
  params: Param[];
  body: Statement[];
  span: Span;
}

export interface ModelDecl {
  kind: 'Model';
  name?: Name;
  params: Param[];
  output?: TypeRef;
  body: Statement[];
  span: Span;
}

export interface Param {
  kind: 'Param';
  name: Name;
  type?: TypeRef;
  default?: Expr;
  span: Span;
}

export type Statement = LetStatement | ExprStatement;

export interface LetStatement {
  kind: 'Let';
  name?: Name;
  value?: Expr;
  span: Span;
}

export interface ExprStatement {
  kind: 'ExprStatement';
  expr: Expr;
  span: Span;
}

export interface ScheduleDecl {
  kind: 'Schedule';
  name?: Name;
  settings: Setting[];
  span: Span;
}

export interface DistillDecl {
  kind: 'Distill';
  name?: Name;
  items: (Setting | Hint)[];
  span: Span;
}

/** `hint student.a <- teacher.b via dense`. */
export interface Hint {
  kind: 'Hint';
  student?: Expr;
  teacher?: Expr;
  projection?: Expr;
  span: Span;
}

export interface ExperimentDecl {
  kind: 'Experiment';
  name?: Name;
  items: ExperimentItem[];
  span: Span;
}

export type ExperimentItem = Setting | Step | Sweep;

export interface Step {
  kind: 'TrainStep' | 'DistillStep' | 'EvaluateStep';
  target?: Expr;
  data?: Expr;
  schedule?: Expr;
  metrics?: Expr;
  span: Span;
}

export interface Sweep {
  kind: 'Sweep';
  axes: SweepAxis[];
  span: Span;
}

export interface SweepAxis {
  kind: 'SweepAxis';
  parameter?: Expr;
  values?: Expr;
  span: Span;
}

/** `name value`, `name = value` or `name(arguments)`. */
export interface Setting {
  kind: 'Setting';
  name: Name;
  /** Present for the call form `early_stop(monitor: val_loss)`. */
  args?: Argument[];
  value?: Expr;
  /** Whether it was written `name = value`; kept so the formatter prints it as written. */
  equals: boolean;
  span: Span;
}

export interface TypeRef {
  kind: 'TypeRef';
  optional: boolean;
  name: Name;
  /** Absent for scalar types (`int`); present, maybe empty, for `f32[...]`. */
  dims?: Dim[];
  span: Span;
}

export type Dim =
  | { kind: 'DimNumber'; value: number; span: Span }
  | { kind: 'DimName'; name: string; span: Span }
  | { kind: 'DimAny'; span: Span };

export type Expr =
  | NumberLit
  | StringLit
  | BoolLit
  | NameRef
  | ListExpr
  | MapExpr
  | ParenExpr
  | UnaryExpr
  | BinaryExpr
  | RangeExpr
  | PipelineExpr
  | ThenExpr
  | MemberExpr
  | CallExpr
  | RepeatExpr
  | ResidualExpr
  | MissingExpr;

export type DurationUnit = 'steps' | 'epochs';

export interface NumberLit {
  kind: 'Number';
  value: number;
  /** As written (`10_000`, `3e-4`): the formatter keeps it. */
  raw: string;
  /** Whether the literal is written as an integer (no `.` or exponent). */
  integer: boolean;
  unit?: DurationUnit;
  /** The unit as written (`step` or `steps`). */
  unitText?: string;
  span: Span;
}

export interface StringLit {
  kind: 'String';
  value: string;
  raw: string;
  span: Span;
}

export interface BoolLit {
  kind: 'Bool';
  value: boolean;
  span: Span;
}

export interface NameRef {
  kind: 'NameRef';
  name: string;
  span: Span;
}

export interface ListExpr {
  kind: 'List';
  items: Expr[];
  span: Span;
}

export interface MapEntry {
  kind: 'MapEntry';
  key: string;
  /** Whether the key was written as a string literal. */
  quoted: boolean;
  keySpan: Span;
  value: Expr;
  span: Span;
}

export interface MapExpr {
  kind: 'Map';
  entries: MapEntry[];
  span: Span;
}

export interface ParenExpr {
  kind: 'Paren';
  expr: Expr;
  span: Span;
}

export interface UnaryExpr {
  kind: 'Unary';
  op: '-' | '!';
  operand: Expr;
  span: Span;
}

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';

export interface BinaryExpr {
  kind: 'Binary';
  op: BinaryOp;
  left: Expr;
  right: Expr;
  span: Span;
}

export interface RangeExpr {
  kind: 'Range';
  from: Expr;
  to: Expr;
  span: Span;
}

/** `a |> b |> c`: stages in order; the first may be a value or a stage. */
export interface PipelineExpr {
  kind: 'Pipeline';
  stages: Expr[];
  span: Span;
}

/** `warmup(500 steps) then cosine(to: 1e-5)`. */
export interface ThenExpr {
  kind: 'Then';
  parts: Expr[];
  span: Span;
}

export interface MemberExpr {
  kind: 'Member';
  object: Expr;
  property: Name;
  span: Span;
}

export interface Argument {
  kind: 'Argument';
  name?: Name;
  value: Expr;
  span: Span;
}

export interface CallExpr {
  kind: 'Call';
  callee: Expr;
  args: Argument[];
  /** The span of `( … )`. */
  argsSpan: Span;
  span: Span;
}

export interface RepeatExpr {
  kind: 'Repeat';
  count: Expr;
  body: Statement[];
  span: Span;
}

export interface ResidualExpr {
  kind: 'Residual';
  body: Expr;
  span: Span;
}

/** What recovery left where an expression was required. */
export interface MissingExpr {
  kind: 'Missing';
  span: Span;
}

export type AnyNode = KilnFile | Decl | DataItem | TypedBinding | Param | Statement | Hint | ExperimentItem | SweepAxis | TypeRef | Expr | Argument | MapEntry | Name;

/** The name of the callee when it is a plain name (`dense` in `dense(128)`). */
export function calleeName(call: CallExpr): string | undefined {
  return call.callee.kind === 'NameRef' ? call.callee.name : undefined;
}
