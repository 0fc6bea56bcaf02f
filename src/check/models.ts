// Shape inference for models and blocks. A model body is evaluated like a
// data-flow program: values (inputs, `let` values) flow through stages
// (catalog layers, blocks, models, `repeat`, `residual`, `pretrained`), and
// every stage gets its output type from the catalog's shape rule. Blocks are
// instantiated with their typed arguments at each use, so one block can be
// checked against the shapes of every place it is used. The result is a flat
// DAG (graph.ts) that the summary and the IR lowering read.
//
// Input: a model or block declaration. Output: its graph + diagnostics.

import type { FileAnalysis } from '../analysis/program.js';
import { inferShape, isShapeProblem, type ArgProblem, type LayerEntry, type ParamSpec, type ParamType } from '../catalog/index.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Span } from '../diagnostics/span.js';
import type * as A from '../syntax/ast.js';
import { formatType, typesCompatible, type TensorType } from '../types/tensor.js';
import type { ArgValues, ScalarKind, Value } from '../types/values.js';
import { suggest } from '../util/suggest.js';
import { bindCall, recordCall, shapeDiagnostic } from './calls.js';
import { findLayerEntry } from './catalog-index.js';
import { checkState, hasSyntaxErrors, lookupSymbol, resolverReported, Sink, type CheckState } from './context.js';
import { NameAllocator, type GraphNode, type ModelGraph } from './graph.js';
import { nonTrainableParams } from './params.js';
import { pretrainedStage } from './pretrained.js';
import { tensorTypeOf } from './types.js';
import { evaluate, type Evaluated, type ParamValues } from './values.js';

/** A value flowing through a body; `type` is undefined after an error (no cascade). */
export interface Flow {
  type?: TensorType;
  node?: string;
  /** The expression that produced it, for "produces …" labels. */
  span: Span;
}

type Binding = { kind: 'value'; flow: Flow } | { kind: 'stage'; expr: A.Expr; env: Env };

interface Env {
  file: FileAnalysis;
  locals: Map<string, Binding>;
  params: ParamValues;
  implicit?: Flow;
  prefix: string;
  names: NameAllocator;
  /** Inside an instantiated block or model: the outermost use in the model being checked. */
  callSite?: Span;
  within?: string;
  stack: object[];
  /** Checking a block on its own: input and parameters unknown, nothing is built. */
  abstract: boolean;
}

export interface ModelResult {
  graph: ModelGraph;
  diagnostics: Diagnostic[];
}

export function checkModel(state: CheckState, file: FileAnalysis, decl: A.ModelDecl): ModelResult {
  const cyclic = (): ModelResult => ({ graph: { name: decl.name?.text ?? '', inputs: [], nodes: [], complete: false }, diagnostics: [] });
  return state.memo(decl, () => new BodyChecker(state, file).model(decl), cyclic);
}

/** A block's body on its own: argument names and types, whatever the input. */
export function checkBlockAlone(state: CheckState, file: FileAnalysis, decl: A.BlockDecl): Diagnostic[] {
  return state.memo(decl, () => new BodyChecker(state, file).blockAlone(decl), () => []);
}

const instantiationCodes = new Set(['K2104', 'K2107', 'K2109']);

class BodyChecker {
  private readonly sink = new Sink();
  private readonly nodes: GraphNode[] = [];
  private complete = true;

  constructor(
    private readonly state: CheckState,
    private readonly file: FileAnalysis,
  ) {}

