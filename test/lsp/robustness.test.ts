// Thousands of seeded random edits against the running server — random
// text, deletions, whole examples pasted, everything deleted — in bursts:
// the server must never crash or stop answering, and the last version of
// every burst must get its diagnostics.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildIfStale, LspClient, makeWorkspace, positionAt, repoRoot } from './harness.js';
import { blocksKiln, mainKiln } from './fixtures.js';
import { rng as random } from '../helpers/mutate.js';

let client: LspClient;
let ws: ReturnType<typeof makeWorkspace>;

beforeAll(async () => {
  buildIfStale();
  ws = makeWorkspace({ 'blocks.kiln': blocksKiln });
  client = new LspClient({ diagnosticDelay: 2 });
  await client.initialize(ws.dir);
});

afterAll(async () => {
  await client?.shutdown();
  ws?.remove();
});


const fragments = [
  'model ', 'block ', 'data ', 'schedule ', 'experiment ', 'distill ', 'import "', '"blocks.kiln"', ' as lib', '{', '}', '(', ')', '[', ']', ',', ':', '=', '|>',
  ' |> dense(', 'conv2d(16, 3)', 'flatten()', 'x', 'image', 'f32[28, 28, 1]', '->', 'let y = ', 'repeat 2 {', 'residual(', '\n', '\n  ', ' ', '"', '/*', '*/', '//',
  '1e-3', '500 steps', '10_000', 'train mlp on digits with fast', 'then', 'mlp_head(', 'lib.', 'é', '😀', '\t', '\r\n', '..', '<-', 'hint student.a <- teacher.b via dense',
];

it('survives thousands of random edits and keeps answering', async () => {
  const examples = [mainKiln, blocksKiln, readFileSync(path.join(repoRoot, 'examples/digits.kiln'), 'utf8')];
  const rand = random(20240607);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const uri = ws.uri('fuzz.kiln');
  await client.open(uri, mainKiln);
  await client.diagnosticsFor(uri, 1);
  let edits = 0;
  let bursts = 0;
  while (edits < 3000) {
    const burst = 1 + Math.floor(rand() * 8);
    let version = 0;
    for (let i = 0; i < burst; i++, edits++) {
      const text = client.text(uri);
      const r = rand();
      let start = Math.floor(rand() * (text.length + 1));
      let end = start;
      let insert = '';
      if (r < 0.5) insert = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(fragments)).join('');
      else if (r < 0.85) end = Math.min(text.length, start + Math.floor(rand() * 40));
      else if (r < 0.95) insert = pick(examples);
      else {
        start = 0;
        end = text.length;
      }
      // Never split a surrogate pair: the protocol counts UTF-16 units, but a half pair is not text.
      const isLow = (o: number) => o > 0 && o < text.length && /[\uDC00-\uDFFF]/.test(text[o]);
      if (isLow(start)) start--;
      if (isLow(end)) end++;
      const after = text.slice(0, start) + insert + text.slice(end);
      version = await client.change(uri, [{ range: { start: positionAt(text, start), end: positionAt(text, end) }, text: insert }], after);
    }
    const published = await client.diagnosticsFor(uri, version);
    expect(published.version).toBe(version);
    bursts++;
    if (bursts % 25 === 0) {
      const text = client.text(uri);
      const at = client.at(uri, Math.floor(rand() * (text.length + 1)));
      // Every request must be answered (with something or nothing), never an error.
      await client.request('textDocument/hover', at);
      await client.request('textDocument/completion', at);
      await client.request('textDocument/semanticTokens/full', { textDocument: { uri } });
      await client.request('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: positionAt(text, text.length) } });
      await client.request('textDocument/documentSymbol', { textDocument: { uri } });
    }
  }
  expect(client.exited).toBeUndefined();
  // Still answering after it all.
  const symbols = await client.request<unknown[]>('workspace/symbol', { query: '' });
  expect(Array.isArray(symbols)).toBe(true);
  // The server survives exceptions inside the analysis, but each one is a bug
  // in a phase that must not throw on any input: fail, showing the first.
  const log = client.stderr.split('\n');
  const first = log.findIndex((l) => l.includes('internal error'));
  expect(first, first >= 0 ? `the server logged handled internal errors; the first:\n${log.slice(first, first + 12).join('\n')}` : '').toBe(-1);
});
