// The catalog as name resolution sees it: which names are pipeline stages.

import type { Builtins } from '../resolve/resolve.js';
import { entriesOfKind } from '../catalog/index.js';

/** Stage-like names that are structural rather than catalog entries. */
const structuralStages = ['pretrained'];

let cached: Builtins | undefined;

export function catalogBuiltins(): Builtins {
  if (cached) return cached;
  const names = new Set<string>([...entriesOfKind('layer', 'activation', 'merge').map((e) => e.name), ...structuralStages]);
  cached = { isStage: (name) => names.has(name), stageNames: () => names };
  return cached;
}
