// `pretrained("runs/teacher/model.json", until: "dense_2", freeze: true)`:
// reads a saved tf.js Layers model's topology statically (no weights, no
// tf.js) and checks it like any other stage: the path stays inside the
// project, the input fits, `until:` names a layer, and the output type is
// inferred layer by layer through the catalog's shape rules. Parameter
// counts come from the weights manifest, which lists every weight's shape.

import { existsSync, readFileSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import type { FileAnalysis } from '../analysis/program.js';
import { isInsideRoot, resolveSpecPath } from '../analysis/project-root.js';
import { inferShape, isShapeProblem, type ParamSpec } from '../catalog/index.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Span } from '../diagnostics/span.js';
import type * as A from '../syntax/ast.js';
import { formatType, typesCompatible, type Dim, type TensorType } from '../types/tensor.js';
import { isDuration, type ArgValue, type ArgValues, type Duration } from '../types/values.js';
import { suggest } from '../util/suggest.js';
import { bindCall } from './calls.js';
import { findLayerEntry } from './catalog-index.js';
import type { CheckState } from './context.js';
import type { Flow } from './models.js';
import type { ParamValues } from './values.js';

export const pretrainedParams: ParamSpec[] = [
  { name: 'path', type: 'string', required: true, doc: 'The saved model.json, relative to the spec.' },
  { name: 'until', type: 'string', required: false, doc: 'The last layer to keep; later layers are dropped.' },
  { name: 'freeze', type: 'bool', required: false, default: false, doc: 'Keep the pretrained weights fixed during training.' },
  {
    name: 'unfreeze',
    type: 'duration',
    required: false,
    range: { min: 0, minInclusive: false },
    doc: 'With `freeze: true`: train the pretrained weights too once this many epochs have run (`3 epochs`; epochs only).',
  },
];

export interface SavedLayer {
  name: string;
  className: string;
  config: Record<string, unknown>;
  /** Output type, when it could be inferred. */
  type?: TensorType;
  params: number;
}

export interface SavedModel {
  input?: TensorType;
  layers: SavedLayer[];
  /** A layer whose output could not be inferred, and why. */
  stopped?: { layer: string; className: string };
}

export interface PretrainedResult {
  type?: TensorType;
  params?: number;
  flops?: number;
  frozen: boolean;
  /** For the IR: the path relative to the spec, the last layer kept, freeze. */
  args: ArgValues;
}

const cache = new WeakMap<CheckState, Map<string, SavedOrError>>();

export function pretrainedStage(
  state: CheckState,
  file: FileAnalysis,
  span: Span,
  args: readonly A.Argument[],
  input: Flow,
  params: ParamValues,
  emit: (d: Diagnostic) => void,
): PretrainedResult | undefined {
  const bound = bindCall({ name: 'pretrained', params: pretrainedParams }, args, span, emit, params);
  const written = bound.args.path;
  const until = bound.args.until;
  const frozen = bound.args.freeze === true;
  const unfreeze = checkedUnfreeze(bound.args.unfreeze, frozen, bound.boundTo.indexOf('unfreeze'), args, emit);
  const pathIndex = bound.boundTo.indexOf('path');
  const pathSpan = pathIndex >= 0 ? args[pathIndex].value.span : span;
  if (typeof written !== 'string') return undefined;
  const { path: abs, outside } = resolveSpecPath(written, file.path, state.program.root);
  if (outside) {
    emit(diagnostic('K2510', pathSpan, { path: written }, { label: 'outside the project', help: 'copy the saved model into the project, e.g. under runs/' }));
    return undefined;
  }
  const saved = loadSaved(state, abs);
  if ('error' in saved && saved.missing) {
    // A model a run still has to produce: not an error, so a fresh clone checks clean.
    const producer = producingCommand(abs, file.path, state.program.root);
    emit(diagnostic('K2511', pathSpan, { path: written, reason: 'it does not exist yet' }, { severity: 'warning', label: 'not saved yet', help: producer ? `\`${producer}\` saves it; shapes after it are checked once it exists` : 'train and save the base model first (`kiln run`), or fix the path; it is relative to the spec' }));
    return undefined;
  }
  if ('error' in saved) {
    emit(diagnostic(saved.code, pathSpan, { path: written, reason: saved.error }, { label: saved.code === 'K2511' ? 'cannot read' : 'not a tf.js Layers model', help: saved.code === 'K2511' ? 'train and save the base model first (`kiln run`), or fix the path; it is relative to the spec' : undefined }));
    return undefined;
  }
  if (saved.input && input.type && !typesCompatible(saved.input, input.type)) {
    emit(diagnostic('K2514', span, { path: written, expected: formatType(saved.input), found: formatType(input.type) }, { label: `needs ${formatType(saved.input)}`, related: [{ span: input.span, message: `produces ${formatType(input.type)}` }] }));
    return undefined;
  }
  let last = saved.layers.length - 1;
  if (typeof until === 'string') {
    last = saved.layers.findIndex((l) => l.name === until);
    if (last < 0) {
      const untilIndex = bound.boundTo.indexOf('until');
      const untilSpan = untilIndex >= 0 ? args[untilIndex].value.span : span;
      const near = suggest(until, saved.layers.map((l) => l.name));
      emit(
        diagnostic('K2513', untilSpan, { path: written, name: until }, {
          label: 'no such layer',
          help: near ? `did you mean \`${near}\`?` : `its layers are ${saved.layers.map((l) => `\`${l.name}\``).join(', ')}`,
          fix: near ? { title: `change to "${near}"`, edits: [{ span: untilSpan, newText: JSON.stringify(near) }] } : undefined,
        }),
      );
      return undefined;
    }
  }
  const kept = saved.layers.slice(0, last + 1);
  const stoppedAt = saved.stopped ? saved.layers.findIndex((l) => l.name === saved.stopped!.layer) : -1;
  if (stoppedAt >= 0 && stoppedAt <= last) {
    emit(diagnostic('K2515', span, { path: written, name: saved.stopped!.layer, className: saved.stopped!.className }, { label: 'output shape unknown' }));
  }
  const type = kept.length ? kept[kept.length - 1].type : saved.input;
  const rel = path.relative(path.dirname(file.path), abs).split(path.sep).join('/');
  const outArgs: Record<string, ArgValue> = { path: rel, freeze: frozen };
  if (kept.length) outArgs.until = kept[kept.length - 1].name;
  if (unfreeze) outArgs.unfreeze = unfreeze;
  return { type, params: kept.reduce((s, l) => s + l.params, 0), flops: undefined, frozen, args: outArgs };
}

/**
 * `unfreeze:` only means something for weights that start frozen, and it is
 * counted in whole epochs: the runtime switches trainability between epochs,
 * never in the middle of one.
 */
function checkedUnfreeze(value: ArgValue | undefined, frozen: boolean, index: number, args: readonly A.Argument[], emit: (d: Diagnostic) => void): Duration | undefined {
  if (!isDuration(value) || index < 0) return undefined;
  const span = args[index].span;
  if (!frozen) {
    emit(diagnostic('K2519', span, { reason: 'the weights are not frozen' }, { label: 'nothing to unfreeze', help: 'add `freeze: true`, or remove `unfreeze:`' }));
    return undefined;
  }
  if (value.unit !== 'epochs' || !Number.isInteger(value.amount)) {
    emit(diagnostic('K2519', span, { reason: `it is counted in whole epochs, found \`${value.amount} ${value.unit}\`` }, { label: 'needs whole epochs', help: 'write it in epochs, e.g. `unfreeze: 3 epochs`' }));
    return undefined;
  }
  return value;
}

