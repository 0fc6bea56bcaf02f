// Transfer learning end to end, as a user does it: `kiln run` trains a tiny
// conv model into a project, then a second spec loads it with
// `pretrained(until:, freeze: true)` and trains a new head. Before the base
// model exists, `kiln check` warns (and names the command that saves it)
// instead of failing; once it exists the spec checks clean. After training,
// the frozen convolution weights are exactly the saved ones, and the head
// learned (test accuracy far above chance).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { selectBackend } from '../../src/runtime/backend/index.js';
import { fileSystemIO } from '../../src/runtime/io/file-io.js';
import { smallDigits, specProject } from './helpers.js';
import { runKiln } from '../helpers/cli.js';

/** `kiln` as a process, as CI runs it (plain progress lines). */
const cli = (args: string[], cwd: string) => runKiln(args, { cwd, env: { CI: '1' } });

// A small share of the digits keeps both runs quick.
const data = smallDigits({ train: 0.06, val: 0.02, test: 0.92 });

const baseSpec = `${data}
model tiny(image: f32[28, 28, 1]) -> f32[10] {
  image |> conv2d(4, 3, activation: relu) |> max_pool(2) |> flatten() |> dense(10)
}

schedule once {
  optimizer adam(lr: 1e-2)
  epochs 1
  loss cross_entropy()
}

experiment base {
  seed 1
  train tiny on digits with once
}
`;

const transferSpec = `${data}
model head(image: f32[28, 28, 1]) -> f32[10] {
  let convs = pretrained("runs/base/model/model.json", until: "flatten", freeze: true)
  image |> convs |> dense(10)
}

schedule head_only {
  optimizer adam(lr: 1e-2)
  epochs 1
  loss cross_entropy()
}

experiment transfer {
  seed 2
  train head on digits with head_only
  evaluate head on digits.test metrics [accuracy]
}
`;

async function weightsByName(modelJson: string): Promise<Map<string, Float32Array>> {
  const model = await tfl.loadLayersModel(fileSystemIO(modelJson));
  const byName = new Map<string, Float32Array>();
  for (const w of model.weights) byName.set(w.originalName, w.read().dataSync() as Float32Array);
  model.dispose();
  return byName;
}

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('transfer learning through kiln run', () => {
  it('trains a head on frozen convolutions loaded from an earlier run', async () => {
    const project = specProject('kiln-transfer-', { 'base.kiln': baseSpec, 'transfer.kiln': transferSpec });

    // Not saved yet: a warning that names the command, and exit 0.
    const early = cli(['check', 'transfer.kiln'], project);
    expect(early.code).toBe(0);
    expect(early.stdout + early.stderr).toContain('warning[K2511]');
    expect(early.stdout + early.stderr).toContain('`kiln run base.kiln --out runs/base` saves it');

    const base = cli(['run', 'base.kiln', '--out', 'runs/base', '--backend', 'wasm'], project);
    expect(base.stderr).toBe('');
    expect(base.code).toBe(0);
    const baseModel = path.join(project, 'runs', 'base', 'model', 'model.json');
    expect(fs.existsSync(baseModel)).toBe(true);

    const checked = cli(['check', 'transfer.kiln'], project);
    expect(checked.stdout + checked.stderr).not.toContain('K2511');
    expect(checked.code).toBe(0);

    const transfer = cli(['run', 'transfer.kiln', '--out', 'runs/transfer', '--backend', 'wasm'], project);
    expect(transfer.stderr).toBe('');
    expect(transfer.code).toBe(0);

    const saved = await weightsByName(baseModel);
    const tuned = await weightsByName(path.join(project, 'runs', 'transfer', 'model', 'model.json'));
    const convNames = [...saved.keys()].filter((name) => name.startsWith('conv2d/'));
    expect(convNames.sort()).toEqual(['conv2d/bias', 'conv2d/kernel']);
    for (const name of convNames) {
      expect(tuned.has(name)).toBe(true);
      expect(Array.from(tuned.get(name)!)).toEqual(Array.from(saved.get(name)!));
    }

    const summary = JSON.parse(fs.readFileSync(path.join(project, 'runs', 'transfer', 'summary.json'), 'utf8'));
    const { parameters, final } = summary.models.head;
    // Only the new head trains: 13 × 13 × 4 features → 10 classes.
    expect(parameters.trainable).toBe(13 * 13 * 4 * 10 + 10);
    expect(parameters.total).toBe(parameters.trainable + 3 * 3 * 4 + 4);
    expect(final.test.accuracy).toBeGreaterThan(0.5);
    tf.disposeVariables();
  }, 120_000);
});
