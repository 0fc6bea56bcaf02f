// The catalog: every entry Kiln knows, and lookups by kind and name.
// Adding a layer (or optimizer, loss, ...) is adding one entry to its file
// in entries/ and listing it here; everything else reads it from here.

import type { TensorType } from '../types/tensor.js';
import type { ArgValues } from '../types/values.js';
import { suggest } from '../util/suggest.js';
import type {
  ActivationEntry,
  CatalogEntry,
  EntryKind,
  LayerEntry,
  LossEntry,
  MetricEntry,
  OptimizerEntry,
  ScheduleEntry,
  SettingEntry,
  ShapeResult,
  TransformEntry,
} from './entry.js';
import { Codes, shapeProblem } from './problems.js';
import { activations } from './entries/activations.js';
import { augmentations } from './entries/augmentations.js';
import { convolutionLayers } from './entries/convolution.js';
import { coreLayers } from './entries/core-layers.js';
import { losses } from './entries/losses.js';
import { merges } from './entries/merges.js';
import { metrics } from './entries/metrics.js';
import { optimizers } from './entries/optimizers.js';
import { schedules } from './entries/schedules.js';
import { sequenceLayers } from './entries/sequence-layers.js';
import { trainingSettings } from './entries/training-settings.js';
import { transforms } from './entries/transforms.js';

export * from './entry.js';
export { bindArguments, type Argument, type ArgProblem, type BindResult } from './bind.js';
export { formatSignature, formatParam, formatParamType, formatRange, describeParamType, inRange, hoverMarkdown } from './signature.js';
export { argumentsSchema, paramSchema, type JsonSchema } from './json-schema.js';
export { learningRateAt, segmentLengths, type ScheduleSegment } from './entries/schedules.js';
export { activationNames } from './activation-names.js';
export { Codes as CatalogCodes } from './problems.js';

export const layerEntries: readonly LayerEntry[] = [...coreLayers, ...convolutionLayers, ...sequenceLayers];
export const activationEntries: readonly ActivationEntry[] = activations;
export const mergeEntries: readonly LayerEntry[] = merges;
export const transformEntries: readonly TransformEntry[] = transforms;
export const augmentationEntries: readonly TransformEntry[] = augmentations;
export const optimizerEntries: readonly OptimizerEntry[] = optimizers;
export const scheduleEntries: readonly ScheduleEntry[] = schedules;
export const lossEntries: readonly LossEntry[] = losses;
export const metricEntries: readonly MetricEntry[] = metrics;
export const settingEntries: readonly SettingEntry[] = trainingSettings;

/** Every entry, grouped by kind in the order of `entryKinds`. */
export const catalog: readonly CatalogEntry[] = [
  ...layerEntries,
  ...activationEntries,
  ...mergeEntries,
  ...transformEntries,
  ...augmentationEntries,
  ...optimizerEntries,
  ...scheduleEntries,
  ...lossEntries,
  ...metricEntries,
  ...settingEntries,
];

export type EntryOfKind<K extends EntryKind> = K extends 'layer'
  ? LayerEntry
  : K extends 'activation'
    ? ActivationEntry
    : K extends 'merge'
      ? LayerEntry
      : K extends 'transform' | 'augmentation'
        ? TransformEntry
        : K extends 'optimizer'
          ? OptimizerEntry
          : K extends 'schedule'
            ? ScheduleEntry
            : K extends 'loss'
              ? LossEntry
              : K extends 'metric'
                ? MetricEntry
                : SettingEntry;

export function entriesOfKind<K extends EntryKind>(...kinds: K[]): EntryOfKind<K>[] {
  return catalog.filter((e) => (kinds as EntryKind[]).includes(e.kind)) as EntryOfKind<K>[];
}

/** The entry called `name` among `kinds` (all kinds when omitted). Names are unique within a kind, not across (`mse` is a loss and a metric). */
export function findEntry<K extends EntryKind>(name: string, ...kinds: K[]): EntryOfKind<K> | undefined {
  return catalog.find((e) => e.name === name && (kinds.length === 0 || (kinds as EntryKind[]).includes(e.kind))) as EntryOfKind<K> | undefined;
}

/** Anything that can stand in a model pipeline: a layer, an activation or a merge. */
export function findLayer(name: string): LayerEntry | undefined {
  return findEntry(name, 'layer', 'activation', 'merge');
}

/** The nearest entry name among `kinds`, for did-you-mean. */
export function suggestEntry(name: string, ...kinds: EntryKind[]): string | undefined {
  const names = new Set(catalog.filter((e) => kinds.length === 0 || kinds.includes(e.kind)).map((e) => e.name));
  return suggest(name, names);
}

/**
 * The output type of a layer-like entry applied to `inputs`: checks the
 * number of inputs, then runs the entry's shape rule.
 */
export function inferShape(entry: LayerEntry, inputs: TensorType[], args: ArgValues): ShapeResult {
  const { min, max } = entry.inputs;
  if (inputs.length < min || (max !== undefined && inputs.length > max)) {
    const expected = max === min ? String(min) : max === undefined ? `at least ${min}` : `${min} to ${max}`;
    return shapeProblem(Codes.inputCount, { callee: entry.name, expected, found: inputs.length });
  }
  return entry.shape(inputs, args);
}
