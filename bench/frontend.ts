// The front end's speed: the whole `check` of a generated ~1 MB, 10,000+ line
// workspace, beside Chevrotain's lex+parse alone of the same text and
// JSON.parse of an equally large JSON document, all in the same run. Times
// are medians of wall-clock time, with CPU time beside them (the machine may
// be shared); the goal is check at no less than half the speed of lex+parse.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lex } from '../grammar/lexer.js';
import { KilnParser } from '../grammar/parser.js';
import { analyze } from '../src/analysis/analyze.js';
import { generateWorkspace } from './workspace.js';
import { medianMs, medianTimings, printTable, type Row, type Timing } from './measure.js';

export function benchFrontend(): Row[] {
  const ws = generateWorkspace();
  const texts = ws.files.map((f) => readFileSync(f, 'utf8'));
  const mb = ws.bytes / 1e6;
  const parser = new KilnParser();

  const [lexParse, check] = medianTimings([
    () => {
      for (const t of texts) {
        parser.input = lex(t).tokens;
        parser.file();
      }
    },
    () => {
      const r = analyze(ws.files, { cwd: ws.dir, root: ws.dir });
      const error = r.diagnostics.find((d) => d.severity === 'error');
      if (error) throw new Error(`the generated workspace has errors: ${error.message}`);
    },
  ]);
  const json = JSON.stringify(
    texts.flatMap((t) => t.split('\n').map((line, i) => ({ line: i, text: line, tokens: line.split(/\s+/).length }))),
  ).slice(0, ws.bytes);
  const jsonText = json.slice(0, json.lastIndexOf('},') + 1) + ']';
  const jsonParse = medianMs(() => JSON.parse(jsonText));

  const rate = (ms: number, bytes = ws.bytes) => `${(bytes / 1e6 / (ms / 1000)).toFixed(1)} MB/s`;
  const time = (t: Timing) => `${t.wallMs.toFixed(0)} ms (cpu ${t.cpuMs.toFixed(0)})`;
  return [
    { name: `workspace: ${ws.files.length + 1} files, ${ws.lines} lines, ${mb.toFixed(2)} MB`, value: '' },
    { name: 'kiln check (parse+resolve+types+shapes)', value: time(check), peer: rate(check.wallMs) },
    {
      name: 'Chevrotain lex+parse alone',
      value: time(lexParse),
      peer: rate(lexParse.wallMs),
      ratio: `check at ${(lexParse.wallMs / check.wallMs).toFixed(2)}x of parse speed (cpu ${(lexParse.cpuMs / check.cpuMs).toFixed(2)}x; goal >= 0.5)`,
    },
    { name: 'JSON.parse, same size', value: `${jsonParse.toFixed(0)} ms`, peer: rate(jsonParse, jsonText.length), ratio: `check at ${(jsonParse / check.wallMs).toFixed(3)}x of JSON.parse` },
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  printTable('Front end (kiln check)', benchFrontend());
}
