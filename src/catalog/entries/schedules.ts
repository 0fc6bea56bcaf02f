// Learning-rate schedules. `lrAt` is the one definition both the runtime
// (the rate at each step) and the checker (e.g. a warmup longer than the
// run) use. Segments compose as `warmup(200 steps) then cosine(to: 1e-5)`:
// each segment sees its own step count from 0.

import { durationSteps, isDuration, type ArgValues, type Duration } from '../../types/values.js';
import type { ParamSpec, ScheduleContext, ScheduleEntry } from '../entry.js';
import { num } from '../rules.js';

function duration(args: ArgValues, name: string): Duration | undefined {
  const v = args[name];
  return isDuration(v) ? v : undefined;
}

const toParam: ParamSpec = { name: 'to', type: 'float', required: false, default: 0, range: { min: 0 }, doc: 'Learning rate at the end of the segment.' };

/** Fraction of the segment done, in [0, 1]. */
function progress(step: number, totalSteps: number): number {
  return totalSteps <= 1 ? 1 : Math.min(1, Math.max(0, step / (totalSteps - 1)));
}

export const constant: ScheduleEntry = {
  name: 'constant',
  kind: 'schedule',
  doc: 'Keeps the optimizer’s learning rate unchanged.',
  example: 'lr constant()',
  params: [],
  lrAt: (_step, _total, _args, ctx) => ctx.baseLr,
};

export const step: ScheduleEntry = {
  name: 'step',
  kind: 'schedule',
  doc: 'Multiplies the learning rate by `factor` every `every` (a duration), e.g. a tenfold drop every 10 epochs.',
  example: 'lr step(every: 10 epochs, factor: 0.1)',
  params: [
    { name: 'every', type: 'duration', required: true, range: { min: 0, minInclusive: false }, doc: 'Interval between drops.' },
    { name: 'factor', type: 'float', required: false, default: 0.1, range: { min: 0, max: 1, minInclusive: false }, doc: 'Multiplier applied at each drop.' },
  ],
  lrAt(s, _total, args, ctx) {
    const every = duration(args, 'every');
    const n = every ? Math.max(1, durationSteps(every, ctx.stepsPerEpoch)) : Infinity;
    return ctx.baseLr * (num(args, 'factor') ?? 0.1) ** Math.floor(s / n);
  },
};

export const exponential: ScheduleEntry = {
  name: 'exponential',
  kind: 'schedule',
  doc: 'Decays the learning rate smoothly by `rate` per `every` (by default one epoch): lr · rate^(step / every).',
  example: 'lr exponential(0.95)',
  params: [
    { name: 'rate', type: 'float', required: true, range: { min: 0, max: 1, minInclusive: false }, doc: 'Decay factor per interval.' },
    { name: 'every', type: 'duration', required: false, default: { amount: 1, unit: 'epochs' }, range: { min: 0, minInclusive: false }, doc: 'Interval over which the rate decays by `rate`.' },
  ],
  lrAt(s, _total, args, ctx) {
    const every = duration(args, 'every') ?? { amount: 1, unit: 'epochs' };
    const n = Math.max(1, durationSteps(every, ctx.stepsPerEpoch));
    return ctx.baseLr * (num(args, 'rate') ?? 1) ** (s / n);
  },
};

export const cosine: ScheduleEntry = {
  name: 'cosine',
  kind: 'schedule',
  doc: 'Cosine annealing from the optimizer’s learning rate down to `to` over the rest of the run (or of the segment).',
  example: 'lr warmup(200 steps) then cosine(to: 1e-5)',
  params: [toParam],
  lrAt(s, total, args, ctx) {
    const to = num(args, 'to') ?? 0;
    return to + (ctx.baseLr - to) * 0.5 * (1 + Math.cos(Math.PI * progress(s, total)));
  },
};

export const linear: ScheduleEntry = {
  name: 'linear',
  kind: 'schedule',
  doc: 'Changes the learning rate linearly from the optimizer’s rate to `to` over the rest of the run.',
  example: 'lr linear(to: 0)',
  params: [toParam],
  lrAt(s, total, args, ctx) {
    const to = num(args, 'to') ?? 0;
    return ctx.baseLr + (to - ctx.baseLr) * progress(s, total);
  },
};

