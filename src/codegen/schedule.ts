// IR schedule → its parts written out: the optimizer, the learning rate at
// every step as a small function (each `then` segment one branch), the loss,
// and a `Schedule` object the training loop reads. The formulas are the
// catalog's (src/catalog/entries/schedules.ts, losses.ts, optimizers.ts),
// with the spec's numbers folded in, so the program trains as `kiln run` does.

import type { IrCall, IrSchedule, IrValue } from '../ir/types.js';
import { durationExpression, isDurationValue, numberLiteral, specCall, tsLiteral } from './literals.js';

export interface ScheduleFeatures {
  clipNorm: boolean;
  weightDecay: boolean;
  earlyStop: boolean;
  /** The `fraction` helper (progress through a segment) is used. */
  fraction: boolean;
}

export interface ScheduleCode {
  /** The learning-rate function and the `Schedule` constant. */
  text: string;
  features: ScheduleFeatures;
}

export type ScheduleResult = ScheduleCode | { problems: string[] };

function num(args: Record<string, IrValue>, name: string, fallback: number): number {
  const v = args[name];
  return typeof v === 'number' ? v : fallback;
}

/** tf.js optimizer construction, as the catalog's optimizer entries build it. */
function optimizerCode(call: IrCall, lr: string): string | undefined {
  const a = call.args;
  const n = (name: string, fallback: number) => numberLiteral(num(a, name, fallback));
  switch (call.op) {
    case 'sgd':
      return `tf.train.sgd(${lr})`;
    case 'momentum':
      return `tf.train.momentum(${lr}, ${n('momentum', 0.9)}, ${String(a['nesterov'] === true)})`;
    case 'adam':
    case 'adamw':
      // AdamW is Adam plus the decoupled weight decay the training step applies.
      return `tf.train.adam(${lr}, ${n('beta1', 0.9)}, ${n('beta2', 0.999)}, ${n('epsilon', 1e-7)})`;
    case 'rmsprop':
      return `tf.train.rmsprop(${lr}, ${n('decay', 0.9)}, ${n('momentum', 0)}, ${n('epsilon', 1e-7)})`;
    case 'adagrad':
      return `tf.train.adagrad(${lr}, ${n('initial_accumulator', 0.1)})`;
    default:
      return undefined;
  }
}

const DEFAULT_LR: Record<string, number> = { sgd: 0.01, momentum: 0.01, adam: 0.001, adamw: 0.001, rmsprop: 0.001, adagrad: 0.01 };

/** The loss as an arrow function over (yTrue, yPred), logits in, one-hot class targets. */
function lossCode(call: IrCall): string | undefined {
  const a = call.args;
  switch (call.op) {
    case 'cross_entropy':
      return `(yTrue, yPred) => tf.losses.softmaxCrossEntropy(yTrue, yPred, undefined, ${numberLiteral(num(a, 'label_smoothing', 0))}) as tf.Scalar`;
    case 'binary_cross_entropy':
      return `(yTrue, yPred) => tf.losses.sigmoidCrossEntropy(tf.reshape(yTrue, yPred.shape), yPred, undefined, ${numberLiteral(num(a, 'label_smoothing', 0))}) as tf.Scalar`;
    case 'mse':
      return '(yTrue, yPred) => tf.losses.meanSquaredError(tf.reshape(yTrue, yPred.shape), yPred) as tf.Scalar';
    case 'mae':
      return '(yTrue, yPred) => tf.losses.absoluteDifference(tf.reshape(yTrue, yPred.shape), yPred) as tf.Scalar';
    case 'huber':
      return `(yTrue, yPred) => tf.losses.huberLoss(tf.reshape(yTrue, yPred.shape), yPred, undefined, ${numberLiteral(num(a, 'delta', 1))}) as tf.Scalar`;
    case 'kl_divergence':
      return [
        '(yTrue, yPred) =>',
        '  tf.tidy(() => {',
        '    const p = tf.clipByValue(yTrue, 1e-7, 1);',
        '    return tf.mean(tf.sum(tf.mul(p, tf.sub(tf.log(p), tf.logSoftmax(yPred))), -1)) as tf.Scalar;',
        '  })',
      ].join('\n');
    default:
      return undefined;
  }
}

