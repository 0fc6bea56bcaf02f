// Lowers a checked, error-free program to the IR (types.ts): every model as
// the flat DAG the checker built (blocks, `repeat`, `residual` expanded;
// node ids are the tf.js layer names), every call with its defaults filled
// in, shapes resolved, paths relative to the spec, seeds explicit. The
// declarations of the spec and of everything it imports are included.
//
// Input: a Program and its entry spec. Output: IrProgram, or the reasons it
// cannot be lowered (only when the program was not clean).

import * as path from 'node:path';
import type { FileAnalysis, Program } from '../analysis/program.js';
import type * as A from '../syntax/ast.js';
import { checkData, checkDistill, checkExperiment, checkModel, checkSchedule, checkState, totalFlops, totalParams, type DataResult, type ExperimentResult, type ModelGraph } from '../check/index.js';
import type { DistillResult } from '../check/distill.js';
import { scheduleLoss, scheduleOptimizer, type ScheduleResult } from '../check/schedules.js';
import { findLoss } from '../check/catalog-index.js';
import type { Span } from '../diagnostics/span.js';
import type { TensorType } from '../types/tensor.js';
import { isDuration, type ArgValue, type ArgValues } from '../types/values.js';
import { IR_VERSION, type IrCall, type IrData, type IrDistill, type IrExperiment, type IrModel, type IrProgram, type IrSchedule, type IrTensorType, type IrValue } from './types.js';

export type LowerResult = { ir: IrProgram } | { problems: string[] };

export interface LowerOptions {
  /** The folder the IR will be written to (`source` is relative to it); default the spec's folder. */
  outDir?: string;
}

