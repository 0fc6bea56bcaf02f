// `schedule` blocks: the optimizer, the learning-rate schedule (segments
// joined with `then`), epochs, loss, metrics, gradient clipping, weight
// decay and early stopping. Catalog names are looked up among their own kind
// only, so `adma` suggests `adam` and never a layer.

import type { FileAnalysis } from '../analysis/program.js';
import type { EntryKind, LossEntry, MetricEntry, OptimizerEntry, ScheduleEntry, SettingEntry } from '../catalog/index.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Span } from '../diagnostics/span.js';
import type * as A from '../syntax/ast.js';
import { isDuration, type ArgValues, type Duration } from '../types/values.js';
import { suggest } from '../util/suggest.js';
import { bindCall, recordCall } from './calls.js';
import { findLoss, findMetric, findOptimizer, findSchedule, findSetting, namesOfKind, suggestOfKind } from './catalog-index.js';
import { hasSyntaxErrors, plural, Sink, type CheckState } from './context.js';
import { evaluate } from './values.js';

export interface Bound<E> {
  entry: E;
  args: ArgValues;
  span: Span;
}

export interface ScheduleResult {
  name: string;
  optimizer?: Bound<OptimizerEntry>;
  lr: Bound<ScheduleEntry>[];
  epochs?: number;
  loss?: Bound<LossEntry>;
  metrics: Bound<MetricEntry>[];
  clipNorm?: number;
  weightDecay?: number;
  earlyStop?: { monitor: string; patience: number; min_delta: number; span: Span };
  batch?: number;
  /** The warmup segment's duration, for the run-length check once the data is known. */
  warmup?: { duration: Duration; span: Span };
  diagnostics: Diagnostic[];
}

const scheduleSettings = ['optimizer', 'lr', 'epochs', 'loss', 'metrics', 'clip_norm', 'weight_decay', 'early_stop', 'batch'];

const kindWords: Partial<Record<EntryKind, string>> = { optimizer: 'optimizer', schedule: 'learning-rate schedule', loss: 'loss', metric: 'metric' };

const codes: Partial<Record<EntryKind, string>> = { optimizer: 'K4001', schedule: 'K4002', loss: 'K4003', metric: 'K4004' };

export function checkSchedule(state: CheckState, file: FileAnalysis, decl: A.ScheduleDecl): ScheduleResult {
  return state.memo(decl, () => new ScheduleChecker(state, file, decl).run());
}

/** A catalog call of one kind (`adam(lr: 1e-3)` or a bare `adam`), bound; undefined (reported) when the name is unknown. */
export function catalogCall<E extends OptimizerEntry | ScheduleEntry | LossEntry | MetricEntry>(
  state: CheckState,
  file: FileAnalysis,
  sink: Sink,
  e: A.Expr,
  kind: 'optimizer' | 'schedule' | 'loss' | 'metric',
): Bound<E> | undefined {
  const callee = e.kind === 'Call' && e.callee.kind === 'NameRef' ? e.callee : e.kind === 'NameRef' ? e : undefined;
  if (!callee) {
    sink.report(codes[kind]!, e.span, { name: file.source.text.slice(e.span.start, e.span.end) }, { label: `not a ${kindWords[kind]}`, help: `write a call such as \`${namesOfKind(kind)[0]}()\`` });
    return undefined;
  }
  const find = { optimizer: findOptimizer, schedule: findSchedule, loss: findLoss, metric: findMetric }[kind];
  const entry = find(callee.name) as E | undefined;
  if (!entry) {
    const near = suggestOfKind(callee.name, kind);
    sink.report(codes[kind]!, callee.span, { name: callee.name }, {
      label: `unknown ${kindWords[kind]}`,
      help: near ? `did you mean \`${near}\`?` : `${kindWords[kind]}s are ${namesOfKind(kind).map((n) => `\`${n}\``).join(', ')}`,
      fix: near ? { title: `change to \`${near}\``, edits: [{ span: callee.span, newText: near }] } : undefined,
    });
    return undefined;
  }
  recordCall(state.info(file.path), e.span, callee.span, entry);
  const bound = bindCall(entry, e.kind === 'Call' ? e.args : [], e.span, (d) => sink.push(d));
  return { entry, args: bound.args, span: e.span };
}

