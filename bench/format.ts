// The formatter's speed: formatting the generated ~1 MB workspace through the
// Prettier plugin, beside parsing the same text alone (the formatter's first step).

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SourceFile } from '../src/analysis/source.js';
import { formatKiln } from '../src/format/format.js';
import { parseSource } from '../src/syntax/parse.js';
import { generateWorkspace } from './workspace.js';
import { printTable, type Row } from './measure.js';

async function medianAsync(fn: () => Promise<void>, runs = 5, warmup = 2): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

export async function benchFormat(): Promise<Row[]> {
  const ws = generateWorkspace();
  const texts = ws.files.map((f) => ({ file: f, text: readFileSync(f, 'utf8') }));
  const parse = await medianAsync(async () => {
    for (const t of texts) parseSource(new SourceFile(t.file, t.text));
  });
  const format = await medianAsync(async () => {
    for (const t of texts) await formatKiln(t.text, { filepath: t.file });
  });
  return [
    { name: `workspace: ${ws.files.length} files, ${ws.lines} lines, ${(ws.bytes / 1e6).toFixed(2)} MB`, value: '' },
    { name: 'kiln fmt (Prettier plugin), whole workspace', value: `${format.toFixed(0)} ms`, peer: format < 1000 ? 'goal < 1 s: met' : 'goal < 1 s: missed' },
    { name: 'parsing alone (lex, parse, AST)', value: `${parse.toFixed(0)} ms`, ratio: `formatting takes ${(format / parse).toFixed(1)}x parsing` },
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  benchFormat().then((rows) => printTable('Formatter', rows));
}