function loadSaved(state: CheckState, abs: string): SavedOrError {
  let byPath = cache.get(state);
  if (!byPath) cache.set(state, (byPath = new Map()));
  const hit = byPath.get(abs);
  if (hit) return hit;
  const result = readSaved(state.program.root, abs);
  byPath.set(abs, result);
  return result;
}

type SavedOrError = SavedModel | { error: string; code: string; missing?: boolean };

/** The nearest existing folder at or above `abs`. */
function nearestExisting(abs: string): string {
  let dir = abs;
  while (!existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/**
 * The `kiln run` command that saves the missing model at `abs`, when it can be
 * told: a run folder `…/NAME/model/model.json` (or `…/NAME/TIMESTAMP/model/…`)
 * whose NAME is a spec beside this one. Paths are relative to the project root.
 */
function producingCommand(abs: string, specFile: string, root: string): string | undefined {
  if (path.basename(abs) !== 'model.json' || path.basename(path.dirname(abs)) !== 'model') return undefined;
  const runFolder = path.dirname(path.dirname(abs));
  const specDir = path.dirname(specFile);
  const relative = (p: string) => path.relative(root, p).split(path.sep).join('/');
  for (const folder of [runFolder, path.dirname(runFolder)]) {
    const name = path.basename(folder);
    for (const candidate of new Set([name, name.replace(/_/g, '-')])) {
      const spec = path.join(specDir, `${candidate}.kiln`);
      if (spec === specFile || !existsSync(spec)) continue;
      return folder === runFolder ? `kiln run ${relative(spec)} --out ${relative(runFolder)}` : `kiln run ${relative(spec)}`;
    }
  }
  return undefined;
}

function readSaved(root: string, abs: string): SavedOrError {
  let text: string;
  try {
    // A link inside the project may lead outside it, also on the way to a file not saved yet.
    const realRoot = realpathSync(root);
    if (!existsSync(abs)) {
      if (!isInsideRoot(realpathSync(nearestExisting(abs)), realRoot)) return { code: 'K2510', error: 'it links outside the project' };
      return { code: 'K2511', error: 'no such file', missing: true };
    }
    if (!isInsideRoot(realpathSync(abs), realRoot)) return { code: 'K2510', error: 'it links outside the project' };
    text = readFileSync(abs, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { code: 'K2511', error: code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : 'it cannot be read' };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { code: 'K2512', error: 'it is not valid JSON' };
  }
  return parseTopology(json);
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a tf.js Layers `model.json` (Sequential, or a functional model whose layers form a chain). */
export function parseTopology(json: unknown): SavedModel | { error: string; code: string } {
  const bad = (error: string) => ({ code: 'K2512', error });
  if (!isObject(json)) return bad('it is not a JSON object');
  const topology = isObject(json.modelTopology) ? json.modelTopology : undefined;
  const modelConfig = topology && isObject(topology.model_config) ? topology.model_config : topology;
  const config = modelConfig && isObject(modelConfig.config) ? modelConfig.config : undefined;
  const rawLayers = config && Array.isArray(config.layers) ? config.layers : undefined;
  if (!rawLayers) return bad('it has no `modelTopology.config.layers`');
  const weights = new Map<string, number>();
  for (const group of Array.isArray(json.weightsManifest) ? json.weightsManifest : []) {
    if (!isObject(group) || !Array.isArray(group.weights)) continue;
    for (const w of group.weights) {
      if (!isObject(w) || typeof w.name !== 'string' || !Array.isArray(w.shape)) continue;
      const layer = w.name.slice(0, w.name.lastIndexOf('/'));
      const size = w.shape.reduce((a: number, b: unknown) => a * (typeof b === 'number' ? b : 0), 1);
      weights.set(layer, (weights.get(layer) ?? 0) + size);
    }
  }
  const model: SavedModel = { layers: [] };
  let current: TensorType | undefined;
  for (const raw of rawLayers) {
    if (!isObject(raw) || typeof raw.class_name !== 'string' || !isObject(raw.config)) return bad('a layer has no `class_name` or `config`');
    const cfg = raw.config;
    const name = typeof cfg.name === 'string' ? cfg.name : typeof raw.name === 'string' ? raw.name : `layer_${model.layers.length}`;
    const batchShape = Array.isArray(cfg.batch_input_shape) ? cfg.batch_input_shape : Array.isArray(cfg.batch_shape) ? cfg.batch_shape : undefined;
    if (batchShape && current === undefined && model.layers.length === 0) {
      current = { dtype: cfg.dtype === 'int32' ? 'i32' : 'f32', dims: batchShape.slice(1).map((d: unknown): Dim => (typeof d === 'number' ? d : null)) };
      model.input = current;
    }
    if (raw.class_name === 'InputLayer') continue;
    let type: TensorType | undefined;
    if (current && !model.stopped) {
      const step = savedLayerStep(raw.class_name, cfg);
      let out: ReturnType<typeof inferShape> | undefined;
      if (step === 'identity') out = current;
      else if (step) {
        const entry = findLayerEntry(step.op);
        if (entry) out = inferShape(entry, [current], { ...defaults(entry.params), ...step.args });
      }
      if (out && !isShapeProblem(out)) type = out;
      else model.stopped = { layer: name, className: raw.class_name };
    }
    current = type;
    model.layers.push({ name, className: raw.class_name, config: cfg, type, params: weights.get(name) ?? 0 });
  }
  return model;
}

function defaults(params: readonly ParamSpec[]): Record<string, ArgValue | undefined> {
  const out: Record<string, ArgValue | undefined> = {};
  for (const p of params) if (p.default !== undefined) out[p.name] = p.default;
  return out;
}

const pair = (v: unknown): number[] | undefined => (typeof v === 'number' ? [v, v] : Array.isArray(v) && v.every((x) => typeof x === 'number') ? (v as number[]) : undefined);
const first = (v: unknown): number | undefined => (typeof v === 'number' ? v : Array.isArray(v) && typeof v[0] === 'number' ? v[0] : undefined);

/** How a tf.js layer class maps onto a catalog layer, for shape inference. */
function savedLayerStep(className: string, c: Json): { op: string; args: Record<string, ArgValue | undefined> } | 'identity' | undefined {
  switch (className) {
    case 'Dense':
      return { op: 'dense', args: { units: c.units as number } };
    case 'Conv2D':
      return { op: 'conv2d', args: { filters: c.filters as number, kernel: pair(c.kernel_size), stride: pair(c.strides) ?? [1, 1], padding: (c.padding as string) ?? 'valid' } };
    case 'MaxPooling2D':
    case 'AveragePooling2D':
      return { op: className === 'MaxPooling2D' ? 'max_pool' : 'avg_pool', args: { size: first(c.pool_size), stride: first(c.strides) ?? first(c.pool_size), padding: (c.padding as string) ?? 'valid' } };
    case 'Flatten':
      return { op: 'flatten', args: {} };
    case 'Reshape':
      return { op: 'reshape', args: { shape: c.target_shape as number[] } };
    case 'Embedding':
      return { op: 'embedding', args: { vocab: c.input_dim as number, dim: c.output_dim as number } };
    case 'GlobalAveragePooling2D':
      return { op: 'global_avg_pool', args: {} };
    case 'Dropout':
    case 'Activation':
    case 'BatchNormalization':
    case 'LayerNormalization':
      return 'identity';
    default:
      return undefined;
  }
}