class ScheduleChecker {
  private readonly sink = new Sink();
  private readonly result: ScheduleResult;

  constructor(
    private readonly state: CheckState,
    private readonly file: FileAnalysis,
    private readonly decl: A.ScheduleDecl,
  ) {
    this.result = { name: decl.name?.text ?? '', lr: [], metrics: [], diagnostics: this.sink.diagnostics };
  }

  run(): ScheduleResult {
    const seen = new Set<string>();
    for (const s of this.decl.settings) {
      seen.add(s.name.text);
      this.setting(s);
    }
    const where = this.decl.name?.span ?? this.decl.span;
    // Without an optimizer, `adam()` is used; without a loss, `cross_entropy()`. A run's length has no sensible default.
    for (const required of ['epochs']) {
      if (!seen.has(required) && !hasSyntaxErrors(this.file)) {
        const example = required === 'optimizer' ? 'optimizer adam(lr: 1e-3)' : required === 'epochs' ? 'epochs 10' : 'loss cross_entropy()';
        this.sink.report('K4005', where, { name: this.result.name, setting: required }, { label: `no \`${required}\``, help: `add e.g. \`${example}\`` });
      }
    }
    const w = this.result.warmup;
    if (w && w.duration.unit === 'epochs' && this.result.epochs !== undefined && w.duration.amount >= this.result.epochs) {
      this.sink.report('K4008', w.span, { warmup: plural(w.duration.amount, 'epoch'), run: plural(this.result.epochs, 'epoch') }, { label: 'longer than the run', help: 'shorten the warmup, or train for more epochs' });
    }
    return this.result;
  }

  private value(s: A.Setting): A.Expr | undefined {
    if (s.value) return s.value;
    if (s.args) return { kind: 'Call', callee: { kind: 'NameRef', name: s.name.text, span: s.name.span }, args: s.args, argsSpan: s.span, span: s.span };
    return undefined;
  }

  private setting(s: A.Setting): void {
    const name = s.name.text;
    const v = this.value(s);
    switch (name) {
      case 'optimizer':
        if (v) this.result.optimizer = catalogCall(this.state, this.file, this.sink, v, 'optimizer');
        return;
      case 'lr':
        if (v) this.lr(v);
        return;
      case 'loss':
        if (v) this.result.loss = catalogCall(this.state, this.file, this.sink, v, 'loss');
        return;
      case 'metrics': {
        const items = v?.kind === 'List' ? v.items : v ? [v] : [];
        for (const item of items) {
          const m = catalogCall<MetricEntry>(this.state, this.file, this.sink, item, 'metric');
          if (m) this.result.metrics.push(m);
        }
        return;
      }
      case 'epochs':
      case 'batch': {
        if (!v || v.kind === 'Missing') return; // a syntax error, reported by the parser
        const n = evaluate(v).value;
        if (n.kind === 'int' && n.value >= 1) {
          if (name === 'epochs') this.result.epochs = n.value;
          else this.result.batch = n.value;
        } else {
          const found = this.file.source.text.slice(v.span.start, v.span.end);
          this.sink.report('K4007', v.span, { setting: name, expected: 'a positive integer', found }, { label: 'invalid', help: n.kind === 'duration' ? `write the number alone: \`${name} ${n.value}\`` : undefined });
        }
        return;
      }
      case 'clip_norm':
      case 'weight_decay':
      case 'early_stop':
        return this.trainingSetting(s, findSetting(name)!);
      default: {
        const near = suggest(name, scheduleSettings);
        const other = findOptimizer(name) ?? findLoss(name) ?? findSchedule(name);
        this.sink.report('K4006', s.name.span, { name }, {
          label: 'unknown setting',
          help: near ? `did you mean \`${near}\`?` : other ? `\`${name}\` is ${other.kind === 'optimizer' ? 'an optimizer: write `optimizer ' : other.kind === 'loss' ? 'a loss: write `loss ' : 'a schedule: write `lr '}${name}(…)\`` : `schedule settings are ${scheduleSettings.map((x) => `\`${x}\``).join(', ')}`,
          fix: near ? { title: `change to \`${near}\``, edits: [{ span: s.name.span, newText: near }] } : undefined,
        });
      }
    }
  }

