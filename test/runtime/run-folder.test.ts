import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { runExperiment } from '../../src/runtime/run.js';
import { fileSystemIO } from '../../src/runtime/io/file-io.js';
import { readMetrics } from '../../src/runtime/metrics-log.js';
import { examplesDir, irisProgram, tempDir } from './helpers.js';

describe('the run folder', () => {
  it('holds the spec, the IR, metrics per epoch, the test evaluation last, a summary, the model and a report', async () => {
    const runsDir = tempDir();
    const run = await runExperiment(irisProgram(), { baseDir: examplesDir, backend: 'wasm', runsDir, epochs: 3, specFile: path.join(examplesDir, 'iris.kiln') });
    expect(path.dirname(run.folder)).toBe(path.join(runsDir, 'iris'));
    expect(path.basename(run.folder)).toMatch(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d/);
    const files = fs.readdirSync(run.folder).sort();
    // stats.json: the standardize statistics and class names fitted on the training split.
    expect(files).toEqual(['checkpoint', 'ir.json', 'metrics.jsonl', 'model', 'report.html', 'run.json', 'spec.kiln', 'stats.json', 'summary.json']);
    expect(JSON.parse(fs.readFileSync(path.join(run.folder, 'ir.json'), 'utf8'))).toEqual(irisProgram());

    const records = readMetrics(path.join(run.folder, 'metrics.jsonl'));
    expect(records.map((r) => r.split)).toEqual(['train', 'train', 'train', 'test']);
    for (const r of records.slice(0, 3)) {
      for (const key of ['epoch', 'step', 'lr', 'loss', 'val_loss', 'val_accuracy', 'examples_per_sec', 'seconds']) expect(typeof r[key]).toBe('number');
    }
    const test = records[3];
    expect(test.accuracy).toBeGreaterThanOrEqual(0);
    expect(test.accuracy).toBeLessThanOrEqual(1);

    const summary = JSON.parse(fs.readFileSync(path.join(run.folder, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ experiment: 'iris', backend: 'wasm', seed: 1, data: { flowers: { train: 105, val: 15, test: 30 } } });
    expect(summary.models.flower_net.parameters).toEqual({ total: 403, trainable: 403 });
    expect(summary.models.flower_net.final.test.accuracy).toBe(test.accuracy);
    expect(summary.duration_seconds).toBeGreaterThan(0);

    // The saved model loads with tf.loadLayersModel and predicts the three species' scores.
    const model = await tfl.loadLayersModel(fileSystemIO(path.join(run.folder, 'model')));
    const y = model.predict([0, 1, 2, 3].map(() => tf.zeros([2, 1]))) as tf.Tensor;
    expect(y.shape).toEqual([2, 3]);

    const html = fs.readFileSync(path.join(run.folder, 'report.html'), 'utf8');
    expect(html.match(/<svg /g)).toHaveLength(3); // loss, accuracy, learning rate
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it('refuses to write into a folder that is not empty, unless resuming', async () => {
    const out = tempDir();
    fs.writeFileSync(path.join(out, 'notes.txt'), 'mine');
    await expect(runExperiment(irisProgram(), { baseDir: examplesDir, out, epochs: 1 })).rejects.toThrow(/is not empty/);
  });
});