export function lowerProgram(program: Program, specPath: string, options: LowerOptions = {}): LowerResult {
  const spec = program.file(specPath);
  if (!spec) return { problems: [`${specPath} is not part of the program`] };
  const state = checkState(program);
  const specDir = path.dirname(spec.path);
  const outDir = options.outDir ?? specDir;
  const ir: IrProgram = {
    kiln_ir: IR_VERSION,
    source: toPosix(path.relative(outDir, spec.path)) || path.basename(spec.path),
    data: {},
    models: {},
    schedules: {},
    distills: {},
    experiments: {},
  };
  const problems: string[] = [];
  const labels = new Map<string, Set<string>>();
  const experiments: ExperimentResult[] = [];
  const dataResults: DataResult[] = [];
  const seenData = new Set<string>();

  // The spec first, then its imports: a name declared in both is the spec's.
  const files = [spec, ...[...program.files.values()].filter((f) => f !== spec)];
  for (const file of files) {
    for (const d of file.parse.ast.decls) {
      if (d.kind === 'Import' || d.kind === 'Block' || !d.name) continue;
      const name = d.name.text;
      switch (d.kind) {
        case 'Model': {
          if (name in ir.models) break;
          const g = checkModel(state, file, d).graph;
          if (!g.complete) problems.push(incompleteModel(name, file, d));
          else ir.models[name] = lowerModel(g, specDir, file);
          break;
        }
        case 'Data':
          if (!seenData.has(name)) dataResults.push(checkData(state, file, d));
          seenData.add(name);
          break;
        case 'Schedule':
          ir.schedules[name] ??= lowerSchedule(checkSchedule(state, file, d), d.span);
          break;
        case 'Distill': {
          if (name in ir.distills) break;
          const checked = checkDistill(state, file, d);
          ir.distills[name] = lowerDistill(checked);
          // A teacher written `pretrained("…")` becomes a model of its own.
          for (const t of checked.teachers) {
            if (t.pretrained === undefined) continue;
            if (!t.graph.complete) problems.push(unloadableTeacher(name, t.pretrained, file, t.span));
            else ir.models[t.name] ??= lowerModel(t.graph, specDir, file);
          }
          break;
        }
        case 'Experiment':
          if (!(name in ir.experiments)) {
            const e = checkExperiment(state, file, d);
            experiments.push(e);
            ir.experiments[name] = lowerExperiment(e);
          }
          break;
      }
    }
  }
  for (const e of experiments) {
    for (const s of e.steps) {
      if (s.target) labels.set(s.data, (labels.get(s.data) ?? new Set()).add(s.target));
    }
  }
  for (const d of dataResults) ir.data[d.name] = lowerData(d, labels.get(d.name) ?? new Set());
  return problems.length ? { problems } : { ir };
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

export function irValue(v: ArgValue): IrValue {
  if (Array.isArray(v)) return v.map(irValue);
  if (isDuration(v)) return { amount: v.amount, unit: v.unit };
  return v;
}

export function irArgs(args: ArgValues): Record<string, IrValue> {
  const out: Record<string, IrValue> = {};
  for (const [k, v] of Object.entries(args)) if (v !== undefined) out[k] = irValue(v);
  return out;
}

export function irType(t: TensorType): IrTensorType {
  const out: IrTensorType = { dtype: t.dtype, shape: t.dims.map((d) => (d === null ? '?' : d)) };
  if (t.classes !== undefined) out.classes = t.classes;
  return out;
}

function call(op: string, args: ArgValues): IrCall {
  return { op, args: irArgs(args) };
}

function lowerModel(g: ModelGraph, specDir: string, file: FileAnalysis): IrModel {
  const totals = totalParams(g);
  return {
    name: g.name,
    inputs: g.inputs.map((i) => ({ name: i.name, type: irType(i.type!) })),
    output: irType(g.output!),
    nodes: g.nodes.map((n) => {
      const node: IrModel['nodes'][number] = {
        id: n.id,
        op: n.op,
        args: irArgs(n.args),
        inputs: [...n.inputs],
        type: irType(n.type!),
        params: n.params ?? 0,
        trainable: n.trainable,
        origin: `${toPosix(path.relative(specDir, n.span.file)) || path.basename(file.path)}:${n.span.startPos.line}:${n.span.startPos.column}`,
      };
      if (n.inputName !== undefined) node.inputName = n.inputName;
      return node;
    }),
    outputNode: g.outputNode!,
    params: { total: totals.total ?? 0, trainable: totals.trainable ?? 0 },
    flops: totalFlops(g) ?? 0,
  };
}

function lowerData(d: DataResult, targets: Set<string>): IrData {
  const split: IrData['split'] = { train: d.split.train, val: d.split.val, test: d.split.test };
  if (d.split.stratify) split.stratify = d.split.stratify;
  return {
    name: d.name,
    source: call(d.source?.op ?? 'csv', d.source?.args ?? {}),
    fields: d.fields.map((f) => ({ name: f.name, type: f.type, optional: f.optional })),
    clean: d.clean.map((c) => call(c.op, c.args)),
    features: [...d.features.values()].map((f) => ({
      name: f.name,
      type: irType((f.declared ?? f.produced)!),
      from: f.from,
      transforms: f.transforms.map((t) => call(t.op, t.args)),
      label: targets.has(f.name) || f.declared?.classes !== undefined,
    })),
    augment: d.augment.map((a) => ({ feature: a.feature, ops: a.ops.map((o) => call(o.op, o.args)) })),
    split,
    seed: d.seed,
    batch: d.batch,
    shuffle: d.shuffle,
    on_error: d.onError,
  };
}

function callOf(b: { entry: { name: string }; args: ArgValues } | undefined, fallback: string): IrCall {
  return b ? call(b.entry.name, b.args) : { op: fallback, args: {} };
}

function lowerSchedule(s: ScheduleResult, span: Span): IrSchedule {
  const out: IrSchedule = {
    name: s.name,
    optimizer: callOf(scheduleOptimizer(s, span), 'adam'),
    lr: s.lr.map((seg) => call(seg.entry.name, seg.args)),
    epochs: s.epochs ?? 1,
    loss: callOf(scheduleLoss(s, span), 'cross_entropy'),
    metrics: s.metrics.map((m) => m.entry.name),
  };
  if (s.clipNorm !== undefined) out.clip_norm = s.clipNorm;
  if (s.weightDecay !== undefined) out.weight_decay = s.weightDecay;
  if (s.earlyStop) out.early_stop = { monitor: s.earlyStop.monitor, patience: s.earlyStop.patience, min_delta: s.earlyStop.min_delta };
  if (s.batch !== undefined) out.batch = s.batch;
  return out;
}

function lowerDistill(d: DistillResult): IrDistill {
  const defaultLoss = findLoss('cross_entropy');
  const hard = d.hardLoss ?? (defaultLoss ? { entry: defaultLoss, args: Object.fromEntries(defaultLoss.params.filter((p) => p.default !== undefined).map((p) => [p.name, p.default])) } : undefined);
  const out: IrDistill = {
    name: d.name,
    teachers: d.teachers.map((t) => t.name),
    student: d.student?.name ?? '',
    temperature: d.temperature,
    alpha: d.alpha,
    hard_loss: call(hard?.entry.name ?? 'cross_entropy', hard?.args ?? {}),
    hints: d.hints.map((h) => ({ student: h.student, teacher: h.teacher, projection: call(h.projection.op, h.projection.args as ArgValues) })),
  };
  const saved = d.teachers.filter((t) => t.pretrained !== undefined && t.graph.complete);
  if (saved.length) out.pretrained_teachers = Object.fromEntries(saved.map((t) => [t.name, String(t.graph.nodes.find((n) => n.op === 'pretrained')!.args.path)]));
  return out;
}

function lowerExperiment(e: ExperimentResult): IrExperiment {
  return {
    name: e.name,
    seed: e.seed,
    steps: e.steps.map((s) =>
      s.kind === 'train'
        ? { kind: 'train', model: s.model, data: s.data, schedule: s.schedule }
        : s.kind === 'distill'
          ? { kind: 'distill', distill: s.distill, data: s.data, schedule: s.schedule }
          : { kind: 'evaluate', model: s.model, data: s.data, split: s.split, metrics: s.metrics },
    ),
    sweep: e.sweep.map((a) => ({ parameter: a.parameter, values: a.values })),
  };
}

/**
 * Why a model without errors still cannot be built: a pretrained model that
 * is not saved yet is only a warning for `kiln check`, but `kiln run` needs it.
 */
function unloadableTeacher(distill: string, written: string, file: FileAnalysis, span: Span): string {
  const inside = file.diagnostics.find((d) => d.code === 'K2511' && d.span.start >= span.start && d.span.end <= span.end);
  return `distillation \`${distill}\` cannot load its teacher ${written}${inside ? `: ${inside.message}${inside.help ? ` (${inside.help})` : ''}` : ''}`;
}

function incompleteModel(name: string, file: FileAnalysis, decl: A.ModelDecl): string {
  const inside = file.diagnostics.find((d) => d.code === 'K2511' && d.span.start >= decl.span.start && d.span.end <= decl.span.end);
  if (!inside) return `model \`${name}\` has errors`;
  return `model \`${name}\` cannot be built: ${inside.message}${inside.help ? ` (${inside.help})` : ''}`;
}