  private lr(v: A.Expr): void {
    const parts = v.kind === 'Then' ? v.parts : [v];
    if (parts.length === 1 && v.kind === 'Number') {
      this.sink.report('K4007', v.span, { setting: 'lr', expected: 'a schedule such as `cosine(to: 1e-5)`', found: v.raw }, { label: 'not a schedule', help: `the base rate is the optimizer's: \`optimizer adam(lr: ${v.raw})\`` });
      return;
    }
    for (const p of parts) {
      const seg = catalogCall<ScheduleEntry>(this.state, this.file, this.sink, p, 'schedule');
      if (seg) this.result.lr.push(seg);
    }
    // A segment that runs to the end leaves nothing for the segments after it.
    for (let i = 0; i < this.result.lr.length - 1; i++) {
      const seg = this.result.lr[i];
      if (!seg.entry.length) {
        const next = this.result.lr[i + 1];
        this.sink.report('K4009', next.span, { name: seg.entry.name, next: next.entry.name }, { label: 'never starts', related: [{ span: seg.span, message: 'runs to the end of training' }], help: 'only segments with a duration (such as `warmup`) can come before `then`' });
        break;
      }
    }
    const first = this.result.lr[0];
    const d = first?.entry.length?.(first.args);
    if (first && d && isDuration(d)) this.result.warmup = { duration: d, span: first.span };
  }

  private trainingSetting(s: A.Setting, entry: SettingEntry): void {
    const args: A.Argument[] = s.args ?? (s.value ? [{ kind: 'Argument', value: s.value, span: s.value.span }] : []);
    recordCall(this.state.info(this.file.path), s.span, s.name.span, entry);
    const bound = bindCall(entry, args, s.span, (d) => this.sink.push(d));
    if (entry.name === 'clip_norm' && typeof bound.args.max === 'number') this.result.clipNorm = bound.args.max;
    if (entry.name === 'weight_decay' && typeof bound.args.rate === 'number') this.result.weightDecay = bound.args.rate;
    if (entry.name === 'early_stop') {
      this.result.earlyStop = {
        monitor: typeof bound.args.monitor === 'string' ? bound.args.monitor : 'val_loss',
        patience: typeof bound.args.patience === 'number' ? bound.args.patience : 3,
        min_delta: typeof bound.args.min_delta === 'number' ? bound.args.min_delta : 0,
        span: args.find((a) => a.name?.text === 'monitor')?.value.span ?? s.span,
      };
    }
  }
}

/** An entry called with no arguments (its defaults), for the optimizer and loss a schedule may leave out. */
export function defaultCall<E extends OptimizerEntry | LossEntry>(entry: E, span: Span): Bound<E> {
  const args: Record<string, ArgValues[string]> = {};
  for (const p of entry.params) if (p.default !== undefined) args[p.name] = p.default;
  return { entry, args, span };
}

export function scheduleOptimizer(s: ScheduleResult, span: Span): Bound<OptimizerEntry> | undefined {
  const adam = findOptimizer('adam');
  return s.optimizer ?? (adam ? defaultCall(adam, span) : undefined);
}

export function scheduleLoss(s: ScheduleResult, span: Span): Bound<LossEntry> | undefined {
  const ce = findLoss('cross_entropy');
  return s.loss ?? (ce ? defaultCall(ce, span) : undefined);
}

/** The names a run records and `early_stop` can watch. */
export function recordedMetrics(schedule: ScheduleResult, extra: readonly string[] = []): string[] {
  const names = ['loss', ...schedule.metrics.map((m) => m.entry.name), ...extra];
  return [...names, ...names.map((n) => `val_${n}`)];
}
