// Distillation through the runtime: the teacher is frozen, the cache changes
// nothing but the speed, ensembles and hints train end to end, and both
// models' metrics land in metrics.jsonl.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { runExperiment } from '../../../src/runtime/run.js';
import { RunError } from '../../../src/runtime/errors.js';
import { prepareData } from '../../../src/runtime/data/prepare.js';
import { buildModel } from '../../../src/runtime/model/build.js';
import { distillStage } from '../../../src/runtime/distill/stage.js';
import { buildMetrics } from '../../../src/runtime/train/evaluate.js';
import { SeededRandom } from '../../../src/runtime/train/seeded-random.js';
import { MetricsLog } from '../../../src/runtime/metrics-log.js';
import { silentReporter } from '../../../src/runtime/progress.js';
import { selectBackend } from '../../../src/runtime/backend/index.js';
import { fileSystemIO } from '../../../src/runtime/io/file-io.js';
import { readMetrics } from '../../../src/runtime/metrics-log.js';
import { spawnSync } from 'node:child_process';
import { recordingReporter, repoRoot, tempDir, withoutTimings } from '../helpers.js';
import { loadTiny, writeTinySpec } from './helpers.js';

const backend = 'cpu' as const;

/** Runs one distill step of the tiny program directly, with fresh (seeded) teacher and student. */
async function directDistill(distillName: string, options: { cache?: boolean; augmented?: boolean; distills?: string } = {}) {
  await selectBackend(backend);
  const { program, baseDir } = await loadTiny('experiment e { seed 1 train big on flowers with quick }', options.distills);
  const d = program.distills[distillName];
  const data = await prepareData(program.data.flowers, { specDir: baseDir, projectRoot: baseDir });
  const rng = new SeededRandom(5);
  const teachers = [];
  for (const t of d.teachers) teachers.push({ ir: program.models[t], model: await rng.runAsync(() => buildModel(program.models[t], { baseDir })) });
  const student = { ir: program.models[d.student], model: await rng.runAsync(() => buildModel(program.models[d.student], { baseDir })) };
  const runDir = tempDir();
  const teacherBefore = teachers.map((t) => t.model.getWeights().map((w) => Array.from(w.dataSync())));
  const studentBefore = student.model.getWeights().map((w) => Array.from(w.dataSync()));
  const outcome = await distillStage({
    stage: 0,
    distill: d,
    student,
    teachers,
    augmented: options.augmented ?? false,
    cache: options.cache,
    data,
    schedule: program.schedules.quick,
    epochs: 3,
    metrics: buildMetrics(['accuracy']),
    rng,
    runDir,
    log: new MetricsLog(path.join(runDir, 'metrics.jsonl')),
    reporter: silentReporter,
    shouldStop: () => false,
    elapsed: () => 0,
  });
  return { outcome, teachers, student, teacherBefore, studentBefore, log: readMetrics(path.join(runDir, 'metrics.jsonl')) };
}

const weightsOf = (m: tfl.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

describe('a distillation step', () => {
  it('trains the student and leaves the teacher exactly as it was', async () => {
    const r = await directDistill('compress');
    expect(r.outcome.status).toBe('done');
    expect(weightsOf(r.teachers[0].model)).toEqual(r.teacherBefore[0]);
    expect(weightsOf(r.student.model)).not.toEqual(r.studentBefore);
  });

  it('gives the same student with and without the teacher cache, and the cache serves every batch after the first epoch', async () => {
    const cached = await directDistill('compress', { cache: true });
    const plain = await directDistill('compress', { cache: false });
    const stepsPerEpoch = Math.ceil(105 / 16);
    expect(cached.outcome.cache).toEqual({ used: true, hits: 2 * stepsPerEpoch, misses: stepsPerEpoch });
    expect(plain.outcome.cache.used).toBe(false);
    const a = weightsOf(cached.student.model).flat();
    const b = weightsOf(plain.student.model).flat();
    expect(a.length).toBe(b.length);
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i], 5);
    expect(cached.log.map((r) => withoutTimings(r).loss)).toEqual(plain.log.map((r) => withoutTimings(r).loss));
  });

  it('does not cache when the training data is augmented', async () => {
    const r = await directDistill('compress', { augmented: true });
    expect(r.outcome.cache).toEqual({ used: false, hits: 0, misses: 0 });
  });

  it('distills from an ensemble and trains a hint projection shaped by the checker', async () => {
    const distills = `
distill both {
  teacher [big, other]
  student small
  temperature 2
  alpha 0.5
  hint small.dense <- big.dense via dense
}`;
    const { program } = await loadTiny('experiment e { seed 1 train big on flowers with quick }', distills);
    expect(program.distills.both.hints).toEqual([{ student: 'dense', teacher: 'dense', projection: { op: 'dense', args: expect.objectContaining({ units: 24 }) } }]);
    const r = await directDistill('both', { distills });
    expect(r.outcome.status).toBe('done');
    r.teachers.forEach((t, i) => expect(weightsOf(t.model)).toEqual(r.teacherBefore[i]));
    // Both teachers are measured beside the student.
    expect(r.log[0]).toMatchObject({ model: 'small', distill: 'both' });
    expect(typeof r.log[0]['teacher_big_val_accuracy']).toBe('number');
    expect(typeof r.log[0]['teacher_other_val_accuracy']).toBe('number');
  });

  it('trains the hint projection: the hint term falls', async () => {
    // With alpha 1 and a huge temperature the soft term is nearly flat, so the loss is mostly the hint's MSE.
    const distills = `
distill hinted {
  teacher big
  student small
  temperature 50
  alpha 1
  hint small.dense <- big.dense via dense
}`;
    const r = await directDistill('hinted', { distills });
    const losses = r.log.filter((x) => x.split === 'train').map((x) => x.loss as number);
    expect(losses).toHaveLength(3);
    expect(losses[2]).toBeLessThan(losses[0]);
  });
});