  model(decl: A.ModelDecl): ModelResult {
    const names = new NameAllocator();
    const locals = new Map<string, Binding>();
    const inputs: ModelGraph['inputs'] = [];
    for (const p of decl.params) {
      const t = this.paramType(p);
      names.reserve(p.name.text);
      const node = this.addNode({ id: p.name.text, op: 'input', args: {}, inputs: [], inputName: p.name.text, type: t, params: 0, frozenParams: 0, trainable: true, flops: 0, span: p.name.span });
      locals.set(p.name.text, { kind: 'value', flow: { type: t, node: node.id, span: p.name.span } });
      inputs.push({ name: p.name.text, type: t });
      this.stage(p.name.span, t, 0, this.file);
    }
    let declaredOutput: TensorType | undefined;
    if (decl.output) declaredOutput = this.typeRef(decl.output);
    const env: Env = { file: this.file, locals, params: new Map(), prefix: '', names, stack: [decl], abstract: false };
    if (decl.params.length === 1) env.implicit = (locals.get(decl.params[0].name.text) as { flow: Flow }).flow;
    const out = this.body(decl.body, env, decl.name?.span ?? decl.span);
    if (out?.type && declaredOutput && !typesCompatible(declaredOutput, out.type)) {
      this.complete = false;
      this.sink.report(
        'K2501',
        out.span,
        { model: decl.name?.text ?? 'model', declared: formatType(declaredOutput), found: formatType(out.type) },
        { label: `produces ${formatType(out.type)}`, related: decl.output ? [{ span: decl.output.span, message: 'declared here' }] : [], help: outputHelp(declaredOutput, out.type) },
      );
    }
    const graph: ModelGraph = {
      name: decl.name?.text ?? '',
      inputs,
      declaredOutput,
      output: out?.type ?? undefined,
      nodes: this.nodes,
      outputNode: out?.node,
      complete: this.complete && out?.type !== undefined && this.sink.diagnostics.every((d) => d.severity !== 'error'),
    };
    if (decl.name && this.file.path === decl.span.file) this.state.info(this.file.path).models.set(decl.name.text, graph);
    return { graph, diagnostics: this.sink.diagnostics };
  }

  blockAlone(decl: A.BlockDecl): Diagnostic[] {
    const params = new Map<string, Value>();
    for (const p of decl.params) {
      params.set(p.name.text, { kind: 'unknown', type: scalarKindOf(p.type) });
      if (p.type && !scalarKindOf(p.type)) this.sink.report('K2521', p.type.span, { name: p.name.text, found: p.type.name.text }, { label: 'not a parameter type', help: 'block parameters are int, float, bool, string, activation or duration values' });
    }
    const env: Env = { file: this.file, locals: new Map(), params, implicit: { span: decl.name?.span ?? decl.span }, prefix: '', names: new NameAllocator(), stack: [decl], abstract: true };
    this.body(decl.body, env, decl.name?.span ?? decl.span);
    return this.sink.diagnostics;
  }

  // ---- reporting ------------------------------------------------------------

  private emit(env: Env, d: Diagnostic): void {
    if (d.severity === 'error') this.complete = false;
    if (!env.callSite) return this.sink.push(d);
    // Inside an instantiated block: report at the use, and point into the block.
    this.sink.push({ ...d, span: env.callSite, label: `in \`${env.within}\``, related: [{ span: d.span, message: d.label ?? 'here' }, ...d.related.filter((r) => r.span.file === env.callSite!.file)], fix: undefined });
  }

  private report(env: Env, code: string, span: Span, args: Record<string, string | number>, extras: Parameters<typeof diagnostic>[3] = {}): void {
    this.emit(env, diagnostic(code, span, args, extras));
  }

  private stage(span: Span, type: TensorType | undefined, params: number | undefined, file: FileAnalysis): void {
    this.state.info(file.path).stages.push({ span, type, params });
  }

  private addNode(n: GraphNode): GraphNode {
    this.nodes.push(n);
    return n;
  }

  private paramType(p: A.Param): TensorType | undefined {
    // A missing type is a syntax error, already reported by the parser.
    if (!p.type) return undefined;
    return this.typeRef(p.type);
  }

  private typeRef(ref: A.TypeRef): TensorType | undefined {
    const t = tensorTypeOf(ref);
    if (!t) {
      this.complete = false;
      return undefined;
    }
    if ('error' in t) {
      this.complete = false;
      this.sink.report('K2504', ref.span, { reason: t.error }, { help: t.help, label: 'not a tensor type' });
      return undefined;
    }
    return t.type;
  }

  // ---- bodies ---------------------------------------------------------------

