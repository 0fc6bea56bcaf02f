// The front end's speed: the whole `check` of a generated ~1 MB, 10,000+ line
// workspace, beside Chevrotain's lex+parse alone of the same text and
// JSON.parse of an equally large JSON document, all in the same run.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lex } from '../grammar/lexer.js';
import { KilnParser } from '../grammar/parser.js';
import { analyze } from '../src/analysis/analyze.js';
import { generateWorkspace } from './workspace.js';
import { medianMs, printTable, type Row } from './measure.js';

export function benchFrontend(): Row[] {
  const ws = generateWorkspace();
  const texts = ws.files.map((f) => readFileSync(f, 'utf8'));
  const mb = ws.bytes / 1e6;
  const parser = new KilnParser();

  const lexParse = medianMs(() => {
    for (const t of texts) {
      parser.input = lex(t).tokens;
      parser.file();
    }
  });
  const check = medianMs(() => {
    const r = analyze(ws.files, { cwd: ws.dir, root: ws.dir });
    if (r.diagnostics.some((d) => d.severity === 'error')) throw new Error(`the generated workspace has errors: ${r.diagnostics[0].message}`);
  });
  const json = JSON.stringify(
    texts.flatMap((t) => t.split('\n').map((line, i) => ({ line: i, text: line, tokens: line.split(/\s+/).length }))),
  ).slice(0, ws.bytes);
  const jsonText = json.slice(0, json.lastIndexOf('},') + 1) + ']';
  const jsonParse = medianMs(() => JSON.parse(jsonText));

  const rate = (ms: number, bytes = ws.bytes) => `${(bytes / 1e6 / (ms / 1000)).toFixed(1)} MB/s`;
  return [
    { name: `workspace: ${ws.files.length + 1} files, ${ws.lines} lines, ${mb.toFixed(2)} MB`, value: '' },
    { name: 'kiln check (parse+resolve+types+shapes)', value: `${check.toFixed(0)} ms`, peer: rate(check) },
    { name: 'Chevrotain lex+parse alone', value: `${lexParse.toFixed(0)} ms`, peer: rate(lexParse), ratio: `check at ${(lexParse / check).toFixed(2)}x of parse speed (goal >= 0.5)` },
    { name: 'JSON.parse, same size', value: `${jsonParse.toFixed(0)} ms`, peer: rate(jsonParse, jsonText.length), ratio: `check at ${(jsonParse / check).toFixed(3)}x of JSON.parse` },
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  printTable('Front end (kiln check)', benchFrontend());
}
