// No shape, count or check rule throws, whatever the inputs and however
// incomplete the arguments: the checker calls them on broken specs.

import { describe, expect, it } from 'vitest';
import { augmentationEntries, bindArguments, catalog, inferShape, isLayerEntry, lossEntries, metricEntries, transformEntries } from '../../src/catalog/index.js';
import { classLabel, f32, i32, tensor, type TensorType } from '../../src/types/tensor.js';
import { unknownValue, type ArgValues } from '../../src/types/values.js';

const types: TensorType[] = [f32(), f32(3), f32(1), f32('seq', 4), f32(null, null, 2), f32(2, 2, 2, 2), i32(5), classLabel(3), tensor('string', []), tensor('bool', [])];

function argVariants(entry: (typeof catalog)[number]): ArgValues[] {
  return [
    bindArguments(entry, []).args,
    bindArguments(
      entry,
      entry.params.map((p) => ({ name: p.name, value: unknownValue() })),
    ).args,
  ];
}

describe('rules never throw', () => {
  it('layers, activations and merges', () => {
    for (const entry of catalog.filter(isLayerEntry)) {
      for (const args of argVariants(entry)) {
        for (const a of types) {
          for (const inputs of [[], [a], [a, a], [a, f32(7)], [f32(7), a, a]]) {
            expect(() => {
              inferShape(entry, inputs, args);
              if (inputs.length >= entry.inputs.min) {
                entry.paramCount(inputs, args);
                entry.flops(inputs, args);
              }
            }, `${entry.name} on ${inputs.length} inputs`).not.toThrow();
          }
        }
      }
    }
  });

  it('transforms, augmentations, losses and metrics', () => {
    for (const entry of [...transformEntries, ...augmentationEntries]) {
      for (const args of argVariants(entry)) for (const t of types) expect(() => entry.shape(t, args), entry.name).not.toThrow();
    }
    for (const entry of [...lossEntries, ...metricEntries]) {
      for (const args of argVariants(entry)) for (const p of types) for (const t of types) expect(() => entry.check(p, t, args), entry.name).not.toThrow();
    }
  });
});
