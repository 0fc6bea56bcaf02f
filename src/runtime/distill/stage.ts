// One `distill` step of an experiment: the student trained by the shared
// training loop (train/loop.ts) with the distillation objective instead of the
// schedule's loss. Before training, every teacher is evaluated once on the
// validation split with the schedule's metrics; being frozen, its numbers do
// not change, and they go on every epoch's line beside the student's
// (`teacher_val_accuracy` beside `val_accuracy`).

import type * as tfl from '@tensorflow/tfjs-layers';
import { findEntry } from '../../catalog/index.js';
import type { IrDistill, IrModel } from '../../ir/types.js';
import { RunError } from '../errors.js';
import { callArgs } from '../ir-values.js';
import { evaluate } from '../train/evaluate.js';
import { trainStage, type StageOutcome, type TrainStage } from '../train/loop.js';
import { targetFor } from '../train/targets.js';
import { buildProjection, studentProbe, type StudentHint } from './hints.js';
import { distillObjective } from './objective.js';
import { TeacherCache, Teachers } from './teachers.js';

export interface ModelPair {
  ir: IrModel;
  model: tfl.LayersModel;
}

export interface DistillStage extends Omit<TrainStage, 'ir' | 'model' | 'objective'> {
  distill: IrDistill;
  student: ModelPair;
  teachers: ModelPair[];
  /** Whether the training split is augmented (then the teachers run at every step). */
  augmented: boolean;
  /** Allows the teacher cache when the data is not augmented; default true. */
  cache?: boolean;
}

export interface DistillOutcome extends StageOutcome {
  /** Whether teacher outputs were cached, and how many batches the cache served. */
  cache: { used: boolean; hits: number; misses: number };
  /** Each teacher's validation metrics, by name. */
  teacherVal: Record<string, Record<string, number>>;
}

/** Where a hint's teacher layer lives: the first teacher that has it. */
function teacherOfLayer(teachers: readonly ModelPair[], layer: string, distill: string): number {
  const index = teachers.findIndex((t) => t.ir.nodes.some((n) => n.id === layer));
  if (index < 0) throw new RunError(`distillation \`${distill}\`: no teacher has the layer \`${layer}\` a hint names`);
  return index;
}

export async function distillStage(s: DistillStage): Promise<DistillOutcome> {
  const { distill, student, teachers, data, schedule } = s;
  if (teachers.length === 0) throw new RunError(`distillation \`${distill.name}\` has no teacher`);
  const hardEntry = findEntry(distill.hard_loss.op, 'loss');
  if (!hardEntry) throw new RunError(`distillation \`${distill.name}\`: unknown loss \`${distill.hard_loss.op}\``);
  const hardLoss = hardEntry.build(callArgs(distill.hard_loss));
  const scheduleLossEntry = findEntry(schedule.loss.op, 'loss');
  const valLoss = scheduleLossEntry ? scheduleLossEntry.build(callArgs(schedule.loss)) : hardLoss;

  const members = teachers.map((t) => ({ name: t.ir.name, model: t.model, inputNames: t.ir.inputs.map((i) => i.name) }));
  const teacherSet = new Teachers(
    members,
    distill.hints.map((h) => ({ teacher: teacherOfLayer(teachers, h.teacher, distill.name), layer: h.teacher })),
  );
  // Projections start from seeded weights like any layer.
  const hints: StudentHint[] = s.rng.run(() => distill.hints.map((h, i) => ({ layer: h.student, projection: buildProjection(student.ir, h.student, h.projection, i) })));
  const probe = studentProbe(student.model, hints);
  const target = targetFor(student.ir, data.features, data.name);
  const useCache = !s.augmented && s.cache !== false;
  const cache = useCache ? new TeacherCache(teachers.map((t) => Number(t.ir.output.shape[t.ir.output.shape.length - 1])), teacherSet.hintShapes) : undefined;

  // The teachers' (constant) validation metrics, once.
  const teacherVal: Record<string, Record<string, number>> = {};
  const extra: Record<string, number | string> = { distill: distill.name };
  if (data.sizes.val > 0) {
    for (const t of teachers) {
      const result = await evaluate(t.model, t.ir.inputs.map((i) => i.name), data, 'val', targetFor(t.ir, data.features, data.name), valLoss, s.metrics);
      teacherVal[t.ir.name] = result.values;
      const prefix = teachers.length === 1 ? 'teacher' : `teacher_${t.ir.name}`;
      for (const [k, v] of Object.entries(result.values)) extra[`${prefix}_val_${k}`] = v;
    }
  }

  const objective = distillObjective({
    probe,
    inputNames: student.ir.inputs.map((i) => i.name),
    teachers: teacherSet,
    hints,
    temperature: distill.temperature,
    alpha: distill.alpha,
    hardLoss,
    labels: target.of,
    cache,
  });
  try {
    const outcome = await trainStage({ ...s, ir: student.ir, model: student.model, objective: { ...objective, record: () => extra } });
    return { ...outcome, cache: { used: cache?.enabled ?? false, hits: cache?.hits ?? 0, misses: cache?.misses ?? 0 }, teacherVal };
  } finally {
    for (const h of hints) h.projection?.dispose();
  }
}
