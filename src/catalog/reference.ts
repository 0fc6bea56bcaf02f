// Renders docs/reference.md from the catalog: one section per kind, one
// subsection per entry with its signature, documentation, example and a
// table of parameters. The generator script writes the result; a test
// keeps the committed page in step with the catalog.

import { formatArgValue } from '../types/values.js';
import type { CatalogEntry, EntryKind, ParamSpec } from './entry.js';
import { entryKinds } from './entry.js';
import { catalog } from './index.js';
import { formatParamType, formatRange, formatSignature } from './signature.js';

const sectionTitles: Record<EntryKind, { title: string; intro: string }> = {
  layer: { title: 'Layers', intro: 'Layers transform one value in a model pipeline (`x |> dense(64)`). Shapes exclude the batch dimension.' },
  activation: { title: 'Activations', intro: 'Usable as layers (`|> relu()`) and as `activation:` arguments (`dense(64, activation: relu)`).' },
  merge: { title: 'Merges', intro: 'Merges combine several values (`concat(a, b)`), including the multimodal fusion operations.' },
  transform: { title: 'Data transforms', intro: 'Per-feature transforms in a data block’s `features` (`pixels |> scale(1 / 255)`).' },
  augmentation: { title: 'Augmentations', intro: 'Random transforms in a data block’s `augment`, applied to the training split only. None changes a feature’s type.' },
  optimizer: { title: 'Optimizers', intro: 'Written `optimizer adam(lr: 1e-3)` in a schedule block.' },
  schedule: { title: 'Learning-rate schedules', intro: 'Written `lr cosine()` in a schedule block; compose with `then`: `lr warmup(200 steps) then cosine(to: 1e-5)`.' },
  loss: { title: 'Losses', intro: 'Models output raw scores (logits); losses apply softmax or sigmoid themselves.' },
  metric: { title: 'Metrics', intro: 'Listed in `metrics [accuracy, f1]`.' },
  regularizer: { title: 'Regularizers', intro: 'Training settings in a schedule block.' },
  callback: { title: 'Callbacks', intro: 'Training settings in a schedule block that watch metrics during the run.' },
};

/** Escapes text for a markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function paramRow(p: ParamSpec): string {
  const type = `\`${formatParamType(p.type)}\``;
  const def = p.default !== undefined ? `\`${formatArgValue(p.default)}\`` : p.required ? 'required' : '—';
  const range = p.range ? formatRange(p.range) : '';
  return `| \`${p.name}\` | ${cell(type)} | ${cell(def)} | ${cell(range)} | ${cell(p.doc)} |`;
}

function renderEntry(e: CatalogEntry): string {
  const lines = [`### \`${e.name}\``, '', '```kiln', formatSignature(e), '```', '', e.doc, ''];
  if (e.example) lines.push(`Example: \`${e.example}\``, '');
  if (e.params.length > 0) {
    lines.push('| Parameter | Type | Default | Range | Description |', '| --- | --- | --- | --- | --- |', ...e.params.map(paramRow), '');
  } else {
    lines.push('No parameters.', '');
  }
  return lines.join('\n');
}

/** The whole reference page, in markdown. Deterministic: same catalog, same text. */
export function renderReference(): string {
  const parts = [
    '# Kiln reference',
    '',
    'Every layer, merge, data transform, augmentation, optimizer, learning-rate schedule, loss, metric and training setting Kiln knows. This page is generated from the catalog; do not edit it by hand.',
    '',
  ];
  const present = entryKinds.filter((k) => catalog.some((e) => e.kind === k));
  parts.push('## Contents', '', ...present.map((k) => `- [${sectionTitles[k].title}](#${sectionTitles[k].title.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-')})`), '');
  for (const kind of present) {
    const { title, intro } = sectionTitles[kind];
    parts.push(`## ${title}`, '', intro, '');
    for (const e of catalog.filter((x) => x.kind === kind)) parts.push(renderEntry(e));
  }
  return parts.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}