export const oneCycle: ScheduleEntry = {
  name: 'one_cycle',
  kind: 'schedule',
  doc: 'The one-cycle policy: the rate rises from max_lr / div to `max_lr` (by default the optimizer’s rate) over the first `pct_start` of the run, then anneals (cosine) to max_lr / (div · final_div).',
  example: 'lr one_cycle(max_lr: 0.01)',
  params: [
    { name: 'max_lr', type: 'float', required: false, range: { min: 0, minInclusive: false }, doc: 'Peak learning rate; defaults to the optimizer’s.' },
    { name: 'pct_start', type: 'float', required: false, default: 0.3, range: { min: 0, max: 1, minInclusive: false, maxInclusive: false }, doc: 'Fraction of the run spent rising.' },
    { name: 'div', type: 'float', required: false, default: 25, range: { min: 1 }, doc: 'Starting rate is max_lr / div.' },
    { name: 'final_div', type: 'float', required: false, default: 1e4, range: { min: 1 }, doc: 'Final rate is the starting rate / final_div.' },
  ],
  lrAt(s, total, args, ctx) {
    const peak = num(args, 'max_lr') ?? ctx.baseLr;
    const start = peak / (num(args, 'div') ?? 25);
    const end = start / (num(args, 'final_div') ?? 1e4);
    const rise = Math.max(1, Math.round((num(args, 'pct_start') ?? 0.3) * total));
    const cos = (from: number, to: number, t: number) => to + (from - to) * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, t)));
    if (s < rise) return cos(start, peak, s / rise);
    return cos(peak, end, (s - rise) / Math.max(1, total - rise - 1));
  },
};

export const warmup: ScheduleEntry = {
  name: 'warmup',
  kind: 'schedule',
  doc: 'Raises the learning rate linearly from `from` × lr to lr over `duration`, then hands over to the next schedule: `warmup(200 steps) then cosine()`. Alone, it keeps lr after the warmup.',
  example: 'lr warmup(500 steps) then cosine(to: 1e-5)',
  params: [
    { name: 'duration', type: 'duration', required: true, range: { min: 0, minInclusive: false }, doc: 'Length of the warmup.' },
    { name: 'from', type: 'float', required: false, default: 0, range: { min: 0, max: 1 }, doc: 'Starting rate, as a fraction of lr.' },
  ],
  length: (args) => duration(args, 'duration'),
  lrAt(s, _total, args, ctx) {
    const d = duration(args, 'duration');
    const n = d ? Math.max(1, durationSteps(d, ctx.stepsPerEpoch)) : 1;
    const from = num(args, 'from') ?? 0;
    return ctx.baseLr * (from + (1 - from) * Math.min(1, (s + 1) / n));
  },
};

export const schedules: ScheduleEntry[] = [constant, step, exponential, cosine, linear, oneCycle, warmup];

/** One segment of `a then b then c`. */
export interface ScheduleSegment {
  entry: ScheduleEntry;
  args: ArgValues;
}

/**
 * Steps each segment of a composed schedule covers in a run of `totalSteps`:
 * a segment with a length (warmup) takes that many (at most what is left);
 * the first without one takes the rest, and any after it get 0.
 */
export function segmentLengths(segments: readonly ScheduleSegment[], totalSteps: number, stepsPerEpoch: number): number[] {
  let left = totalSteps;
  return segments.map((seg, i) => {
    const d = seg.entry.length?.(seg.args);
    const wanted = d && i < segments.length - 1 ? Math.round(durationSteps(d, stepsPerEpoch)) : left;
    const n = Math.max(0, Math.min(left, wanted));
    left -= n;
    return n;
  });
}

/** The learning rate at `step` (0-based) of a run under a composed schedule. */
export function learningRateAt(segments: readonly ScheduleSegment[], stepIndex: number, totalSteps: number, ctx: ScheduleContext): number {
  if (segments.length === 0) return ctx.baseLr;
  const lengths = segmentLengths(segments, totalSteps, ctx.stepsPerEpoch);
  let start = 0;
  for (let i = 0; i < segments.length; i++) {
    if (stepIndex < start + lengths[i] || i === segments.length - 1) {
      return segments[i].entry.lrAt(stepIndex - start, lengths[i], segments[i].args, ctx);
    }
    start += lengths[i];
  }
  return ctx.baseLr;
}
