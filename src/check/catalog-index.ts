// A name → entry index over the catalog, by kind, built once. The catalog's own
// `findEntry` scans every entry; the checker looks names up for every call in
// a workspace, so it reads this map instead.

import { catalog, type CatalogEntry, type EntryKind, type LayerEntry, type LossEntry, type MetricEntry, type OptimizerEntry, type ScheduleEntry, type SettingEntry, type TransformEntry } from '../catalog/index.js';
import { suggest } from '../util/suggest.js';

const byKind = new Map<EntryKind, Map<string, CatalogEntry>>();
for (const e of catalog) {
  let names = byKind.get(e.kind);
  if (!names) byKind.set(e.kind, (names = new Map()));
  if (!names.has(e.name)) names.set(e.name, e);
}

function lookup(name: string, kinds: readonly EntryKind[]): CatalogEntry | undefined {
  for (const k of kinds) {
    const e = byKind.get(k)?.get(name);
    if (e) return e;
  }
  return undefined;
}

export function namesOfKind(...kinds: EntryKind[]): string[] {
  return kinds.flatMap((k) => [...(byKind.get(k)?.keys() ?? [])]);
}

/** The nearest entry name among `kinds` only, for did-you-mean. */
export function suggestOfKind(name: string, ...kinds: EntryKind[]): string | undefined {
  return suggest(name, namesOfKind(...kinds));
}

export const layerKinds: readonly EntryKind[] = ['layer', 'activation', 'merge'];

export const findLayerEntry = (name: string) => lookup(name, layerKinds) as LayerEntry | undefined;
export const findTransform = (name: string) => lookup(name, ['transform']) as TransformEntry | undefined;
export const findAugmentation = (name: string) => lookup(name, ['augmentation']) as TransformEntry | undefined;
export const findOptimizer = (name: string) => lookup(name, ['optimizer']) as OptimizerEntry | undefined;
export const findSchedule = (name: string) => lookup(name, ['schedule']) as ScheduleEntry | undefined;
export const findLoss = (name: string) => lookup(name, ['loss']) as LossEntry | undefined;
export const findMetric = (name: string) => lookup(name, ['metric']) as MetricEntry | undefined;
export const findSetting = (name: string) => lookup(name, ['regularizer', 'callback']) as SettingEntry | undefined;