/** A segment's rate at `s` steps into it, of `n` steps; undefined for an unknown schedule. */
function segmentFormula(call: IrCall, s: string, n: string, features: ScheduleFeatures): string[] | undefined {
  const a = call.args;
  const lit = (name: string, fallback: number) => numberLiteral(num(a, name, fallback));
  switch (call.op) {
    case 'constant':
      return ['return base;'];
    case 'step':
      return [`return base * ${lit('factor', 0.1)} ** Math.floor(${s} / Math.max(1, ${durationExpression(a['every'], 'Infinity')}));`];
    case 'exponential':
      return [`return base * ${lit('rate', 1)} ** (${s} / Math.max(1, ${durationExpression(a['every'] ?? { amount: 1, unit: 'epochs' }, 'stepsPerEpoch')}));`];
    case 'cosine': {
      features.fraction = true;
      const to = lit('to', 0);
      return [`return ${to} + (base - ${to}) * 0.5 * (1 + Math.cos(Math.PI * fraction(${s}, ${n})));`];
    }
    case 'linear': {
      features.fraction = true;
      const to = lit('to', 0);
      return [`return base + (${to} - base) * fraction(${s}, ${n});`];
    }
    case 'warmup': {
      const from = num(a, 'from', 0);
      const length = durationExpression(a['duration'], '1');
      const steps = /^\d+$/.test(length) ? String(Math.max(1, Number(length))) : `Math.max(1, ${length})`;
      const ramp = `Math.min(1, (${s} + 1) / ${steps})`;
      return [from === 0 ? `return base * ${ramp};` : `return base * (${numberLiteral(from)} + ${numberLiteral(1 - from)} * ${ramp});`];
    }
    case 'one_cycle': {
      const peak = typeof a['max_lr'] === 'number' ? numberLiteral(a['max_lr']) : 'base';
      return [
        `const peak = ${peak};`,
        `const low = peak / ${lit('div', 25)};`,
        `const end = low / ${lit('final_div', 1e4)};`,
        `const rise = Math.max(1, Math.round(${lit('pct_start', 0.3)} * ${n}));`,
        'const anneal = (from: number, to: number, t: number) => to + (from - to) * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, t)));',
        `if (${s} < rise) return anneal(low, peak, ${s} / rise);`,
        `return anneal(peak, end, (${s} - rise) / Math.max(1, ${n} - rise - 1));`,
      ];
    }
    default:
      return undefined;
  }
}

/**
 * The learning-rate function: segments in order, each taking its length
 * (`warmup`'s duration) or the rest of the run, as `segmentLengths` in the
 * catalog; a segment after one that takes the rest is never reached.
 */
function learningRateFunction(name: string, schedule: IrSchedule, baseLr: number, features: ScheduleFeatures): string[] | { problem: string } {
  const described = schedule.lr.length === 0 ? 'constant' : schedule.lr.map(specCall).join(' then ');
  const lines = [
    `/** lr ${described}, from the optimizer's rate ${numberLiteral(baseLr)}. */`,
    `function ${name}(step: number, totalSteps: number, stepsPerEpoch: number): number {`,
    `const base = ${numberLiteral(baseLr)};`,
  ];
  const segments = schedule.lr.length === 0 ? [{ op: 'constant', args: {} }] : schedule.lr;
  const needsTotal = segments.length > 1 || ['cosine', 'linear', 'one_cycle'].includes(segments[0].op);
  // The rate stays at its last value past the planned steps.
  if (needsTotal) lines.push('step = Math.min(step, Math.max(0, totalSteps - 1));');
  let start = '0';
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    const last = i === segments.length - 1;
    const hasLength = seg.op === 'warmup' && isDurationValue(seg.args['duration']);
    const s = start === '0' ? 'step' : `step - ${start}`;
    const left = start === '0' ? 'totalSteps' : `totalSteps - ${start}`;
    if (last || !hasLength) {
      const n = `${seg.op.replace(/_(.)/g, (_m, c: string) => c.toUpperCase())}Steps`;
      const formula = segmentFormula(seg, s, n, features);
      if (!formula) return { problem: `schedule \`${schedule.name}\`: the learning-rate schedule \`${seg.op}\` is not known to the TypeScript generator` };
      lines.push(`// ${i === 0 ? '' : 'then '}${specCall(seg)}${segments.length > 1 ? ': the rest of the run' : ''}`);
      if (formula.some((f) => f.includes(n))) lines.push(`const ${n} = ${left};`);
      lines.push(...formula);
      if (!last) lines.push(`// (${segments.slice(i + 1).map(specCall).join(' then ')} is never reached: ${seg.op} takes the rest of the run)`);
      break;
    }
    const n = `warmupSteps${i === 0 ? '' : i + 1}`;
    const formula = segmentFormula(seg, s, n, features)!;
    const wanted = durationExpression(seg.args['duration'], '0');
    const rounded = /^\d+$/.test(wanted) ? wanted : `Math.round(${wanted})`;
    lines.push(`// ${i === 0 ? '' : 'then '}${specCall(seg)}`);
    lines.push(`const ${n} = Math.min(${left}, ${rounded});`);
    lines.push(`if (step < ${start === '0' ? n : `${start} + ${n}`}) {`, ...formula, '}');
    start = start === '0' ? n : `${start} + ${n}`;
  }
  lines.push('}');
  return lines;
}