  /** Runs the statements; the last expression statement is the body's output. */
  private body(stmts: readonly A.Statement[], env: Env, owner: Span): Flow | undefined {
    let out: Flow | undefined;
    let sawExpr = false;
    for (const s of stmts) {
      if (s.kind === 'Let') {
        if (!s.value || !s.name) continue;
        if (this.isStage(s.value, env)) env.locals.set(s.name.text, { kind: 'stage', expr: s.value, env });
        else {
          const flow = this.value(s.value, env);
          env.locals.set(s.name.text, { kind: 'value', flow: flow ?? { span: s.value.span } });
          if (!env.abstract) this.stage(s.name.span, flow?.type, undefined, env.file);
        }
      } else {
        sawExpr = true;
        out = this.value(s.expr, env);
      }
    }
    if (!sawExpr && !env.callSite && !hasSyntaxErrors(env.file)) {
      this.report(env, 'K2503', owner, {}, { label: 'no output', help: 'end the body with the expression whose value is the output, e.g. `x |> dense(10)`' });
    }
    return out;
  }

  /** Whether `e` denotes a stage (applied to an input later) rather than a value. */
  private isStage(e: A.Expr, env: Env): boolean {
    switch (e.kind) {
      case 'Paren':
        return this.isStage(e.expr, env);
      case 'Pipeline':
        return e.stages.length > 0 && this.isStage(e.stages[0], env);
      case 'Repeat':
      case 'Residual':
        return true;
      case 'NameRef':
      case 'Call': {
        const name = e.kind === 'NameRef' ? e.name : e.callee.kind === 'NameRef' ? e.callee.name : undefined;
        if (e.kind === 'Call' && e.callee.kind === 'Member') return true;
        if (name === undefined) return false;
        const local = env.locals.get(name);
        if (local) return local.kind === 'stage';
        if (env.params.has(name)) return false;
        const sym = env.file.scope.symbols.get(name);
        if (sym) return sym.kind === 'block' || sym.kind === 'model';
        if (name === 'pretrained') return true;
        const entry = findLayerEntry(name);
        return entry !== undefined && entry.kind !== 'merge';
      }
      case 'Member':
        return true;
      default:
        return false;
    }
  }

  private isMergeCall(e: A.CallExpr, env: Env): boolean {
    if (e.callee.kind !== 'NameRef') return false;
    const name = e.callee.name;
    if (env.locals.has(name) || env.params.has(name) || env.file.scope.symbols.has(name)) return false;
    return findLayerEntry(name)?.kind === 'merge';
  }

