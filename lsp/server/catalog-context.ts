// Which catalog kinds a name means where it stands: `mse` is a loss after
// `loss` and a metric in `metrics [...]`; a name in a model pipeline is a
// layer, in `features` a transform, in `augment` an augmentation. Hover,
// signature help and inlay hints ask this from the AST; completion asks it
// from the tokens (see completion-context.ts), since the text being typed
// rarely parses.

import { findEntry, type CatalogEntry, type EntryKind } from '../../src/catalog/index.js';
import type { Node } from './ast-query.js';

export const layerKinds: EntryKind[] = ['layer', 'activation', 'merge'];
export const settingKinds: EntryKind[] = ['regularizer', 'callback'];

/** Catalog kinds for the setting a value belongs to (`optimizer adam()`, `lr cosine()`, `loss mse`). */
export function kindsForSetting(setting: string): EntryKind[] | undefined {
  switch (setting) {
    case 'optimizer':
      return ['optimizer'];
    case 'lr':
      return ['schedule'];
    case 'loss':
      return ['loss'];
    case 'metrics':
      return ['metric'];
    default:
      return undefined;
  }
}

/** The kinds a name at the end of `path` (outermost first) refers to; undefined when any kind may do. */
export function kindsAt(path: readonly Node[]): EntryKind[] | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    const n = path[i];
    switch (n.kind) {
      case 'Setting': {
        const forSetting = kindsForSetting(n.name.text);
        if (forSetting) return forSetting;
        // The call form of a setting (`early_stop(patience: 3)`) names a training-setting entry.
        if (n.args) return settingKinds;
        break;
      }
      case 'EvaluateStep':
        return ['metric'];
      case 'Features':
        return ['transform'];
      case 'Augment':
        return ['augmentation'];
      case 'Model':
      case 'Block':
      case 'Hint':
        return layerKinds;
    }
  }
  return undefined;
}

/** The catalog entry a callee or bare name means in its context. */
export function entryFor(name: string, kinds: EntryKind[] | undefined): CatalogEntry | undefined {
  return (kinds ? findEntry(name, ...kinds) : undefined) ?? findEntry(name);
}
