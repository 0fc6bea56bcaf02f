// The catalog as name resolution sees it: which names are pipeline stages.

import type { Builtins } from '../resolve/resolve.js';
import { activations } from '../catalog/entries/activations.js';
import { convolutionLayers } from '../catalog/entries/convolution.js';
import { coreLayers } from '../catalog/entries/core-layers.js';
import { merges } from '../catalog/entries/merges.js';
import { sequenceLayers } from '../catalog/entries/sequence-layers.js';

/** Stage-like names that are structural rather than catalog entries. */
const structuralStages = ['pretrained'];

let cached: Builtins | undefined;

export function catalogBuiltins(): Builtins {
  if (cached) return cached;
  const names = new Set<string>([...[...activations, ...convolutionLayers, ...coreLayers, ...merges, ...sequenceLayers].map((e) => e.name), ...structuralStages]);
  cached = { isStage: (name) => names.has(name), stageNames: () => names };
  return cached;
}
