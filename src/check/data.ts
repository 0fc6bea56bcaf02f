// `data` blocks: the source and its raw fields, each feature's transform
// pipeline typed from its field to what the model receives (checked against
// the declared feature type), train-only augmentations, cleaning steps, the
// split (fractions in [0, 1] summing to 1), seed, batch, shuffle and the
// bad-row policy. Bundled sources know their fields; file sources take them
// from the `fields` section.

import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { FileAnalysis } from '../analysis/program.js';
import { resolveSpecPath } from '../analysis/project-root.js';
import { isShapeProblem, type ParamSpec } from '../catalog/index.js';
import { bundledDatasets } from '../data/sources/index.js';
import type { FieldType } from '../data/schema.js';
import type { Span } from '../diagnostics/span.js';
import type * as A from '../syntax/ast.js';
import { formatType, typesCompatible, type TensorType } from '../types/tensor.js';
import type { ArgValue, ArgValues } from '../types/values.js';
import { suggest } from '../util/suggest.js';
import { bindCall, recordCall, shapeDiagnostic } from './calls.js';
import { findAugmentation, findTransform, namesOfKind, suggestOfKind } from './catalog-index.js';
import { hasSyntaxErrors, Sink, type CheckState } from './context.js';
import { tensorTypeOf } from './types.js';
import { constNumber, evaluate } from './values.js';

export interface CallResult {
  op: string;
  args: ArgValues;
  span: Span;
}

export interface FeatureResult {
  name: string;
  nameSpan: Span;
  declared?: TensorType;
  produced?: TensorType;
  from: string;
  transforms: CallResult[];
}

export interface DataResult {
  name: string;
  source?: CallResult & { rows?: number };
  fields: { name: string; type: string; optional: boolean; tensor?: TensorType }[];
  features: Map<string, FeatureResult>;
  augment: { feature: string; ops: CallResult[] }[];
  clean: CallResult[];
  split: { train: number; val: number; test: number; stratify?: string };
  seed: number;
  batch: number;
  shuffle: number;
  onError: 'stop' | 'skip';
  diagnostics: import('../diagnostics/diagnostic.js').Diagnostic[];
}

interface SourceSpec {
  name: string;
  params: ParamSpec[];
  bundled?: (typeof bundledDatasets)[number];
  /** Fields a file source always provides (text_lines: text). */
  fixed?: Record<string, FieldType>;
  /** Whether the source reads a file given by its `path` argument. */
  file: boolean;
}

const pathParam: ParamSpec = { name: 'path', type: 'string', required: true, doc: 'The file or folder, relative to the spec.' };

const sourceSpecs: SourceSpec[] = [
  ...bundledDatasets.map((d): SourceSpec => ({ name: d.name, params: [], bundled: d, file: false })),
  {
    name: 'csv',
    params: [pathParam, { name: 'header', type: 'bool', required: false, default: true, doc: '' }, { name: 'delimiter', type: 'string', required: false, default: ',', doc: '' }],
    file: true,
  },
  { name: 'jsonl', params: [pathParam], file: true },
  { name: 'text_lines', params: [pathParam], fixed: { text: { kind: 'string' } }, file: true },
  {
    name: 'image_folder',
    params: [pathParam, { name: 'channels', type: 'int', required: false, default: 3, range: { min: 1, max: 4 }, doc: '' }],
    fixed: { class: { kind: 'string' }, label: { kind: 'int' }, file: { kind: 'string' } },
    file: true,
  },
];

/** Every source a data block can name, for the IR schema. */
export const sourceNames: string[] = sourceSpecs.map((s) => s.name);

const dataSettings = ['source', 'split', 'seed', 'batch', 'shuffle', 'on_error'];
const cleanSteps = ['drop_null', 'dedupe', 'filter'];

export function fieldTensor(t: FieldType): TensorType {
  switch (t.kind) {
    case 'int':
      return { dtype: 'i32', dims: [] };
    case 'float':
      return { dtype: 'f32', dims: [] };
    case 'bool':
      return { dtype: 'bool', dims: [] };
    case 'string':
      return { dtype: 'string', dims: [] };
    case 'image':
      return { dtype: 'f32', dims: [t.height, t.width, t.channels] };
    case 'optional':
      return fieldTensor(t.inner);
  }
}

