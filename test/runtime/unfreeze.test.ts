// `pretrained(…, freeze: true, unfreeze: 1 epochs)` through the runtime: a
// tiny conv model is trained and saved, then a second spec trains a head on
// its frozen convolutions for one epoch and fine-tunes them from the second
// on. The checkpoint after epoch 1 still holds the saved convolution weights;
// the final model does not. The run says when it unfreezes and records it in
// metrics.jsonl, and a run resumed after the unfreeze epoch keeps training
// them, ending exactly where an uninterrupted run ends.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { selectBackend } from '../../src/runtime/backend/index.js';
import { fileSystemIO } from '../../src/runtime/io/file-io.js';
import { loadProgram } from '../../src/runtime/load-program.js';
import { runExperiment } from '../../src/runtime/run.js';
import { loadCheckpointTensors } from '../../src/runtime/train/checkpoint.js';
import { recordingReporter, smallDigits, tempDir, withoutTimings } from './helpers.js';

const data = smallDigits({ train: 0.03, val: 0.01, test: 0.96 });

const baseSpec = `${data}
model tiny(image: f32[28, 28, 1]) -> f32[10] {
  image |> conv2d(4, 3, activation: relu) |> max_pool(2) |> flatten() |> dense(10)
}
schedule once { optimizer adam(lr: 1e-2)  epochs 1  loss cross_entropy() }
experiment base { seed 1  train tiny on digits with once }
`;

const tuneSpec = `${data}
model head(image: f32[28, 28, 1]) -> f32[10] {
  let convs = pretrained("runs/base/model/model.json", until: "flatten", freeze: true, unfreeze: 1 epochs)
  image |> convs |> dense(10)
}
schedule fine_tune { optimizer adam(lr: 1e-2)  epochs 3  loss cross_entropy() }
experiment tune { seed 2  train head on digits with fine_tune }
`;

async function program(project: string, file: string) {
  const loaded = await loadProgram(file, project);
  if (!loaded.ok) throw new Error(`${file} does not check`);
  return loaded;
}

async function run(project: string, file: string, out: string, extra: Partial<Parameters<typeof runExperiment>[1]> = {}) {
  const p = await program(project, file);
  return runExperiment(p.program, { baseDir: p.baseDir, projectRoot: p.projectRoot, backend: 'wasm', out: path.join(project, out), ...extra });
}

async function savedWeights(modelJson: string): Promise<Map<string, number[]>> {
  const model = await tfl.loadLayersModel(fileSystemIO(modelJson));
  const byName = new Map(model.weights.map((w) => [w.originalName, Array.from(w.read().dataSync())]));
  model.dispose();
  return byName;
}

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('unfreezing pretrained layers after N epochs', () => {
  it('keeps them fixed for N epochs, trains them after, and resumes unfrozen', async () => {
    const project = tempDir('kiln-unfreeze-');
    fs.writeFileSync(path.join(project, 'kiln.json'), '{}\n');
    fs.writeFileSync(path.join(project, 'base.kiln'), baseSpec);
    fs.writeFileSync(path.join(project, 'tune.kiln'), tuneSpec);
    await run(project, 'base.kiln', 'runs/base', { reporter: recordingReporter() });
    const base = await savedWeights(path.join(project, 'runs', 'base', 'model', 'model.json'));
    const convNames = ['conv2d/kernel', 'conv2d/bias'];

    // Stopped at the end of epoch 1: the convolutions are still the saved ones.
    const reporter = recordingReporter();
    const first = await run(project, 'tune.kiln', 'runs/tune', { reporter, shouldStop: () => reporter.epochs.length >= 1 });
    expect(first.status).toBe('interrupted');
    expect(reporter.lines.join('\n')).not.toContain('unfreezing');
    const afterOne = loadCheckpointTensors(path.join(project, 'runs', 'tune'));
    // Checkpoints keep weights by position; the convolution's are the ones of its shapes.
    const checkpointed = Object.values(afterOne.weights);
    for (const [name, shape] of [['conv2d/kernel', '3,3,1,4'], ['conv2d/bias', '4']]) {
      const weight = checkpointed.find((t) => t.shape.join(',') === shape);
      expect(weight).toBeDefined();
      expect(Array.from(weight!.dataSync())).toEqual(base.get(name));
    }
    tf.dispose(Object.values(afterOne.weights));

    // Continued: epoch 2 unfreezes them; interrupted again after it.
    const second = recordingReporter();
    const resumed = await run(project, 'tune.kiln', 'runs/tune', { resume: true, reporter: second, shouldStop: () => second.epochs.length >= 1 });
    expect(resumed.status).toBe('interrupted');
    expect(second.lines).toContain('epoch 2: unfreezing conv2d, max_pool, flatten');

    // Resumed after the unfreeze epoch: they keep training, and the run ends where an uninterrupted one does.
    const third = recordingReporter();
    const done = await run(project, 'tune.kiln', 'runs/tune', { resume: true, reporter: third });
    expect(done.status).toBe('done');
    expect(third.lines.join('\n')).not.toContain('unfreezing');
    const full = await run(project, 'tune.kiln', 'runs/full', { reporter: recordingReporter() });
    expect(done.records.map(withoutTimings)).toEqual(full.records.map(withoutTimings));

    const lines = fs.readFileSync(path.join(project, 'runs', 'full', 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.split === 'train').map((l) => l.unfrozen)).toEqual([undefined, 'conv2d,max_pool,flatten', undefined]);

    const tuned = await savedWeights(path.join(project, 'runs', 'tune', 'model', 'model.json'));
    const fullTuned = await savedWeights(path.join(project, 'runs', 'full', 'model', 'model.json'));
    for (const name of convNames) {
      expect(tuned.get(name)).not.toEqual(base.get(name));
      expect(tuned.get(name)).toEqual(fullTuned.get(name));
    }
    tf.disposeVariables();
  }, 120_000);
});
