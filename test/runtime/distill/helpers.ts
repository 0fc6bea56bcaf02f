// A tiny distillation spec on the iris CSV, written to a temporary folder
// with its data, and what the distillation tests build from it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadProgram } from '../../../src/runtime/load-program.js';
import type { IrProgram } from '../../../src/ir/types.js';
import { examplesDir, tempDir } from '../helpers.js';

export const tinySpec = (experiments: string, distills = '') => `
data flowers {
  source = csv("iris.csv", header: true)
  fields {
    sepal_length: float
    sepal_width: float
    petal_length: float
    petal_width: float
    species: string
  }
  features {
    sepal_length: f32[1] = sepal_length |> standardize()
    sepal_width: f32[1] = sepal_width |> standardize()
    petal_length: f32[1] = petal_length |> standardize()
    petal_width: f32[1] = petal_width |> standardize()
    label: class[3] = species
  }
  split { train: 0.7, val: 0.1, test: 0.2, stratify: label }
  seed 3
  batch 16
  shuffle 200
}

model big(sepal_length: f32[1], sepal_width: f32[1], petal_length: f32[1], petal_width: f32[1]) -> f32[3] {
  concat(sepal_length, sepal_width, petal_length, petal_width) |> dense(24, activation: relu) |> dropout(0.3) |> dense(3)
}

model other(sepal_length: f32[1], sepal_width: f32[1], petal_length: f32[1], petal_width: f32[1]) -> f32[3] {
  concat(sepal_length, sepal_width, petal_length, petal_width) |> dense(12, activation: tanh) |> dense(3)
}

model small(sepal_length: f32[1], sepal_width: f32[1], petal_length: f32[1], petal_width: f32[1]) -> f32[3] {
  concat(sepal_length, sepal_width, petal_length, petal_width) |> dense(6, activation: relu) |> dense(3)
}

schedule quick {
  optimizer adam(lr: 1e-2)
  epochs 2
  loss cross_entropy()
  metrics [accuracy]
}

distill compress {
  teacher big
  student small
  temperature 4
  alpha 0.7
}
${distills}
${experiments}
`;

/** Writes the spec beside a copy of the iris CSV; returns the spec's path. */
export function writeTinySpec(experiments: string, distills = ''): string {
  const dir = tempDir('kiln-distill-');
  fs.copyFileSync(path.join(examplesDir, 'data', 'iris.csv'), path.join(dir, 'iris.csv'));
  const spec = path.join(dir, 'tiny.kiln');
  fs.writeFileSync(spec, tinySpec(experiments, distills));
  return spec;
}

export async function loadTiny(experiments: string, distills = ''): Promise<{ program: IrProgram; baseDir: string; spec: string }> {
  const spec = writeTinySpec(experiments, distills);
  const loaded = await loadProgram(spec, path.dirname(spec));
  if (!loaded.ok) throw new Error(`the tiny spec has errors: ${loaded.analysis.diagnostics.map((d) => d.message).join('; ')}`);
  return { program: loaded.program, baseDir: loaded.baseDir, spec };
}
