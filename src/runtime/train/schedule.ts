// The learning rate at every step of a run, from an IR schedule: the
// optimizer's base rate shaped by the composed segments
// (`warmup(100 steps) then cosine(to: 1e-5)`), using the catalog's one
// definition of each segment so the checker and the runtime agree.

import { findEntry, learningRateAt, type ScheduleSegment } from '../../catalog/index.js';
import type { IrSchedule } from '../../ir/types.js';
import { RunError } from '../errors.js';
import { callArgs } from '../ir-values.js';

export interface LearningRatePlan {
  baseLr: number;
  totalSteps: number;
  stepsPerEpoch: number;
  at(step: number): number;
}

export function learningRatePlan(schedule: IrSchedule, baseLr: number, stepsPerEpoch: number, epochs: number): LearningRatePlan {
  const segments: ScheduleSegment[] = schedule.lr.map((call) => {
    const entry = findEntry(call.op, 'schedule');
    if (!entry) throw new RunError(`schedule \`${schedule.name}\`: unknown learning-rate schedule \`${call.op}\``);
    return { entry, args: callArgs(call) };
  });
  const totalSteps = stepsPerEpoch * epochs;
  const ctx = { baseLr, stepsPerEpoch };
  return {
    baseLr,
    totalSteps,
    stepsPerEpoch,
    at: (step) => learningRateAt(segments, Math.min(step, Math.max(0, totalSteps - 1)), totalSteps, ctx),
  };
}
