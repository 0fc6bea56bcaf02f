import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { runExperiment } from '../../src/runtime/run.js';
import { RunError } from '../../src/runtime/errors.js';
import { examplesDir, irisProgram, recordingReporter, tempDir, withoutTimings } from './helpers.js';

const base = { baseDir: examplesDir, backend: 'wasm' as const };

describe('training an experiment', () => {
  it('is reproducible: the same IR, seed and backend give identical metrics', async () => {
    const runs = [];
    for (let i = 0; i < 2; i++) {
      const out = path.join(tempDir(), 'run');
      runs.push(await runExperiment(irisProgram(), { ...base, out, epochs: 3 }));
    }
    expect(runs[0].records.map(withoutTimings)).toEqual(runs[1].records.map(withoutTimings));
    // Dropout-free but shuffled and freshly initialised: a different seed gives a different run.
    const other = await runExperiment(irisProgram((p) => (p.experiments.iris.seed = 2)), { ...base, out: path.join(tempDir(), 'run'), epochs: 3 });
    expect(other.records.map(withoutTimings)).not.toEqual(runs[0].records.map(withoutTimings));
  });

  it('keeps the number of tensors flat from epoch to epoch', async () => {
    const counts: number[] = [];
    const reporter = recordingReporter(() => counts.push(tf.memory().numTensors));
    await runExperiment(irisProgram(), { ...base, out: path.join(tempDir(), 'run'), epochs: 4, reporter });
    expect(counts).toHaveLength(4);
    expect(new Set(counts.slice(1)).size).toBe(1);
  });

  it('resumes after an interruption and ends with the same metrics as an uninterrupted run', async () => {
    const full = await runExperiment(irisProgram(), { ...base, out: path.join(tempDir(), 'run'), epochs: 3 });

    const out = path.join(tempDir(), 'run');
    const reporter = recordingReporter();
    const first = await runExperiment(irisProgram(), { ...base, out, epochs: 3, reporter, shouldStop: () => reporter.steps >= 10 });
    expect(first.status).toBe('interrupted');
    const state = JSON.parse(fs.readFileSync(path.join(out, 'checkpoint', 'state.json'), 'utf8'));
    expect(state.globalStep).toBe(10);
    expect(fs.existsSync(path.join(out, 'summary.json'))).toBe(false);

    const resumed = await runExperiment(irisProgram(), { ...base, out, resume: true });
    expect(resumed.status).toBe('done');
    expect(resumed.records.map(withoutTimings)).toEqual(full.records.map(withoutTimings));
    expect(resumed.summary?.models.flower_net.final).toEqual(full.summary?.models.flower_net.final);
  });

  it('stops with a clear message naming the step when the loss becomes NaN', async () => {
    const program = irisProgram((p) => {
      p.schedules.gentle.optimizer = { op: 'sgd', args: { lr: 1e30 } };
    });
    const out = path.join(tempDir(), 'run');
    const error = await runExperiment(program, { ...base, out, epochs: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunError);
    expect((error as RunError).message).toMatch(/the training loss became (NaN|infinite) at step \d+ \(epoch \d+, batch \d+\)/);
    expect((error as RunError).notes.join('\n')).toMatch(/checkpoint/);
  });

  it('stops early when the monitored metric stops improving', async () => {
    const program = irisProgram((p) => {
      p.schedules.gentle.optimizer = { op: 'sgd', args: { lr: 1e-9 } };
      p.schedules.gentle.early_stop = { monitor: 'val_loss', patience: 1, min_delta: 1 };
    });
    const reporter = recordingReporter();
    const run = await runExperiment(program, { ...base, out: path.join(tempDir(), 'run'), epochs: 10, reporter });
    expect(run.summary?.models.flower_net.stopped_early).toBe(true);
    expect(run.records.filter((r) => r.split === 'train')).toHaveLength(3);
    expect(reporter.lines.join('\n')).toMatch(/stopped early/);
  });

  it('follows the schedule: warmup then cosine, step by step', async () => {
    const program = irisProgram((p) => {
      p.schedules.gentle.lr = [
        { op: 'warmup', args: { duration: { amount: 7, unit: 'steps' }, from: 0 } },
        { op: 'cosine', args: { to: 0 } },
      ];
    });
    const run = await runExperiment(program, { ...base, out: path.join(tempDir(), 'run'), epochs: 3 });
    const lrs = run.records.filter((r) => r.split === 'train').map((r) => r.lr!);
    // 105 rows in batches of 16: 7 steps an epoch; the warmup ends with epoch 1 at the full rate.
    expect(lrs[0]).toBeCloseTo(1e-2, 8);
    expect(lrs[1]).toBeLessThan(lrs[0]);
    expect(lrs[2]).toBeCloseTo(0, 8);
  });
});