function fieldTypeText(t: FieldType): string {
  return t.kind === 'image' ? `image[${t.height}, ${t.width}, ${t.channels}]` : t.kind === 'optional' ? `optional ${fieldTypeText(t.inner)}` : t.kind;
}

/** Whether a feature declared `declared` can hold what its pipeline produces. */
export function featureFits(declared: TensorType, produced: TensorType): boolean {
  if (declared.classes !== undefined) {
    if (produced.classes !== undefined) return produced.classes === declared.classes;
    // Integer ids or strings become class indices (strings by a vocabulary fitted on the training split).
    return produced.dims.length === 0 && (produced.dtype === 'i32' || produced.dtype === 'string' || produced.dtype === 'bool');
  }
  if (typesCompatible(declared, produced)) return true;
  // A scalar and a one-element vector are the same feature.
  const scalarish = (t: TensorType) => t.dims.length === 0 || (t.dims.length === 1 && t.dims[0] === 1);
  return declared.dtype === produced.dtype && scalarish(declared) && scalarish(produced);
}

export function checkData(state: CheckState, file: FileAnalysis, decl: A.DataDecl): DataResult {
  return state.memo(decl, () => new DataChecker(state, file, decl).run());
}

class DataChecker {
  private readonly sink = new Sink();
  private readonly result: DataResult;
  private fieldTypes = new Map<string, TensorType>();
  private fieldsDeclared = false;

  constructor(
    private readonly state: CheckState,
    private readonly file: FileAnalysis,
    private readonly decl: A.DataDecl,
  ) {
    this.result = {
      name: decl.name?.text ?? '',
      fields: [],
      features: new Map(),
      augment: [],
      clean: [],
      split: { train: 0.8, val: 0.1, test: 0.1 },
      seed: 0,
      batch: 32,
      shuffle: 1000,
      onError: 'stop',
      diagnostics: this.sink.diagnostics,
    };
  }

  run(): DataResult {
    const items = this.decl.items;
    for (const item of items) if (item.kind === 'Fields') this.fields(item);
    const source = items.find((i): i is A.Setting => i.kind === 'Setting' && i.name.text === 'source');
    if (source) this.source(source);
    else if (!hasSyntaxErrors(this.file)) this.sink.report('K3002', this.decl.name?.span ?? this.decl.span, { name: this.result.name }, { label: 'no source', help: 'add e.g. `source = csv("data.csv")` or a bundled dataset such as `source = mnist()`' });
    for (const item of items) if (item.kind === 'Features') this.features(item);
    for (const item of items) {
      if (item.kind === 'Augment') this.augment(item);
      else if (item.kind === 'Clean') this.clean(item);
      else if (item.kind === 'Setting' && item.name.text !== 'source') this.setting(item);
    }
    return this.result;
  }

  private fields(section: A.FieldsSection): void {
    this.fieldsDeclared = true;
    for (const b of section.bindings) {
      if (!b.type) continue;
      const t = b.type;
      let ft: FieldType | undefined;
      const n = t.name.text;
      if ((n === 'int' || n === 'float' || n === 'bool' || n === 'string') && !t.dims) ft = { kind: n };
      else if (n === 'image' && t.dims?.length === 3 && t.dims.every((d) => d.kind === 'DimNumber' && d.value >= 1)) {
        const [h, w, c] = t.dims.map((d) => (d as { value: number }).value);
        ft = { kind: 'image', height: h, width: w, channels: c };
      }
      if (!ft) {
        this.sink.report('K3001', t.span, { what: 'field type', name: t.name.text }, { label: 'not a field type', help: 'field types are string, int, float, bool and image[h, w, c], optionally `optional`' });
        continue;
      }
      if (t.optional) ft = { kind: 'optional', inner: ft };
      this.fieldTypes.set(b.name.text, fieldTensor(ft));
      this.result.fields.push({ name: b.name.text, type: fieldTypeText(ft.kind === 'optional' ? ft.inner : ft), optional: t.optional, tensor: fieldTensor(ft) });
    }
  }