export interface ScheduleNames {
  /** The `Schedule` constant: `fast`. */
  constant: string;
  /** Its learning-rate function: `fastLearningRate`. */
  learningRate: string;
}

/** Whether a smaller value of the monitored quantity is better (loss, or a metric where lower is better). */
export type LowerIsBetter = (monitor: string) => boolean;

export function emitSchedule(schedule: IrSchedule, names: ScheduleNames, lowerIsBetter: LowerIsBetter): ScheduleResult {
  const features: ScheduleFeatures = { clipNorm: false, weightDecay: false, earlyStop: false, fraction: false };
  const problems: string[] = [];
  const baseLr = num(schedule.optimizer.args, 'lr', DEFAULT_LR[schedule.optimizer.op] ?? 0.001);
  const optimizer = optimizerCode(schedule.optimizer, numberLiteral(baseLr));
  if (!optimizer) problems.push(`schedule \`${schedule.name}\`: the optimizer \`${schedule.optimizer.op}\` is not known to the TypeScript generator`);
  const loss = lossCode(schedule.loss);
  if (!loss) problems.push(`schedule \`${schedule.name}\`: the loss \`${schedule.loss.op}\` is not known to the TypeScript generator`);
  const lr = learningRateFunction(names.learningRate, schedule, baseLr, features);
  if ('problem' in lr) problems.push(lr.problem);
  if (problems.length > 0 || 'problem' in lr) return { problems };

  const weightDecay = schedule.weight_decay ?? (schedule.optimizer.op === 'adamw' ? num(schedule.optimizer.args, 'weight_decay', 0.01) : 0);
  const fields = [
    `epochs: ${schedule.epochs},`,
    ...(schedule.batch !== undefined ? [`batchSize: ${schedule.batch},`] : []),
    `// optimizer ${specCall(schedule.optimizer)}`,
    `optimizer: () => ${optimizer},`,
    `learningRate: ${names.learningRate},`,
    `// loss ${specCall(schedule.loss)}`,
    `loss: ${loss},`,
  ];
  if (schedule.clip_norm !== undefined && schedule.clip_norm > 0) {
    features.clipNorm = true;
    fields.push(`// clip_norm ${numberLiteral(schedule.clip_norm)}: gradients are scaled together to this global norm at most`, `clipNorm: ${numberLiteral(schedule.clip_norm)},`);
  }
  if (weightDecay > 0) {
    features.weightDecay = true;
    fields.push('// decoupled weight decay: after each step, weights of rank 2 and more shrink by lr × this', `weightDecay: ${numberLiteral(weightDecay)},`);
  }
  if (schedule.early_stop) {
    features.earlyStop = true;
    const e = schedule.early_stop;
    fields.push(
      `// early_stop(monitor: ${e.monitor}, patience: ${e.patience}, min_delta: ${numberLiteral(e.min_delta)})`,
      `earlyStop: ${tsLiteral({ monitor: e.monitor, patience: e.patience, minDelta: e.min_delta, lowerIsBetter: lowerIsBetter(e.monitor) })},`,
    );
  }
  const header = `/** schedule ${schedule.name}: ${schedule.epochs} epoch${schedule.epochs === 1 ? '' : 's'}${schedule.batch !== undefined ? `, batch ${schedule.batch}` : ''}. */`;
  const text = [...lr, '', header, `const ${names.constant}: Schedule = {`, ...fields, '};'].join('\n');
  return { text, features };
}
