import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { selectBackend } from '../../src/runtime/backend/index.js';
import { buildModel, countParams } from '../../src/runtime/model/build.js';
import { fileSystemIO } from '../../src/runtime/io/file-io.js';
import { RunError } from '../../src/runtime/errors.js';
import type { IrModel, IrNode } from '../../src/ir/types.js';
import { loadFixture, tempDir } from './helpers.js';

beforeAll(async () => {
  await selectBackend('cpu');
});

const f32 = (...shape: number[]) => ({ dtype: 'f32' as const, shape });

function node(id: string, op: string, inputs: string[], shape: number[], args: IrNode['args'] = {}, extra: Partial<IrNode> = {}): IrNode {
  return { id, op, args, inputs, type: f32(...shape), params: 0, trainable: true, ...extra };
}

/** A model with two inputs merged by concat, as the IR's lowering would write it. */
const twoInputs: IrModel = {
  name: 'fusion',
  inputs: [
    { name: 'a', type: f32(3) },
    { name: 'b', type: f32(2) },
  ],
  output: f32(2),
  nodes: [
    node('a', 'input', [], [3], {}, { inputName: 'a' }),
    node('b', 'input', [], [2], {}, { inputName: 'b' }),
    node('head/dense', 'dense', ['a'], [4], { units: 4, activation: 'relu', use_bias: true }),
    node('concat_1', 'concat', ['head/dense', 'b'], [6], { axis: -1 }),
    node('dense_1', 'dense', ['concat_1'], [2], { units: 2, activation: 'linear', use_bias: true }),
  ],
  outputNode: 'dense_1',
  params: { total: 30, trainable: 30 },
  flops: 0,
};

describe('building models from IR', () => {
  it('builds the digits MLP with one layer per node, named by the node ids, and the parameter count of the IR', async () => {
    const ir = loadFixture('digits.ir.json').models.mlp;
    const model = await buildModel(ir, { baseDir: '.' });
    expect(model.layers.map((l) => l.name)).toEqual(ir.nodes.map((n) => n.id));
    expect(countParams(model)).toEqual(ir.params);
    expect(model.outputs[0].shape).toEqual([null, 10]);
    model.dispose();
  });

  it('feeds several inputs through merges in the order the model declares them', async () => {
    const model = await buildModel(twoInputs, { baseDir: '.' });
    expect(model.inputs.map((i) => i.name.replace(/:\d+$/, ''))).toEqual(['a', 'b']);
    expect(countParams(model).total).toBe(twoInputs.params.total);
    const y = model.predict([tf.ones([5, 3]), tf.ones([5, 2])]) as tf.Tensor;
    expect(y.shape).toEqual([5, 2]);
    model.dispose();
  });

  it('saves in the tf.js Layers format through the file handler, and loads back with the same predictions', async () => {
    const dir = tempDir();
    const model = await buildModel(twoInputs, { baseDir: '.' });
    await model.save(fileSystemIO(dir));
    expect(fs.readdirSync(dir).sort()).toEqual(['model.json', 'weights.bin']);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['./weights.bin']);
    const loaded = await tfl.loadLayersModel(fileSystemIO(dir));
    const x = [tf.randomNormal([4, 3], 0, 1, 'float32', 1), tf.randomNormal([4, 2], 0, 1, 'float32', 2)];
    const a = await (model.predict(x) as tf.Tensor).data();
    const b = await (loaded.predict(x) as tf.Tensor).data();
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  it('loads a pretrained model cut at `until:` and frozen, as one layer of a new model', async () => {
    const dir = tempDir();
    const base = await buildModel(twoInputs, { baseDir: '.' });
    const single: IrModel = {
      name: 'base',
      inputs: [{ name: 'x', type: f32(3) }],
      output: f32(2),
      nodes: [
        node('x', 'input', [], [3], {}, { inputName: 'x' }),
        node('features', 'dense', ['x'], [4], { units: 4, activation: 'relu', use_bias: true }),
        node('logits', 'dense', ['features'], [2], { units: 2, activation: 'linear', use_bias: true }),
      ],
      outputNode: 'logits',
      params: { total: 26, trainable: 26 },
      flops: 0,
    };
    const saved = await buildModel(single, { baseDir: '.' });
    await saved.save(fileSystemIO(path.join(dir, 'base')));
    base.dispose();
    const finetuned: IrModel = {
      name: 'finetuned',
      inputs: [{ name: 'x', type: f32(3) }],
      output: f32(5),
      nodes: [
        node('x', 'input', [], [3], {}, { inputName: 'x' }),
        node('base', 'pretrained', ['x'], [4], { path: 'base/model.json', until: 'features', freeze: true }, { trainable: false }),
        node('head', 'dense', ['base'], [5], { units: 5, activation: 'linear', use_bias: true }),
      ],
      outputNode: 'head',
      params: { total: 16 + 25, trainable: 25 },
      flops: 0,
    };
    const model = await buildModel(finetuned, { baseDir: dir });
    expect(countParams(model)).toEqual(finetuned.params);
    // The pretrained part computes what the saved model's `features` layer did.
    const x = tf.randomNormal([2, 3], 0, 1, 'float32', 3);
    const cut = tfl.model({ inputs: saved.inputs, outputs: saved.getLayer('features').output as tfl.SymbolicTensor });
    const inner = model.getLayer('base') as tfl.LayersModel;
    expect(Array.from(await (inner.predict(x) as tf.Tensor).data())).toEqual(Array.from(await (cut.predict(x) as tf.Tensor).data()));
  });

  it('says which layer is missing when `until:` names none', async () => {
    const dir = tempDir();
    const saved = await buildModel(twoInputs, { baseDir: '.' });
    await saved.save(fileSystemIO(path.join(dir, 'm')));
    const ir: IrModel = {
      ...twoInputs,
      inputs: [{ name: 'a', type: f32(3) }],
      nodes: [node('a', 'input', [], [3], {}, { inputName: 'a' }), node('base', 'pretrained', ['a'], [4], { path: 'm/model.json', until: 'dense_9', freeze: true })],
      outputNode: 'base',
    };
    const error = await buildModel(ir, { baseDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunError);
    expect((error as RunError).message).toContain('has no layer `dense_9`');
    expect((error as RunError).notes[0]).toContain('head/dense');
  });
});
