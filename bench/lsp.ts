// Language-server latency on a generated ~2,000-line workspace (ten specs,
// each importing a shared block library): didChange → publishDiagnostics
// with the server's default 50 ms debounce and with none (the analysis cost
// alone), and completion and hover round trips, as p50/p95 in milliseconds.
// The server runs as a real process (`node bin/kiln.js lsp --stdio`).
// Run alone with `node dist/bench/lsp.js`.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node.js';

export interface LspBenchRow {
  name: string;
  samples: number;
  p50: number;
  p95: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));
/** The repository root, from dist/bench/ or bench/. */
const repoRoot = fs.existsSync(path.join(here, '../../bin/kiln.js')) ? path.resolve(here, '../..') : path.resolve(here, '..');

function library(): string {
  const blocks: string[] = [];
  for (let i = 0; i < 20; i++) {
    blocks.push(`// Hidden layer ${i}: dense, activation and dropout.\nblock head_${i}(units: int, p: float = 0.1) {\n  dense(units, activation: relu)\n    |> dropout(p)\n}\n`);
  }
  return blocks.join('\n');
}

function spec(n: number): string {
  const lines = [`import "lib.kiln"`, ''];
  lines.push(`data digits_${n} {`, '  source = mnist()', '  features {', '    image: f32[28, 28, 1] = pixels |> scale(1 / 255)', '    label: class[10] = digit', '  }', '  split { train: 0.8, val: 0.1, test: 0.1 }', '  batch 128', '}', '');
  for (let m = 0; m < 14; m++) {
    lines.push(`// Model ${m} of spec ${n}.`);
    lines.push(`model net_${n}_${m}(image: f32[28, 28, 1]) -> f32[10] {`);
    lines.push('  image');
    lines.push('    |> conv2d(16, 3, activation: relu)');
    lines.push('    |> max_pool(2)');
    lines.push('    |> flatten()');
    lines.push(`    |> head_${m % 20}(128)`);
    lines.push(`    |> head_${(m + 1) % 20}(64, p: 0.2)`);
    lines.push('    |> dense(10)');
    lines.push('}', '');
  }
  lines.push(`schedule fast_${n} {`, '  optimizer adam(lr: 1e-3)', '  lr warmup(100 steps) then cosine(to: 1e-5)', '  epochs 8', '  loss cross_entropy(label_smoothing: 0.05)', '}', '');
  lines.push(`experiment run_${n} {`, '  seed 42');
  for (let m = 0; m < 14; m++) lines.push(`  train net_${n}_${m} on digits_${n} with fast_${n}`);
  lines.push('}', '');
  return lines.join('\n');
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function row(name: string, samples: number[]): LspBenchRow {
  const sorted = [...samples].sort((a, b) => a - b);
  return { name, samples: samples.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

async function session(dir: string, files: Map<string, string>, diagnosticDelay: number | undefined, rounds: number): Promise<{ change: number[]; completion: number[]; hover: number[] }> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/kiln.js'), 'lsp', '--stdio'], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiting = new Map<string, { version: number; resolve: () => void }>();
  connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number }) => {
    const w = waiting.get(p.uri);
    if (w && (p.version ?? 0) >= w.version) {
      waiting.delete(p.uri);
      w.resolve();
    }
  });
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  const rootUri = pathToFileURL(dir).href;
  await connection.sendRequest('initialize', { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'bench' }], initializationOptions: { diagnosticDelay }, capabilities: {} });
  await connection.sendNotification('initialized', {});
  const uri = pathToFileURL(path.join(dir, 'spec_0.kiln')).href;
  const text = files.get('spec_0.kiln')!;
  const opened = new Promise<void>((resolve) => waiting.set(uri, { version: 1, resolve }));
  for (const [name, content] of files) {
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: pathToFileURL(path.join(dir, name)).href, languageId: 'kiln', version: 1, text: content } });
  }
  await opened;

  const lines = text.split('\n');
  const editLine = lines.findIndex((l) => l.includes('|> dense(10)'));
  const change: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const version = i + 2;
    // Alternately type and delete one character inside a model body.
    const changeEvent = i % 2 === 0 ? { range: { start: { line: editLine, character: 4 }, end: { line: editLine, character: 4 } }, text: ' ' } : { range: { start: { line: editLine, character: 4 }, end: { line: editLine, character: 5 } }, text: '' };
    const published = new Promise<void>((resolve) => waiting.set(uri, { version, resolve }));
    const t0 = performance.now();
    await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [changeEvent] });
    await published;
    change.push(performance.now() - t0);
  }
  const completion: number[] = [];
  const hover: number[] = [];
  const pipeLine = lines.findIndex((l) => l.includes('|> max_pool(2)'));
  for (let i = 0; i < rounds; i++) {
    let t0 = performance.now();
    await connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: pipeLine, character: 7 } });
    completion.push(performance.now() - t0);
    t0 = performance.now();
    await connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: pipeLine, character: 9 } });
    hover.push(performance.now() - t0);
  }
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  connection.dispose();
  child.kill();
  return { change, completion, hover };
}

export async function benchLsp(options: { rounds?: number } = {}): Promise<LspBenchRow[]> {
  const rounds = options.rounds ?? 60;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-lsp-bench-'));
  const files = new Map<string, string>([['lib.kiln', library()]]);
  for (let n = 0; n < 10; n++) files.set(`spec_${n}.kiln`, spec(n));
  try {
    fs.writeFileSync(path.join(dir, 'kiln.json'), '{}\n');
    for (const [name, content] of files) fs.writeFileSync(path.join(dir, name), content);
    const totalLines = [...files.values()].reduce((n, t) => n + t.split('\n').length, 0);
    const debounced = await session(dir, files, undefined, rounds);
    const immediate = await session(dir, files, 0, rounds);
    const rows = [
      row('didChange → diagnostics (50 ms debounce)', debounced.change),
      row('didChange → diagnostics (no debounce)', immediate.change),
      row('completion', [...debounced.completion, ...immediate.completion]),
      row('hover', [...debounced.hover, ...immediate.hover]),
    ];
    console.log(`language server on ${files.size} files, ${totalLines} lines, all open`);
    for (const r of rows) console.log(`  ${r.name.padEnd(42)} p50 ${r.p50.toFixed(1).padStart(7)} ms   p95 ${r.p95.toFixed(1).padStart(7)} ms   (${r.samples} samples)`);
    return rows;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  benchLsp().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 1;
  });
}