  /** An expression in value position. */
  private value(e: A.Expr, env: Env): Flow | undefined {
    switch (e.kind) {
      case 'Paren':
        return this.value(e.expr, env);
      case 'Missing':
        this.complete = false;
        return undefined;
      case 'Pipeline': {
        const [head, ...rest] = e.stages;
        if (!head) return undefined;
        // After a failed stage the flow goes on untyped, so later stages do not report a missing input.
        let flow = this.isStage(head, env) ? this.apply(head, env.implicit, env) : this.value(head, env);
        for (const s of rest) flow = this.apply(s, flow ?? { span: s.span }, env);
        return flow;
      }
      case 'NameRef': {
        const local = env.locals.get(e.name);
        if (local?.kind === 'value') {
          if (!env.abstract) this.stage(e.span, local.flow.type, undefined, env.file);
          return { ...local.flow, span: e.span };
        }
        if (local || this.isStage(e, env)) return this.apply(e, env.implicit, env);
        if (env.params.has(e.name)) {
          this.report(env, 'K2506', e.span, { name: e.name, what: 'a block parameter, not a tensor' }, { label: 'not a tensor' });
          return undefined;
        }
        if (env.file.scope.symbols.has(e.name) || resolverReported(env.file, e.span)) return undefined; // reported by the resolver
        const values = [...env.locals].filter(([, b]) => b.kind === 'value').map(([n]) => n);
        const near = suggest(e.name, values);
        this.report(env, 'K2506', e.span, { name: e.name, what: 'not an input or a `let` value of this body' }, {
          label: 'unknown value',
          help: near ? `did you mean \`${near}\`?` : values.length ? `values here: ${values.map((v) => `\`${v}\``).join(', ')}` : undefined,
          fix: near ? { title: `change to \`${near}\``, edits: [{ span: e.span, newText: near }] } : undefined,
        });
        return undefined;
      }
      case 'Call':
        // A merge written with its inputs (`concat(a, b)`) takes just those;
        // only a merge in a pipeline (`x |> add(y)`) also takes what flows in.
        return this.apply(e, this.isMergeCall(e, env) ? undefined : env.implicit, env);
      case 'Repeat':
      case 'Residual':
      case 'Member':
        return this.apply(e, env.implicit, env);
      default:
        this.report(env, 'K2506', e.span, { name: describeExpr(e), what: 'not a tensor value' }, { label: 'not a tensor' });
        return undefined;
    }
  }

  /** Applies a stage to `input` (undefined when nothing flows into it). */
  private apply(e: A.Expr, input: Flow | undefined, env: Env): Flow | undefined {
    switch (e.kind) {
      case 'Paren':
        return this.apply(e.expr, input, env);
      case 'Missing':
        this.complete = false;
        return undefined;
      case 'Pipeline': {
        let flow = input;
        for (const s of e.stages) flow = flow ? (this.apply(s, flow, env) ?? { span: s.span }) : this.apply(s, flow, env);
        return flow;
      }
      case 'Repeat':
        return this.repeat(e, input, env);
      case 'Residual':
        return this.residual(e, input, env);
      case 'NameRef':
        return this.named(e, e.name, e.span, [], input, env);
      case 'Call':
        if (e.callee.kind === 'NameRef') return this.named(e, e.callee.name, e.callee.span, e.args, input, env);
        if (e.callee.kind === 'Member') return this.member(e.callee, e, e.args, input, env);
        break;
      case 'Member':
        return this.member(e, e, [], input, env);
    }
    this.report(env, 'K2502', e.span, { name: describeExpr(e), what: 'an expression' }, { label: 'not a stage', help: 'stages after `|>` are layers, blocks, models, `repeat` or `residual`' });
    return undefined;
  }

  private member(m: A.MemberExpr, e: A.Expr, args: readonly A.Argument[], input: Flow | undefined, env: Env): Flow | undefined {
    const sym = lookupSymbol(env.file, m);
    if (!sym) {
      this.complete = false;
      return undefined; // reported by the resolver
    }
    return this.declStage(sym.node as A.NamedDecl, sym.file, e, m.property.text, m.span, args, input, env);
  }

  private named(e: A.Expr, name: string, nameSpan: Span, args: readonly A.Argument[], input: Flow | undefined, env: Env): Flow | undefined {
    const local = env.locals.get(name);
    if (local) {
      if (local.kind === 'value') {
        this.report(env, 'K2502', nameSpan, { name, what: 'a value' }, { label: 'a value, not a stage', help: `a value starts a pipeline: \`${name} |> …\`; to combine values use a merge such as \`concat(…, ${name})\`` });
        return undefined;
      }
      if (args.length > 0) this.report(env, 'K2502', e.span, { name: `${name}(…)`, what: 'a `let`-bound stage called with arguments' }, { label: 'takes no arguments here', help: `write \`|> ${name}\`` });
      return this.apply(local.expr, input, { ...local.env, implicit: input });
    }
    if (env.params.has(name)) {
      this.report(env, 'K2502', nameSpan, { name, what: 'a block parameter' }, { label: 'not a stage' });
      return undefined;
    }
    const sym = env.file.scope.symbols.get(name);
    if (sym) return this.declStage(sym.node as A.NamedDecl, sym.file, e, name, nameSpan, args, input, env);
    if (name === 'pretrained') return this.pretrained(e, nameSpan, args, input, env);
    const entry = findLayerEntry(name);
    if (!entry) {
      this.complete = false;
      return undefined; // reported by the resolver (K1001 with did-you-mean)
    }
    return this.layer(entry, e, nameSpan, args, input, env);
  }

  private needInput(e: A.Expr, name: string, input: Flow | undefined, env: Env): input is Flow {
    if (input) return true;
    this.report(env, 'K2507', e.span, { name }, { label: 'nothing flows into it', help: 'start the pipeline with a value, e.g. `image |> …`' });
    return false;
  }

  // ---- catalog layers -----------------------------------------------------------

  private keep(env: Env): (p: ArgProblem, ev: Evaluated | undefined) => boolean {
    if (!env.callSite) return () => true;
    // Everything that does not depend on the arguments was reported when the block was checked alone.
    return (p, ev) => ev?.fromParam === true && instantiationCodes.has(p.code);
  }

  private layer(entry: LayerEntry, e: A.Expr, nameSpan: Span, args: readonly A.Argument[], input: Flow | undefined, env: Env): Flow | undefined {
    recordCall(this.state.info(env.file.path), e.span, nameSpan, entry);
    const merge = entry.kind === 'merge';
    const inputs: (Flow | undefined)[] = [];
    let paramArgs = args;
    if (merge) {
      if (input) inputs.push(input);
      for (const a of args) if (!a.name) inputs.push(this.value(a.value, env));
      paramArgs = args.filter((a) => a.name);
    } else {
      if (!this.needInput(e, entry.name, input, env)) return undefined;
      inputs.push(input);
    }
    const bound = bindCall(entry, paramArgs, e.span, (d) => this.emit(env, d), env.params, this.keep(env));
    if (env.abstract || inputs.some((f) => f?.type === undefined)) {
      this.complete = false;
      return { span: e.span };
    }
    const flows = inputs as Flow[];
    const types = flows.map((f) => f.type!);
    const result = inferShape(entry, types, bound.args);
    if (isShapeProblem(result)) {
      const culprit = result.input !== undefined && merge ? flows[result.input] : flows[0];
      const argIndex = result.param ? bound.boundTo.indexOf(result.param) : -1;
      this.emit(
        env,
        shapeDiagnostic(result, e.span, {
          input: culprit?.type ? { span: culprit.span, label: `produces ${formatType(culprit.type)}` } : undefined,
          argSpan: argIndex >= 0 ? paramArgs[argIndex].span : merge && culprit && result.input !== undefined && result.input > 0 ? culprit.span : undefined,
        }),
      );
      return { span: e.span };
    }
    const params = entry.paramCount(types, bound.args);
    const node = this.addNode({
      id: env.prefix + env.names.next(entry.name),
      op: entry.name,
      args: bound.args,
      inputs: flows.map((f) => f.node!),
      type: result,
      params,
      frozenParams: nonTrainableParams(entry, types),
      trainable: true,
      flops: entry.flops(types, bound.args),
      entry,
      span: e.span,
    });
    this.stage(e.span, result, params, env.file);
    return { type: result, node: node.id, span: e.span };
  }

  // ---- structure ----------------------------------------------------------------

  private repeat(e: A.RepeatExpr, input: Flow | undefined, env: Env): Flow | undefined {
    const count = evaluate(e.count, env.params).value;
    let n: number | undefined;
    if (count.kind === 'int' && count.value >= 1) n = count.value;
    else if (count.kind === 'unknown' && (count.type === 'int' || count.type === undefined)) n = env.abstract ? 1 : undefined;
    if (n === undefined) {
      this.report(env, 'K2508', e.count.span, { found: count.kind === 'unknown' ? 'an unknown value' : describeValue(count) }, { label: 'needs a count ≥ 1' });
      return undefined;
    }
    let flow = input;
    for (let i = 0; i < n; i++) {
      const inner: Env = { ...env, locals: new Map(env.locals), implicit: flow };
      flow = this.body(e.body, inner, e.span);
      if (!flow?.type) break;
    }
    if (flow) this.stage(e.span, flow.type, undefined, env.file);
    return flow && { ...flow, span: e.span };
  }

  private residual(e: A.ResidualExpr, input: Flow | undefined, env: Env): Flow | undefined {
    if (!this.needInput(e, 'residual', input, env)) return undefined;
    const out = this.apply(e.body, input, { ...env, implicit: input });
    if (!out?.type || !input.type) return out && { span: e.span };
    if (!typesCompatible(input.type, out.type)) {
      this.report(env, 'K2509', e.body.span, { input: formatType(input.type), found: formatType(out.type) }, {
        label: `produces ${formatType(out.type)}`,
        related: [{ span: input.span, message: `input is ${formatType(input.type)}` }],
        help: 'the body of `residual` must end with the width it started with, e.g. a final `dense(…)` of the input width',
      });
      return { span: e.span };
    }
    const node = this.addNode({ id: env.prefix + env.names.next('add'), op: 'add', args: {}, inputs: [input.node!, out.node!], type: input.type, params: 0, frozenParams: 0, trainable: true, flops: count(input.type), entry: findLayerEntry('add'), span: e.span });
    this.stage(e.span, input.type, 0, env.file);
    return { type: input.type, node: node.id, span: e.span };
  }

  /** A block or a model used as a stage. */
  private declStage(decl: A.NamedDecl, declFile: string, e: A.Expr, name: string, nameSpan: Span, args: readonly A.Argument[], input: Flow | undefined, env: Env): Flow | undefined {
    if (decl.kind !== 'Block' && decl.kind !== 'Model') {
      this.complete = false;
      return undefined; // the resolver reported the wrong kind
    }
    if (env.stack.includes(decl)) {
      this.report(env, 'K2516', nameSpan, { name }, { label: 'uses itself', help: 'a block or model cannot contain itself; use `repeat N { … }` to stack layers' });
      return undefined;
    }
    const file = this.state.file(declFile) ?? env.file;
    if (decl.kind === 'Block') return this.block(decl, file, e, name, args, input, env);
    return this.subModel(decl, file, e, name, nameSpan, args, input, env);
  }

  private block(decl: A.BlockDecl, file: FileAnalysis, e: A.Expr, name: string, args: readonly A.Argument[], input: Flow | undefined, env: Env): Flow | undefined {
    checkBlockAlone(this.state, file, decl);
    const specs = decl.params.map(blockParamSpec);
    const bound = bindCall({ name, params: specs }, args, e.span, (d) => this.emit(env, d), env.params, this.keep(env));
    if (!this.needInput(e, name, input, env)) return undefined;
    const values = new Map<string, Value>();
    decl.params.forEach((p) => {
      const i = bound.boundTo.indexOf(p.name.text);
      if (i >= 0) values.set(p.name.text, bound.evaluated[i].value);
      else if (p.default) values.set(p.name.text, evaluate(p.default).value);
      else values.set(p.name.text, { kind: 'unknown', type: scalarKindOf(p.type) });
    });
    const id = env.names.next(name);
    const inner: Env = {
      file,
      locals: new Map(),
      params: values,
      implicit: input,
      prefix: `${env.prefix}${id}/`,
      names: new NameAllocator(),
      callSite: env.callSite ?? e.span,
      within: env.within ?? name,
      stack: [...env.stack, decl],
      abstract: env.abstract,
    };
    if (env.abstract) return { span: e.span };
    const out = this.body(decl.body, inner, decl.name?.span ?? decl.span);
    if (out?.type) this.stage(e.span, out.type, undefined, env.file);
    return out && { ...out, span: e.span };
  }

  private subModel(decl: A.ModelDecl, file: FileAnalysis, e: A.Expr, name: string, nameSpan: Span, args: readonly A.Argument[], input: Flow | undefined, env: Env): Flow | undefined {
    if (args.length > 0) this.report(env, 'K2517', e.span, { model: name, found: 'arguments' }, { label: 'takes no arguments', help: `use it as \`|> ${name}\`` });
    if (!this.needInput(e, name, input, env)) return undefined;
    const own = checkModel(this.state, file, decl);
    if (decl.params.length !== 1) {
      this.report(env, 'K2517', nameSpan, { model: name, found: `${decl.params.length} inputs` }, { label: 'needs one input', help: 'only a model with one input can be used as a stage' });
      return undefined;
    }
    if (!own.graph.complete || env.abstract) {
      this.complete = false;
      return { span: e.span };
    }
    const expected = own.graph.inputs[0].type;
    if (expected && input.type && !typesCompatible(expected, input.type)) {
      this.report(env, 'K2518', e.span, { model: name, expected: formatType(expected), found: formatType(input.type) }, { label: `needs ${formatType(expected)}`, related: [{ span: input.span, message: `produces ${formatType(input.type)}` }] });
      return { span: e.span };
    }
    const id = env.names.next(name);
    const locals = new Map<string, Binding>([[decl.params[0].name.text, { kind: 'value', flow: input }]]);
    const inner: Env = { file, locals, params: new Map(), implicit: input, prefix: `${env.prefix}${id}/`, names: new NameAllocator(), callSite: env.callSite ?? e.span, within: env.within ?? name, stack: [...env.stack, decl], abstract: false };
    const out = this.body(decl.body, inner, decl.span);
    if (out?.type) this.stage(e.span, out.type, undefined, env.file);
    return out && { ...out, span: e.span };
  }

  private pretrained(e: A.Expr, nameSpan: Span, args: readonly A.Argument[], input: Flow | undefined, env: Env): Flow | undefined {
    if (!this.needInput(e, 'pretrained', input, env)) return undefined;
    const result = pretrainedStage(this.state, env.file, e.span, args, input, env.params, (d) => this.emit(env, d));
    if (env.abstract || !result) return { span: e.span };
    const node = this.addNode({
      id: env.prefix + env.names.next('pretrained'),
      op: 'pretrained',
      args: result.args,
      inputs: [input.node!],
      type: result.type,
      params: result.params,
      frozenParams: 0,
      trainable: !result.frozen,
      flops: result.flops,
      span: e.span,
    });
    this.stage(e.span, result.type, result.params, env.file);
    return { type: result.type, node: node.id, span: e.span };
  }
}

