// `experiment` blocks: each train / distill / evaluate step joins a model, a
// data block and a schedule, so this is where their cross-references are
// checked: data features ↔ model inputs (by name, dtype and shape), the model
// output ↔ the label and the loss, metrics, split names, the warmup against
// the length of the run, and sweeps (parameters that exist, values of their
// type).

import type { FileAnalysis } from '../analysis/program.js';
import type { LossEntry, MetricEntry, ShapeProblem } from '../catalog/index.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Span } from '../diagnostics/span.js';
import type * as A from '../syntax/ast.js';
import { formatType, type TensorType } from '../types/tensor.js';
import { durationSteps, type ArgValues } from '../types/values.js';
import { suggest } from '../util/suggest.js';
import { hasSyntaxErrors, lookupDecl, Sink, type CheckState } from './context.js';
import { checkData, featureFits, type DataResult, type FeatureResult } from './data.js';
import { checkDistill, modelRef, type DistillResult, type ModelRef } from './distill.js';
import { catalogCall, checkSchedule, recordedMetrics, scheduleLoss, type ScheduleResult } from './schedules.js';
import { evaluate } from './values.js';

export type StepResult =
  | { kind: 'train'; model: string; data: string; schedule: string; target?: string }
  | { kind: 'distill'; distill: string; data: string; schedule: string; target?: string }
  | { kind: 'evaluate'; model: string; data: string; split: 'train' | 'val' | 'test'; metrics: string[]; target?: string };

export interface ExperimentResult {
  name: string;
  seed: number;
  steps: StepResult[];
  sweep: { parameter: string; values: (number | string | boolean)[] }[];
  diagnostics: Diagnostic[];
}

const splits = ['train', 'val', 'test'] as const;

export function checkExperiment(state: CheckState, file: FileAnalysis, decl: A.ExperimentDecl): ExperimentResult {
  return state.memo(decl, () => new ExperimentChecker(state, file, decl).run());
}

function dataRef(state: CheckState, file: FileAnalysis, e: A.Expr | undefined): { name: string; data: DataResult; split?: A.Name } | undefined {
  const base = e?.kind === 'Member' && !file.scope.namespaces.has((e.object as A.NameRef).name) ? e.object : e;
  const found = lookupDecl(file, base, 'Data');
  if (!found) return undefined;
  const owner = state.file(found.symbol.file) ?? file;
  return { name: found.symbol.name, data: checkData(state, owner, found.decl), split: base !== e ? (e as A.MemberExpr).property : undefined };
}

function scheduleRef(state: CheckState, file: FileAnalysis, e: A.Expr | undefined): { name: string; schedule: ScheduleResult } | undefined {
  const found = lookupDecl(file, e, 'Schedule');
  if (!found) return undefined;
  return { name: found.symbol.name, schedule: checkSchedule(state, state.file(found.symbol.file) ?? file, found.decl) };
}

class ExperimentChecker {
  private readonly sink = new Sink();
  private readonly result: ExperimentResult;

  constructor(
    private readonly state: CheckState,
    private readonly file: FileAnalysis,
    private readonly decl: A.ExperimentDecl,
  ) {
    this.result = { name: decl.name?.text ?? '', seed: 0, steps: [], sweep: [], diagnostics: this.sink.diagnostics };
  }

  run(): ExperimentResult {
    for (const item of this.decl.items) {
      switch (item.kind) {
        case 'Setting':
          this.setting(item);
          break;
        case 'TrainStep':
          this.train(item);
          break;
        case 'DistillStep':
          this.distill(item);
          break;
        case 'EvaluateStep':
          this.evaluate(item);
          break;
        case 'Sweep':
          this.sweep(item);
          break;
      }
    }
    if (!hasSyntaxErrors(this.file) && !this.decl.items.some((i) => i.kind === 'TrainStep' || i.kind === 'DistillStep' || i.kind === 'EvaluateStep')) {
      this.sink.report('K4027', this.decl.name?.span ?? this.decl.span, { name: this.result.name }, { label: 'no steps', help: 'add e.g. `train mlp on digits with fast`' });
    }
    return this.result;
  }

