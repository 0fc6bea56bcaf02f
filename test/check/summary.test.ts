// `kiln summary`'s numbers are what tf.js reports: the checker's layer table
// for an example model is built with the catalog's builders (cpu backend)
// and every layer's parameter count, and the total, are compared.

import { describe, expect, it } from 'vitest';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { analyze } from '../../src/analysis/analyze.js';
import { totalParams, type ModelGraph } from '../../src/check/index.js';
import { renderSummary, summaryJson } from '../../src/cli/commands/summary.js';
import { toTfShape } from '../../src/types/tensor.js';

const repo = path.resolve(__dirname, '../..');

function graphOf(spec: string, model: string): ModelGraph {
  const file = path.join(repo, spec);
  const result = analyze([file], { cwd: repo });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return result.files.get(file)!.checked!.models.get(model)!;
}

/** Builds the graph with tf.js through the catalog entries, as a functional model. */
function build(g: ModelGraph): tfl.LayersModel {
  const values = new Map<string, tfl.SymbolicTensor>();
  const inputs: tfl.SymbolicTensor[] = [];
  for (const n of g.nodes) {
    if (n.op === 'input') {
      const t = tfl.input({ shape: toTfShape(n.type!).slice(1) as number[], name: n.id, dtype: n.type!.dtype === 'i32' ? 'int32' : 'float32' });
      inputs.push(t);
      values.set(n.id, t);
      continue;
    }
    const inTypes = n.inputs.map((id) => g.nodes.find((m) => m.id === id)!.type!);
    const layer = n.entry!.build(n.args, n.id, inTypes);
    const ins = n.inputs.map((id) => values.get(id)!);
    values.set(n.id, layer.apply(ins.length === 1 ? ins[0] : ins) as tfl.SymbolicTensor);
  }
  return tfl.model({ inputs, outputs: values.get(g.outputNode!)! });
}

describe('parameter counts agree with tf.js', () => {
  for (const [spec, model] of [
    ['examples/digits-cnn.kiln', 'cnn'],
    ['examples/digits.kiln', 'mlp'],
    ['test/cases/types/clean-multimodal.kiln', 'captioned'],
  ] as const) {
    it(`${spec} ${model}`, async () => {
      await tf.setBackend('cpu');
      const g = graphOf(spec, model);
      const built = build(g);
      for (const n of g.nodes) if (n.op !== 'input') expect(built.getLayer(n.id).countParams(), n.id).toBe(n.params);
      expect(built.countParams()).toBe(totalParams(g).total);
      built.dispose();
    });
  }
});

describe('summary output', () => {
  it('prints a table with totals and the same numbers as JSON', () => {
    const g = graphOf('examples/digits.kiln', 'mlp');
    const text = renderSummary(g);
    expect(text).toMatch(/^model mlp\n/);
    expect(text).toContain('mlp_head/dense');
    const json = summaryJson([g]);
    expect(json.models[0].name).toBe('mlp');
    expect(json.models[0].params).toBe(totalParams(g).total);
    expect(json.models[0].layers.map((l) => l.name)).toEqual(g.nodes.map((n) => n.id));
    expect(json.models[0].layers[1]).toEqual({ name: 'flatten', op: 'flatten', output_shape: [784], params: 0 });
    expect(text).toContain(`total params:      ${json.models[0].params!.toLocaleString('en-US')}`);
  });
});