function count(t: TensorType): number | undefined {
  let n = 1;
  for (const d of t.dims) {
    if (typeof d !== 'number') return undefined;
    n *= d;
  }
  return n;
}

function scalarKindOf(ref: A.TypeRef | undefined): ScalarKind | undefined {
  switch (ref?.name.text) {
    case 'int':
      return 'int';
    case 'float':
      return 'float';
    case 'bool':
      return 'bool';
    case 'string':
      return 'string';
    case 'duration':
      return 'duration';
    case 'activation':
    case 'name':
      return 'name';
    default:
      return undefined;
  }
}

function blockParamSpec(p: A.Param): ParamSpec {
  const kind = scalarKindOf(p.type);
  const type: ParamType = kind === 'int' || kind === 'float' || kind === 'bool' || kind === 'string' || kind === 'duration' ? kind : kind === 'name' ? (p.type?.name.text === 'activation' ? 'activation' : 'name') : 'function';
  return { name: p.name.text, type, required: p.default === undefined, doc: '' };
}

function describeValue(v: Value): string {
  switch (v.kind) {
    case 'int':
    case 'float':
      return String(v.value);
    case 'string':
      return JSON.stringify(v.value);
    case 'name':
      return `\`${v.name}\``;
    default:
      return `a ${v.kind}`;
  }
}

function describeExpr(e: A.Expr): string {
  switch (e.kind) {
    case 'Number':
      return e.raw;
    case 'String':
      return e.raw;
    case 'NameRef':
      return e.name;
    default:
      return `a ${e.kind.toLowerCase()} expression`;
  }
}

function outputHelp(declared: TensorType, found: TensorType): string | undefined {
  if (declared.dims.length === 1 && found.dims.length === 1 && typeof declared.dims[0] === 'number') return `end the body with \`dense(${declared.dims[0]})\``;
  if (declared.dims.length === 1 && found.dims.length > 1) return 'flatten or pool before the last layer';
  return undefined;
}

export type { ArgValues };
export { checkState };
