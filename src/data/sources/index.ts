// The sources a spec can name, with the bundled datasets' schemas, so the
// checker can check `source = mnist()` and the features that read from it
// without loading any data.

import type { RowSchema } from '../schema.js';
import { mnist, mnistSchema } from './mnist.js';
import { iris, irisSchema } from './iris.js';
import { spam_assassin, spamAssassinSchema } from './spam_assassin.js';
import { moby_dick, mobyDickSchema } from './moby_dick.js';
import type { RowSource } from './source.js';

export interface BundledDataset {
  name: string;
  doc: string;
  schema: RowSchema;
  /** Number of rows, for the checker's notes and split-size checks. */
  rows: number;
  open: () => RowSource;
}

export const bundledDatasets: readonly BundledDataset[] = [
  {
    name: 'mnist',
    doc: '10,000 handwritten digits: 28×28 grey pixels 0..255 and the digit, in a fixed class round-robin order.',
    schema: mnistSchema,
    rows: 10_000,
    open: mnist,
  },
  {
    name: 'iris',
    doc: "Fisher's 150 iris flowers: four measurements in cm and the species.",
    schema: irisSchema,
    rows: 150,
    open: iris,
  },
  {
    name: 'spam_assassin',
    doc: 'The SpamAssassin public corpus: 6,046 raw emails with headers, labelled spam or ham (`label`, `is_spam`).',
    schema: spamAssassinSchema,
    rows: 6_046,
    open: spam_assassin,
  },
  {
    name: 'moby_dick',
    doc: 'Moby-Dick by Herman Melville: 139 sections (contents, etymology, extracts, 135 chapters, epilogue).',
    schema: mobyDickSchema,
    rows: 139,
    open: () => moby_dick(),
  },
];

export function bundledDataset(name: string): BundledDataset | undefined {
  return bundledDatasets.find((d) => d.name === name);
}

export { mnist, iris, spam_assassin, moby_dick };
export { csv, type CsvOptions } from './csv.js';
export { jsonl, type JsonlOptions } from './jsonl.js';
export { text_lines, type TextLinesOptions } from './text_lines.js';
export { image_folder, type ImageFolderOptions } from './image_folder.js';
export type { RowSource, ValueKind } from './source.js';