describe('distillation in an experiment', () => {
  it('carries the trained teacher over, logs both models and saves a student that loads with tf.loadLayersModel', async () => {
    const { program, baseDir } = await loadTiny(`
experiment kd {
  seed 1
  train big on flowers with quick
  distill compress on flowers with quick
}`);
    const out = path.join(tempDir(), 'run');
    const result = await runExperiment(program, { baseDir, out, backend, epochs: 1 });
    expect(result.status).toBe('done');
    const records = readMetrics(path.join(out, 'metrics.jsonl'));
    const teacherTrain = records.find((r) => r.model === 'big' && r.split === 'train')!;
    const studentTrain = records.find((r) => r.model === 'small' && r.split === 'train')!;
    // The teacher's validation numbers, measured after its training, stand beside the student's.
    expect(studentTrain['teacher_val_accuracy']).toBe(teacherTrain['val_accuracy']);
    expect(typeof studentTrain['val_accuracy']).toBe('number');
    expect(records.filter((r) => r.split === 'test').map((r) => r.model).sort()).toEqual(['big', 'small']);
    expect(Object.keys(result.summary!.models).sort()).toEqual(['big', 'small']);
    const saved = await tfl.loadLayersModel(fileSystemIO(path.join(out, 'model', 'small')));
    expect(saved.outputs[0].shape).toEqual([null, 3]);
    const x = tf.ones([2, 1]);
    expect((saved.predict([x, x, x, x]) as tf.Tensor).shape).toEqual([2, 3]);
    // The report draws the teacher's validation accuracy beside the student's curve.
    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).toContain('small teacher val accuracy');
    expect(html).toContain('small val accuracy');
  });

  it('resumes an interrupted distillation and ends where an uninterrupted run ends', async () => {
    const spec = `
experiment kd {
  seed 1
  train big on flowers with quick
  distill compress on flowers with quick
}`;
    const { program, baseDir } = await loadTiny(spec);
    const full = await runExperiment(program, { baseDir, out: path.join(tempDir(), 'run'), backend, epochs: 2 });
    const out = path.join(tempDir(), 'run');
    const reporter = recordingReporter();
    // 14 steps train the teacher (2 epochs of 7); stop in the student's first epoch.
    const first = await runExperiment(program, { baseDir, out, backend, epochs: 2, reporter, shouldStop: () => reporter.steps >= 17 });
    expect(first.status).toBe('interrupted');
    expect(first.stoppedAt?.model).toBe('small');
    const resumed = await runExperiment(program, { baseDir, out, backend, epochs: 2, resume: true });
    expect(resumed.status).toBe('done');
    const strip = (rs: typeof full.records) => rs.map((r) => withoutTimings(r));
    const a = strip(full.records);
    const b = strip(resumed.records);
    expect(b.map((r) => [r.model, r.split, r.epoch])).toEqual(a.map((r) => [r.model, r.split, r.epoch]));
    a.forEach((r, i) => expect(b[i].loss as number).toBeCloseTo(r.loss as number, 5));
  });

  it('refuses a teacher that was never trained or loaded', async () => {
    const { program, baseDir } = await loadTiny('experiment e { seed 1 train big on flowers with quick }');
    program.experiments.e.steps = [{ kind: 'distill', distill: 'compress', data: 'flowers', schedule: 'quick' }];
    await expect(runExperiment(program, { baseDir, out: path.join(tempDir(), 'run'), backend, epochs: 1 })).rejects.toThrow(RunError);
    await expect(runExperiment(program, { baseDir, out: path.join(tempDir(), 'run'), backend, epochs: 1 })).rejects.toThrow(/teacher `big` of `compress` is neither trained/);
  });
});

describe('kiln run with a distill step', () => {
  it('trains the teacher, distills the student and reports both', () => {
    const spec = writeTinySpec(`
experiment kd {
  seed 1
  train big on flowers with quick
  distill compress on flowers with quick
  evaluate small on flowers.test metrics [accuracy]
}`);
    const cwd = path.dirname(spec);
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'kiln.js'), 'run', spec, '--epochs', '1', '--backend', 'cpu', '--out', 'run'], { cwd, encoding: 'utf8', env: { ...process.env, CI: '1', NO_COLOR: '1' } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/model big: [\d,]+ parameters · model small: [\d,]+ parameters/);
    expect(r.stdout).toMatch(/epoch 1\/1 .*val_accuracy [\d.]+ {2}teacher_val_loss [\d.]+ {2}teacher_val_accuracy [\d.]+/);
    expect(r.stdout).toMatch(/big\s+test\s+[\d.]+\s+[\d.]+/);
    expect(r.stdout).toMatch(/small\s+test\s+[\d.]+\s+[\d.]+/);
    const records = readMetrics(path.join(cwd, 'run', 'metrics.jsonl'));
    expect(records.filter((x) => x.split === 'train').map((x) => x.model)).toEqual(['big', 'small']);
    expect(fs.existsSync(path.join(cwd, 'run', 'model', 'small', 'model.json'))).toBe(true);
  });
});