  private setting(s: A.Setting): void {
    if (s.name.text === 'seed') {
      const v = s.value ? evaluate(s.value).value : undefined;
      if (v?.kind === 'int' && v.value >= 0) this.result.seed = v.value;
      else this.sink.report('K4007', s.value?.span ?? s.name.span, { setting: 'seed', expected: 'a non-negative integer', found: s.value ? this.text(s.value) : 'nothing' }, { label: 'invalid' });
      return;
    }
    // A step the parser could not read may come back as a setting named after its keyword.
    if (['train', 'distill', 'evaluate', 'sweep'].includes(s.name.text) && hasSyntaxErrors(this.file)) return;
    const near = suggest(s.name.text, ['seed']);
    this.sink.report('K4006', s.name.span, { name: s.name.text }, { label: 'unknown setting', help: near ? 'did you mean `seed`?' : 'experiments take `seed`, steps (`train`, `distill`, `evaluate`) and `sweep`', fix: near ? { title: 'change to `seed`', edits: [{ span: s.name.span, newText: 'seed' }] } : undefined });
  }

  private text(e: A.Expr): string {
    return this.file.source.text.slice(e.span.start, e.span.end);
  }

  /** Every model input has a feature of that name and a fitting type. Returns the inputs used. */
  private inputs(model: ModelRef, data: { name: string; data: DataResult }, at: Span): Set<string> {
    const used = new Set<string>();
    if (data.data.features.size === 0) {
      this.sink.report('K3012', at, { name: data.name }, { label: 'no features', help: 'add a `features { … }` section naming what the model reads and the label' });
      return used;
    }
    for (const input of model.graph.inputs) {
      const feature = data.data.features.get(input.name);
      if (!feature) {
        const near = suggest(input.name, data.data.features.keys());
        this.sink.report('K4012', at, { model: model.name, input: input.name, data: data.name }, {
          label: `no feature \`${input.name}\``,
          help: near ? `the data has \`${near}\`: rename the feature or the model input so they match` : `its features are ${[...data.data.features.keys()].map((f) => `\`${f}\``).join(', ')}`,
        });
        continue;
      }
      used.add(input.name);
      const ft = feature.declared ?? feature.produced;
      if (input.type && ft && !featureFits(input.type, ft) && !featureFits(ft, input.type)) {
        this.sink.report('K4013', at, { name: input.name, data: data.name, found: formatType(ft), model: model.name, expected: formatType(input.type) }, {
          label: 'types differ',
          related: feature.nameSpan.file === at.file ? [{ span: feature.nameSpan, message: `feature is ${formatType(ft)}` }] : [],
        });
      }
    }
    return used;
  }

  /** The label: the one feature the model does not read (a class label if several). */
  private target(data: { name: string; data: DataResult }, used: Set<string>, at: Span, model: string): FeatureResult | undefined {
    if (data.data.features.size === 0) return undefined; // reported once, as K3012
    const rest = [...data.data.features.values()].filter((f) => !used.has(f.name));
    const pick = rest.length === 1 ? rest[0] : rest.find((f) => f.declared?.classes !== undefined) && rest.filter((f) => f.declared?.classes !== undefined).length === 1 ? rest.find((f) => f.declared?.classes !== undefined) : rest.find((f) => f.name === 'label' || f.name === 'target');
    if (!pick) {
      this.sink.report('K4011', at, { data: data.name, model }, {
        label: rest.length === 0 ? 'no label' : 'which label?',
        help: rest.length === 0 ? 'add a label feature, e.g. `label: class[10] = digit`, that the model does not read' : `candidates are ${rest.map((f) => `\`${f.name}\``).join(', ')}: name the label \`label\``,
      });
    }
    return pick;
  }

  private lossCheck(loss: LossEntry | MetricEntry, args: ArgValues, output: TensorType, target: FeatureResult, at: Span, related: { span: Span; message: string }[]): void {
    const t = target.declared ?? target.produced;
    if (!t) return;
    const problem: ShapeProblem | undefined = loss.check(output, t, args);
    if (problem) this.sink.push(diagnostic(problem.code, at, problem.args, { label: problem.label ?? `${formatType(output)} vs ${formatType(t)}`, help: problem.help, related }));
  }

  private runLength(schedule: ScheduleResult, data: DataResult, at: Span): void {
    const w = schedule.warmup;
    if (!w || w.duration.unit !== 'steps' || schedule.epochs === undefined || data.source?.rows === undefined) return;
    const batch = schedule.batch ?? data.batch;
    const perEpoch = Math.ceil((data.source.rows * data.split.train) / batch);
    const total = perEpoch * schedule.epochs;
    if (durationSteps(w.duration, perEpoch) >= total) {
      this.sink.report('K4008', at, { warmup: `${w.duration.amount} steps`, run: `${total} steps: ${schedule.epochs} epochs of ${perEpoch}` }, { label: 'warmup outlasts the run', related: w.span.file === at.file ? [{ span: w.span, message: 'the warmup' }] : [] });
    }
  }

  private train(step: A.Step): void {
    const model = step.target ? modelRef(this.state, this.file, step.target) : undefined;
    const data = dataRef(this.state, this.file, step.data);
    const schedule = scheduleRef(this.state, this.file, step.schedule);
    if (data?.split) this.sink.report('K4026', data.split.span, { data: data.name, name: data.split.text }, { label: 'train uses the train split', help: `write \`on ${data.name}\`` });
    let target: FeatureResult | undefined;
    if (model && data && model.graph.complete) {
      const used = this.inputs(model, data, step.data!.span);
      target = this.target(data, used, step.span, model.name);
      const out = model.graph.output;
      const loss = schedule && scheduleLoss(schedule.schedule, step.span);
      if (target && out && schedule && loss) {
        this.lossCheck(loss.entry, loss.args, out, target, step.target!.span, schedule.schedule.loss ? [{ span: loss.span, message: `\`${loss.entry.name}\` against \`${target.name}\`` }].filter((r) => r.span.file === step.span.file) : []);
        for (const m of schedule.schedule.metrics) this.lossCheck(m.entry, m.args, out, target, step.target!.span, []);
      }
      if (schedule?.schedule.earlyStop) this.earlyStop(schedule.schedule, step.schedule!.span);
    }
    if (schedule && data) this.runLength(schedule.schedule, data.data, step.schedule!.span);
    if (model && data && schedule) this.result.steps.push({ kind: 'train', model: model.name, data: data.name, schedule: schedule.name, target: target?.name });
  }

  private earlyStop(schedule: ScheduleResult, at: Span): void {
    const es = schedule.earlyStop!;
    const recorded = recordedMetrics(schedule);
    if (!recorded.includes(es.monitor)) {
      const near = suggest(es.monitor, recorded);
      this.sink.report('K4025', at, { name: es.monitor }, { label: 'not recorded', help: near ? `did you mean \`${near}\`?` : `this run records ${recorded.map((r) => `\`${r}\``).join(', ')}` });
    }
  }

  private distill(step: A.Step): void {
    const found = lookupDecl(this.file, step.target, 'Distill');
    const data = dataRef(this.state, this.file, step.data);
    const schedule = scheduleRef(this.state, this.file, step.schedule);
    if (!found) return;
    const d: DistillResult = checkDistill(this.state, this.state.file(found.symbol.file) ?? this.file, found.decl);
    let target: FeatureResult | undefined;
    if (data) {
      for (const m of [...d.teachers, ...(d.student ? [d.student] : [])]) {
        if (!m.graph.complete) continue;
        const used = this.inputs(m, data, step.data!.span);
        if (m === d.student) {
          target = this.target(data, used, step.span, m.name);
          const loss = d.hardLoss ?? (schedule && scheduleLoss(schedule.schedule, step.span));
          if (target && m.graph.output && loss) this.lossCheck(loss.entry, loss.args, m.graph.output, target, step.target!.span, []);
        }
      }
    }
    if (schedule && data) this.runLength(schedule.schedule, data.data, step.schedule!.span);
    if (data && schedule) this.result.steps.push({ kind: 'distill', distill: found.symbol.name, data: data.name, schedule: schedule.name, target: target?.name });
  }

  private evaluate(step: A.Step): void {
    const model = step.target ? modelRef(this.state, this.file, step.target) : undefined;
    const data = dataRef(this.state, this.file, step.data);
    let split: 'train' | 'val' | 'test' = 'test';
    if (data?.split) {
      const name = data.split.text;
      if ((splits as readonly string[]).includes(name)) {
        split = name as typeof split;
        if (data.data.split[split] === 0) this.sink.report('K4028', data.split.span, { data: data.name, name }, { label: 'empty split', help: `give \`${name}\` a fraction in the data's \`split\`` });
      } else {
        const near = suggest(name, splits);
        this.sink.report('K4014', data.split.span, { data: data.name, name }, { label: 'no such split', help: near ? `did you mean \`${near}\`?` : 'splits are `train`, `val` and `test`', fix: near ? { title: `change to \`${near}\``, edits: [{ span: data.split.span, newText: near }] } : undefined });
      }
    }
    const metrics: string[] = [];
    const metricItems = step.metrics?.kind === 'List' ? step.metrics.items : step.metrics ? [step.metrics] : [];
    let target: FeatureResult | undefined;
    let used: Set<string> | undefined;
    if (model && data && model.graph.complete) {
      used = this.inputs(model, data, step.data!.span);
      target = this.target(data, used, step.span, model.name);
    }
    for (const item of metricItems) {
      const m = catalogCall<MetricEntry>(this.state, this.file, this.sink, item, 'metric');
      if (!m) continue;
      metrics.push(m.entry.name);
      if (target && model?.graph.output) this.lossCheck(m.entry, m.args, model.graph.output, target, item.span, []);
    }
    if (model && data) this.result.steps.push({ kind: 'evaluate', model: model.name, data: data.name, split, metrics, target: target?.name });
  }

  private sweep(s: A.Sweep): void {
    for (const axis of s.axes) {
      const p = axis.parameter;
      if (p?.kind !== 'Member') {
        if (p) this.sink.report('K4015', p.span, { name: this.text(p), owner: 'the experiment' }, { label: 'not a parameter', help: 'name a parameter as `schedule.lr`, `distill.temperature` or `data.batch`' });
        continue;
      }
      const owner = this.file.scope.symbols.get((p.object as A.NameRef).name);
      if (!owner) continue; // reported by the resolver
      const params = sweepable(owner.node as A.NamedDecl, this.state, this.file);
      const name = p.property.text;
      const kind = params.get(name);
      if (!kind) {
        const near = suggest(name, params.keys());
        this.sink.report('K4015', p.property.span, { name, owner: owner.name }, {
          label: 'no such parameter',
          help: near ? `did you mean \`${near}\`?` : params.size ? `parameters are ${[...params.keys()].map((k) => `\`${k}\``).join(', ')}` : `\`${owner.name}\` has no parameters to sweep`,
          fix: near ? { title: `change to \`${near}\``, edits: [{ span: p.property.span, newText: near }] } : undefined,
        });
        continue;
      }
      const values: (number | string | boolean)[] = [];
      const items = axis.values?.kind === 'List' ? axis.values.items : axis.values ? [axis.values] : [];
      for (const item of items) {
        const v = evaluate(item).value;
        const ok = (kind === 'int' && v.kind === 'int' && v.value >= 1) || (kind === 'float' && (v.kind === 'int' || v.kind === 'float'));
        if (!ok) {
          this.sink.report('K4016', item.span, { param: `${owner.name}.${name}`, expected: kind === 'int' ? 'a positive integer' : 'a number', found: this.text(item) }, { label: 'wrong type' });
          continue;
        }
        values.push((v as { value: number }).value);
      }
      this.result.sweep.push({ parameter: `${owner.name}.${name}`, values });
    }
  }
}

/** What a sweep can vary on each kind of declaration, with the value type. */
function sweepable(decl: A.NamedDecl, state: CheckState, file: FileAnalysis): Map<string, 'int' | 'float'> {
  const out = new Map<string, 'int' | 'float'>();
  if (decl.kind === 'Schedule') {
    const sched = checkSchedule(state, file, decl);
    out.set('lr', 'float').set('epochs', 'int').set('batch', 'int').set('clip_norm', 'float').set('weight_decay', 'float');
    for (const p of sched.optimizer?.entry.params ?? []) if (p.type === 'float' || p.type === 'int') out.set(p.name, p.type);
  } else if (decl.kind === 'Distill') out.set('temperature', 'float').set('alpha', 'float');
  else if (decl.kind === 'Data') out.set('batch', 'int').set('seed', 'int').set('shuffle', 'int');
  return out;
}
