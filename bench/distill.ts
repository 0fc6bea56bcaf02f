// Benchmarks the overhead of a teacher: one distillation step against one
// plain training step of the same student, in the same run, on the same
// in-memory batches, with the teacher's outputs computed at every step (no
// cache, as on augmented data) and served from the teacher cache (plain
// data, from the second epoch on). The models are the teacher and student of
// examples/hinton-mnist.kiln, built from its IR.
// Run alone with `node dist/bench/distill.js [backend]`.
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend, type BackendRequest } from '../src/runtime/backend/index.js';
import { buildModel } from '../src/runtime/model/build.js';
import { buildOptimizer } from '../src/runtime/train/optimizer.js';
import { SeededRandom } from '../src/runtime/train/seeded-random.js';
import { supervisedObjective, trainStep, trainableVariables, type Objective } from '../src/runtime/train/step.js';
import { loadProgram } from '../src/runtime/load-program.js';
import { distillObjective } from '../src/runtime/distill/objective.js';
import { TeacherCache, Teachers } from '../src/runtime/distill/teachers.js';
import { findEntry } from '../src/catalog/index.js';
import type { Batch } from '../src/data/tensorize.js';
import type { Example } from '../src/data/example.js';

const BATCH = 100;
const BATCHES = 6;

export interface DistillBenchRow {
  name: string;
  msPerStep: number;
  note?: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

interface BenchBatch {
  image: tf.Tensor;
  label: tf.Tensor;
  /** Stand-ins for the examples, for the cache's keys (their origins). */
  examples: Example[];
}

function batches(): BenchBatch[] {
  return Array.from({ length: BATCHES }, (_, i) => ({
    image: tf.randomUniform([BATCH, 28, 28, 1], 0, 1, 'float32', i + 1),
    label: tf.oneHot(tf.randomUniform([BATCH], 0, 10, 'int32', i + 100) as tf.Tensor1D, 10),
    examples: Array.from({ length: BATCH }, (_, j) => ({ values: {}, origin: { file: 'bench', line: i * BATCH + j } })),
  }));
}

export async function benchDistill(backend: BackendRequest = 'wasm', rounds = 5): Promise<DistillBenchRow[]> {
  const choice = await selectBackend(backend);
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const loaded = await loadProgram(path.join(root, 'examples', 'hinton-mnist.kiln'), root);
  if (!loaded.ok) throw new Error('examples/hinton-mnist.kiln has errors');
  const ir = loaded.program;
  const distill = ir.distills['compress'];
  const schedule = ir.schedules['student_schedule'];
  const rng = new SeededRandom(1);
  const teacher = await rng.runAsync(() => buildModel(ir.models[distill.teachers[0]], { baseDir: loaded.baseDir }));
  const student = await rng.runAsync(() => buildModel(ir.models[distill.student], { baseDir: loaded.baseDir }));
  const loss = findEntry('cross_entropy', 'loss')!.build({ label_smoothing: 0 });
  const labels = (b: Batch) => tf.clone(b.features['label']);
  const teachers = new Teachers([{ name: distill.teachers[0], model: teacher, inputNames: ['image'] }], []);
  const settings = { probe: student, inputNames: ['image'], teachers, hints: [], temperature: distill.temperature, alpha: distill.alpha, hardLoss: loss, labels };
  const uncached = distillObjective(settings);
  const cache = new TeacherCache([10], []);
  const cached = distillObjective({ ...settings, cache });
  const plain = supervisedObjective(student, ['image'], labels, loss);
  const data = batches();

  const optimizer = buildOptimizer(schedule);
  const variables = trainableVariables([student]);
  const step = (objective: Objective, prepare?: (examples: readonly Example[], batch: Batch, epoch: number) => void) => async (b: BenchBatch) => {
    const batch: Batch = { size: BATCH, features: { image: b.image, label: b.label } };
    prepare?.(b.examples, batch, 0);
    const value = rng.run(() => trainStep(batch, objective, { optimizer, variables, lr: 1e-3 }));
    await value.data();
    value.dispose();
    // The teacher outputs the step added belong to the step.
    for (const [k, t] of Object.entries(batch.features)) if (k !== 'image' && k !== 'label') t.dispose();
  };
  const kinds = {
    plain: step(plain),
    uncached: step(uncached.objective, uncached.prepare),
    cached: step(cached.objective, cached.prepare),
  };
  const pass = async (fn: (b: BenchBatch) => Promise<void>) => {
    const start = performance.now();
    for (const b of data) await fn(b);
    return (performance.now() - start) / data.length;
  };
  // Warm up (this also fills the cache), then alternate so that load from other processes hits all alike.
  for (const fn of Object.values(kinds)) await pass(fn);
  const times: Record<keyof typeof kinds, number[]> = { plain: [], uncached: [], cached: [] };
  for (let r = 0; r < rounds; r++) for (const [k, fn] of Object.entries(kinds)) times[k as keyof typeof kinds].push(await pass(fn));
  const ms = { plain: median(times.plain), uncached: median(times.uncached), cached: median(times.cached) };
  teacher.dispose();
  student.dispose();
  tf.dispose(data.flatMap((b) => [b.image, b.label]));

  const label = `student ${ir.models[distill.student].params.total.toLocaleString('en-US')} params, teacher ${ir.models[distill.teachers[0]].params.total.toLocaleString('en-US')}, batch ${BATCH}, ${choice.name}`;
  return [
    { name: `${label}: plain training step`, msPerStep: ms.plain },
    { name: `${label}: distillation step, teacher run every step`, msPerStep: ms.uncached, note: `${(ms.uncached / ms.plain).toFixed(2)}x plain` },
    { name: `${label}: distillation step, teacher cached`, msPerStep: ms.cached, note: `${(ms.cached / ms.plain).toFixed(2)}x plain, ${(ms.uncached / ms.cached).toFixed(1)}x faster than uncached` },
  ];
}

export function formatDistillRows(rows: DistillBenchRow[]): string {
  const width = Math.max(...rows.map((r) => r.name.length));
  return rows.map((r) => `${r.name.padEnd(width)}  ${r.msPerStep.toFixed(1).padStart(7)} ms/step  ${r.note ?? ''}`.trimEnd()).join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const backend = (process.argv[2] ?? 'wasm') as BackendRequest;
  benchDistill(backend).then(
    (rows) => console.log(formatDistillRows(rows)),
    (error: unknown) => {
      console.error(`distillation benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