  private source(s: A.Setting): void {
    const call = s.value;
    const callee = call?.kind === 'Call' && call.callee.kind === 'NameRef' ? call.callee : call?.kind === 'NameRef' ? call : undefined;
    if (!call || !callee) {
      if (call) this.sink.report('K3001', call.span, { what: 'data source', name: call.kind === 'String' ? call.raw : 'this' }, { label: 'not a source', help: 'write a call such as `csv("data.csv")` or `mnist()`' });
      return;
    }
    const name = callee.kind === 'NameRef' ? callee.name : '';
    const spec = sourceSpecs.find((x) => x.name === name);
    if (!spec) {
      const near = suggest(name, sourceSpecs.map((x) => x.name));
      this.sink.report('K3001', callee.span, { what: 'data source', name }, {
        label: 'unknown source',
        help: near ? `did you mean \`${near}\`?` : `sources are ${sourceSpecs.map((x) => `\`${x.name}\``).join(', ')}`,
        fix: near ? { title: `change to \`${near}\``, edits: [{ span: callee.span, newText: near }] } : undefined,
      });
      return;
    }
    const args = call.kind === 'Call' ? call.args : [];
    const bound = bindCall(spec, args, call.span, (d) => this.sink.push(d));
    const outArgs: Record<string, ArgValue | undefined> = { ...bound.args };
    if (spec.file && typeof bound.args.path === 'string') {
      const written = bound.args.path;
      const at = args[bound.boundTo.indexOf('path')]?.value.span ?? call.span;
      const { path: abs, outside } = resolveSpecPath(written, this.file.path, this.state.program.root);
      if (outside) this.sink.report('K3016', at, { path: written }, { label: 'outside the project', help: 'keep data files inside the project root' });
      else if (!existsSync(abs)) this.sink.report('K3017', at, { path: written }, { label: 'not found', help: `paths are relative to ${path.basename(this.file.path)}'s folder` });
      outArgs.path = written.split(path.sep).join('/');
    }
    this.result.source = { op: spec.name, args: outArgs, span: call.span, rows: spec.bundled?.rows };
    if (spec.bundled && !this.fieldsDeclared) {
      for (const f of spec.bundled.schema.fields) {
        this.fieldTypes.set(f.name, fieldTensor(f.type));
        this.result.fields.push({ name: f.name, type: fieldTypeText(f.type.kind === 'optional' ? f.type.inner : f.type), optional: f.type.kind === 'optional', tensor: fieldTensor(f.type) });
      }
    } else if (spec.fixed && !this.fieldsDeclared) {
      for (const [n, t] of Object.entries(spec.fixed)) {
        this.fieldTypes.set(n, fieldTensor(t));
        this.result.fields.push({ name: n, type: fieldTypeText(t), optional: false, tensor: fieldTensor(t) });
      }
    } else if (!this.fieldsDeclared && (spec.name === 'csv' || spec.name === 'jsonl')) {
      this.sink.report('K3013', call.span, { source: spec.name }, { label: 'columns unknown', help: 'declare the columns in a `fields { name: type … }` section; every row is validated against it' });
    }
  }

  private fieldRef(e: A.NameRef): TensorType | undefined {
    const t = this.fieldTypes.get(e.name);
    if (t) return t;
    if (!this.result.source || (!this.fieldsDeclared && this.fieldTypes.size === 0)) return undefined;
    const near = suggest(e.name, this.fieldTypes.keys());
    this.sink.report('K3003', e.span, { source: this.text(this.result.source), name: e.name }, {
      label: 'no such field',
      help: near ? `did you mean \`${near}\`?` : `its fields are ${[...this.fieldTypes.keys()].map((f) => `\`${f}\``).join(', ')}`,
      fix: near ? { title: `change to \`${near}\``, edits: [{ span: e.span, newText: near }] } : undefined,
    });
    return undefined;
  }

  private features(section: A.FeaturesSection): void {
    for (const b of section.bindings) {
      const name = b.name.text;
      if (this.result.features.has(name)) {
        this.sink.report('K3014', b.name.span, { name }, { label: 'declared again', related: [{ span: this.result.features.get(name)!.nameSpan, message: 'first declared here' }] });
        continue;
      }
      let declared: TensorType | undefined;
      if (b.type) {
        const t = tensorTypeOf(b.type);
        if (!t) declared = undefined;
        else if ('error' in t) this.sink.report('K2504', b.type.span, { reason: t.error }, { help: t.help, label: 'not a tensor type' });
        else declared = t.type;
      }
      const feature: FeatureResult = { name, nameSpan: b.name.span, declared, from: name, transforms: [] };
      this.result.features.set(name, feature);
      const value: A.Expr = b.value ?? { kind: 'NameRef', name, span: b.name.span };
      const stages = value.kind === 'Pipeline' ? value.stages : [value];
      const [head, ...rest] = stages;
      if (!head || head.kind !== 'NameRef') {
        if (head) this.sink.report('K3003', head.span, { source: this.result.source?.op ?? 'the source', name: '…' }, { label: 'needs a field name', help: 'a feature starts from a raw field: `name: type = field |> transform()`' });
        continue;
      }
      feature.from = head.name;
      let type = this.fieldRef(head);
      let prev: Span = head.span;
      if (type) this.state.info(this.file.path).stages.push({ span: head.span, type });
      for (const stage of rest) {
        type = this.transform(stage, type, prev, feature.transforms, 'transform');
        prev = stage.span;
      }
      feature.produced = type;
      if (type && declared && !featureFits(declared, type)) {
        this.sink.report('K3004', b.type!.span, { name, declared: formatType(declared), found: formatType(type) }, {
          label: `declared ${formatType(declared)}`,
          related: [{ span: value.span, message: `produces ${formatType(type)}` }],
          help: declared.classes !== undefined ? 'class labels come from an int or string field' : type.dtype !== declared.dtype && type.dtype === 'i32' ? 'scale integers to floats with `scale(…)`' : undefined,
        });
      }
    }
  }

  /** One transform (or augmentation) call applied to a feature of type `input`. */
  private transform(stage: A.Expr, input: TensorType | undefined, prev: Span, out: CallResult[], kind: 'transform' | 'augmentation'): TensorType | undefined {
    const callee = stage.kind === 'Call' && stage.callee.kind === 'NameRef' ? stage.callee : stage.kind === 'NameRef' ? stage : undefined;
    if (!callee) {
      this.sink.report('K3005', stage.span, { kind, name: 'this expression' }, { label: `not a ${kind}` });
      return undefined;
    }
    const entry = kind === 'transform' ? findTransform(callee.name) : findAugmentation(callee.name);
    if (!entry) {
      const other = kind === 'transform' ? findAugmentation(callee.name) : findTransform(callee.name);
      const near = suggestOfKind(callee.name, kind);
      this.sink.report('K3005', callee.span, { kind, name: callee.name }, {
        label: `unknown ${kind}`,
        help: other
          ? kind === 'transform'
            ? `\`${callee.name}\` is an augmentation: write it in \`augment { ${callee.name === 'x' ? '' : '… |> '}${callee.name}(…) }\``
            : `\`${callee.name}\` is a transform: write it in the feature's pipeline`
          : near
            ? `did you mean \`${near}\`?`
            : `${kind}s are ${namesOfKind(kind).map((n) => `\`${n}\``).join(', ')}`,
        fix: near && !other ? { title: `change to \`${near}\``, edits: [{ span: callee.span, newText: near }] } : undefined,
      });
      return undefined;
    }
    recordCall(this.state.info(this.file.path), stage.span, callee.span, entry);
    // `map({ "ham": 0, "spam": 1 })`: a table of values is not a constant the binder knows; like a
    // filter's condition, the IR keeps its source text and the runtime reads it (runtime/data/expression.ts).
    if (entry.name === 'map' && stage.kind === 'Call' && stage.args.length === 1 && stage.args[0].value.kind === 'Map') {
      const table = stage.args[0].value;
      out.push({ op: 'map', args: { fn: this.text(table) }, span: stage.span });
      const kinds = new Set(table.entries.map((e) => (e.value.kind === 'Unary' && e.value.operand.kind === 'Number' ? 'Number' : e.value.kind)));
      const scalar = kinds.size !== 1 ? undefined : kinds.has('Number') ? (table.entries.every((e) => (e.value.kind === 'Number' ? e.value.integer : e.value.kind === 'Unary' && e.value.operand.kind === 'Number' && e.value.operand.integer)) ? 'i32' : 'f32') : kinds.has('String') ? 'string' : kinds.has('Bool') ? 'bool' : undefined;
      if (!scalar) {
        this.sink.report('K2505', table.span, { reason: 'the values of a map must all be numbers, all texts or all bools' }, { label: 'mixed values' });
        return undefined;
      }
      if (!input) return undefined;
      const result: TensorType = { dtype: scalar, dims: [...input.dims] };
      this.state.info(this.file.path).stages.push({ span: stage.span, type: result });
      return result;
    }
    const args = stage.kind === 'Call' ? stage.args : [];
    const bound = bindCall(entry, args, stage.span, (d) => this.sink.push(d));
    out.push({ op: entry.name, args: bound.args, span: stage.span });
    if (!input) return undefined;
    const result = entry.shape(input, bound.args);
    if (isShapeProblem(result)) {
      const argIndex = result.param ? bound.boundTo.indexOf(result.param) : -1;
      this.sink.push(shapeDiagnostic(result, stage.span, { input: { span: prev, label: `produces ${formatType(input)}` }, argSpan: argIndex >= 0 ? args[argIndex].span : undefined }));
      return undefined;
    }
    this.state.info(this.file.path).stages.push({ span: stage.span, type: result });
    return result;
  }

  private augment(section: A.AugmentSection): void {
    for (const e of section.exprs) {
      const stages = e.kind === 'Pipeline' ? e.stages : [e];
      const [head, ...rest] = stages;
      if (!head) continue;
      if (head.kind !== 'NameRef' || !this.result.features.has(head.name)) {
        const name = head.kind === 'NameRef' ? head.name : 'this expression';
        const near = head.kind === 'NameRef' ? suggest(head.name, this.result.features.keys()) : undefined;
        this.sink.report('K3011', head.span, { name, data: this.result.name }, {
          label: 'not a feature',
          help: near ? `did you mean \`${near}\`?` : 'an augmentation starts from a feature: `image |> random_flip()`',
          fix: near ? { title: `change to \`${near}\``, edits: [{ span: head.span, newText: near }] } : undefined,
        });
        continue;
      }
      const feature = this.result.features.get(head.name)!;
      const ops: CallResult[] = [];
      let type = feature.declared ?? feature.produced;
      let prev = head.span;
      for (const s of rest) {
        type = this.transform(s, type, prev, ops, 'augmentation');
        prev = s.span;
      }
      this.result.augment.push({ feature: head.name, ops });
    }
  }

  private clean(section: A.CleanSection): void {
    for (const e of section.exprs) {
      const callee = e.kind === 'Call' && e.callee.kind === 'NameRef' ? e.callee : undefined;
      if (!callee || !cleanSteps.includes(callee.name)) {
        const name = callee?.name ?? 'this expression';
        const near = callee ? suggest(callee.name, cleanSteps) : undefined;
        this.sink.report('K3019', callee?.span ?? e.span, { name }, {
          label: 'unknown cleaning step',
          help: near ? `did you mean \`${near}\`?` : 'cleaning steps are `drop_null(fields…)`, `dedupe(fields…)` and `filter(condition)`',
          fix: near && callee ? { title: `change to \`${near}\``, edits: [{ span: callee.span, newText: near }] } : undefined,
        });
        continue;
      }
      const call = e as A.CallExpr;
      if (callee.name === 'filter') {
        const text = this.file.source.text.slice(call.argsSpan.start + 1, call.argsSpan.end - 1).trim();
        this.result.clean.push({ op: 'filter', args: { predicate: text }, span: e.span });
        continue;
      }
      const fields: string[] = [];
      for (const a of call.args) {
        if (a.value.kind === 'NameRef') {
          if (this.fieldRef(a.value)) fields.push(a.value.name);
        } else this.sink.report('K3003', a.value.span, { source: this.result.source?.op ?? 'the source', name: '…' }, { label: 'needs a field name' });
      }
      this.result.clean.push({ op: callee.name, args: { fields }, span: e.span });
    }
  }

  private setting(s: A.Setting): void {
    const name = s.name.text;
    const at = s.value?.span ?? s.name.span;
    const intSetting = (min: number): number | undefined => {
      const v = s.value ? evaluate(s.value).value : undefined;
      if (v?.kind === 'int' && v.value >= min) return v.value;
      this.sink.report('K3009', at, { setting: name, expected: min === 1 ? 'a positive integer' : 'a non-negative integer', found: s.value ? this.text(s.value) : 'nothing' }, { label: 'invalid' });
      return undefined;
    };
    switch (name) {
      case 'seed': {
        const v = intSetting(0);
        if (v !== undefined) this.result.seed = v;
        return;
      }
      case 'batch': {
        const v = intSetting(1);
        if (v !== undefined) this.result.batch = v;
        return;
      }
      case 'shuffle': {
        const v = intSetting(0);
        if (v !== undefined) this.result.shuffle = v;
        return;
      }
      case 'on_error': {
        const v = s.value?.kind === 'NameRef' ? s.value.name : s.value?.kind === 'String' ? s.value.value : undefined;
        if (v === 'stop' || v === 'skip') this.result.onError = v;
        else this.sink.report('K3009', at, { setting: name, expected: '`stop` or `skip`', found: s.value ? this.text(s.value) : 'nothing' }, { label: 'invalid' });
        return;
      }
      case 'split':
        return this.split(s);
      default: {
        const near = suggest(name, dataSettings);
        this.sink.report('K3010', s.name.span, { name }, {
          label: 'unknown setting',
          help: near ? `did you mean \`${near}\`?` : `data settings are ${dataSettings.map((x) => `\`${x}\``).join(', ')}, and the sections features, fields, augment and clean`,
          fix: near ? { title: `change to \`${near}\``, edits: [{ span: s.name.span, newText: near }] } : undefined,
        });
      }
    }
  }

  private split(s: A.Setting): void {
    if (s.value?.kind !== 'Map') {
      this.sink.report('K3009', s.value?.span ?? s.name.span, { setting: 'split', expected: 'fractions such as `{ train: 0.8, val: 0.1, test: 0.1 }`', found: s.value ? this.text(s.value) : 'nothing' }, { label: 'invalid' });
      return;
    }
    const split = { train: 0, val: 0, test: 0 } as DataResult['split'];
    let sum = 0;
    let ok = true;
    for (const entry of s.value.entries) {
      const key = entry.key;
      if (key === 'stratify') {
        const f = entry.value.kind === 'NameRef' ? entry.value.name : entry.value.kind === 'String' ? entry.value.value : undefined;
        if (f && this.result.features.has(f)) split.stratify = f;
        else {
          const near = f ? suggest(f, this.result.features.keys()) : undefined;
          this.sink.report('K3015', entry.value.span, { name: f ?? this.text(entry.value), data: this.result.name }, { label: 'not a feature', help: near ? `did you mean \`${near}\`?` : 'stratify by a label feature', fix: near ? { title: `change to \`${near}\``, edits: [{ span: entry.value.span, newText: near }] } : undefined });
        }
        continue;
      }
      if (key !== 'train' && key !== 'val' && key !== 'test') {
        const near = suggest(key, ['train', 'val', 'test', 'stratify']);
        this.sink.report('K3008', entry.keySpan, { name: key }, { label: 'unknown split', help: near ? `did you mean \`${near}\`?` : undefined, fix: near ? { title: `change to \`${near}\``, edits: [{ span: entry.keySpan, newText: near }] } : undefined });
        ok = false;
        continue;
      }
      const v = constNumber(entry.value);
      if (v === undefined || v < 0 || v > 1) {
        this.sink.report('K3018', entry.value.span, { name: key, found: this.text(entry.value) }, { label: 'needs a fraction in [0, 1]' });
        ok = false;
        continue;
      }
      split[key] = v;
      sum += v;
    }
    if (ok && Math.abs(sum - 1) > 1e-6) {
      this.sink.report('K3007', s.value.span, { sum: +sum.toFixed(6) }, { label: `sums to ${+sum.toFixed(6)}`, help: sum < 1 && split.test === 0 ? `add \`test: ${+(1 - sum).toFixed(6)}\`` : 'make the fractions add up to 1' });
    }
    this.result.split = split;
  }

  private text(e: { span: Span }): string {
    return this.file.source.text.slice(e.span.start, e.span.end);
  }
}
