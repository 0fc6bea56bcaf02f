// Language-server latency over stdio, against the goals of the language
// server's issue, on a generated ~2,000-line workspace (ten specs, each
// importing a shared block library, all open):
// - didChange → publishDiagnostics of the edited file, for seeded
//   single-character edits (typed, then deleted) at random positions anywhere
//   in the workspace, with the server's default settings;
// - the same edits in the shared library, until every file is current again
//   (a workspace/symbol request needs the whole workspace analysed);
// - completion and hover at random positions inside pipelines, idle and
//   right after an edit (the request then waits for that edit's analysis);
// - the server's resident memory after opening 100 files.
// The server runs as a real process (`node bin/kiln.js lsp --stdio`).
// Run alone with `node dist/bench/lsp.js`.

import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node.js';

export interface LspBenchRow {
  name: string;
  samples: number;
  p50: number;
  p95: number;
  /** The goal for p95, in ms, when the issue sets one. */
  goal?: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));
/** The repository root, from dist/bench/ or bench/. */
const repoRoot = fs.existsSync(path.join(here, '../../bin/kiln.js')) ? path.resolve(here, '../..') : path.resolve(here, '..');

const goals = { diagnostics: 30, completion: 15, hover: 15, rssMb: 200 };

/** mulberry32: seeded, so runs are comparable. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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

function row(name: string, samples: number[], goal?: number): LspBenchRow {
  const sorted = [...samples].sort((a, b) => a - b);
  return { name, samples: samples.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), goal };
}

interface Position {
  line: number;
  character: number;
}

function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** A running server and a client that can wait for a file's diagnostics of a given version. */
class Session {
  readonly child: ChildProcess;
  readonly connection: MessageConnection;
  private readonly waiting = new Map<string, { version: number; resolve: () => void }>();
  readonly texts = new Map<string, { text: string; version: number }>();

  constructor(private readonly dir: string) {
    this.child = spawn(process.execPath, [path.join(repoRoot, 'bin/kiln.js'), 'lsp', '--stdio'], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'inherit'] });
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number }) => {
      const w = this.waiting.get(p.uri);
      if (w && (p.version ?? 0) >= w.version) {
        this.waiting.delete(p.uri);
        w.resolve();
      }
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.listen();
  }

  uri(name: string): string {
    return pathToFileURL(path.join(this.dir, name)).href;
  }

  async start(files: Map<string, string>): Promise<void> {
    const rootUri = pathToFileURL(this.dir).href;
    await this.connection.sendRequest('initialize', { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'bench' }], capabilities: {} });
    await this.connection.sendNotification('initialized', {});
    const opened: Promise<void>[] = [];
    for (const [name, text] of files) {
      const uri = this.uri(name);
      this.texts.set(uri, { text, version: 1 });
      opened.push(this.diagnostics(uri, 1));
      await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'kiln', version: 1, text } });
    }
    await Promise.all(opened);
  }

  diagnostics(uri: string, version: number): Promise<void> {
    return new Promise<void>((resolve) => this.waiting.set(uri, { version, resolve }));
  }

  /** Replaces [start, end) of the file with `insert`; returns the new version. */
  async edit(uri: string, start: number, end: number, insert: string): Promise<number> {
    const doc = this.texts.get(uri)!;
    const version = doc.version + 1;
    const range = { start: positionAt(doc.text, start), end: positionAt(doc.text, end) };
    this.texts.set(uri, { text: doc.text.slice(0, start) + insert + doc.text.slice(end), version });
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: insert }] });
    return version;
  }

  async stop(): Promise<void> {
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    this.connection.dispose();
    this.child.kill();
  }
}

const typed = ['a', 'x', '1', ' ', '(', ')', ',', '|', ':', '\n', '{', '_', '.'];

/** A random offset inside a pipeline stage (`|> name(…)`) of the text: where completion and hover are asked. */
function pipelineOffset(text: string, rand: () => number): number {
  const stages = [...text.matchAll(/\|> [a-z_0-9]+\([^)\n]*\)/g)];
  const m = stages[Math.floor(rand() * stages.length)];
  return m.index! + 3 + Math.floor(rand() * (m[0].length - 3));
}

async function latencies(dir: string, files: Map<string, string>, rounds: number) {
  const s = new Session(dir);
  await s.start(files);
  const rand = random(0x1a7e);
  const uris = [...files.keys()].map((n) => s.uri(n));
  const libUri = s.uri('lib.kiln');
  // Weighted by length: a position uniformly at random over the whole workspace.
  const totalChars = [...files.values()].reduce((n, t) => n + t.length, 0);
  const pickFile = () => {
    let at = Math.floor(rand() * totalChars);
    for (const uri of uris) {
      const len = s.texts.get(uri)!.text.length;
      if (at < len) return uri;
      at -= len;
    }
    return uris[0];
  };
  const keystroke = async (uri: string): Promise<number> => {
    const text = s.texts.get(uri)!.text;
    const at = Math.floor(rand() * (text.length + 1));
    const ch = typed[Math.floor(rand() * typed.length)];
    let version = s.texts.get(uri)!.version + 1;
    let published = s.diagnostics(uri, version);
    let t0 = performance.now();
    await s.edit(uri, at, at, ch);
    await published;
    const typing = performance.now() - t0;
    // Delete it again (a second single-character edit), so the workspace stays near its original.
    version++;
    published = s.diagnostics(uri, version);
    t0 = performance.now();
    await s.edit(uri, at, at + 1, '');
    await published;
    return (typing + (performance.now() - t0)) / 2;
  };

  const change: number[] = [];
  for (let i = 0; i < rounds; i++) change.push(await keystroke(pickFile()));

  // An edit to the shared library, then a request that needs every dependent current.
  const shared: number[] = [];
  for (let i = 0; i < Math.ceil(rounds / 4); i++) {
    const text = s.texts.get(libUri)!.text;
    const at = Math.floor(rand() * (text.length + 1));
    const t0 = performance.now();
    await s.edit(libUri, at, at, typed[Math.floor(rand() * typed.length)]);
    await s.connection.sendRequest('workspace/symbol', { query: 'net_0_0' });
    shared.push(performance.now() - t0);
    await s.edit(libUri, at, at + 1, '');
    await s.connection.sendRequest('workspace/symbol', { query: 'net_0_0' });
  }

  const ask = async (method: string, uri: string, offset: number): Promise<number> => {
    const t0 = performance.now();
    await s.connection.sendRequest(method, { textDocument: { uri }, position: positionAt(s.texts.get(uri)!.text, offset) });
    return performance.now() - t0;
  };
  const completion: number[] = [];
  const hover: number[] = [];
  const completionAfterEdit: number[] = [];
  const hoverAfterEdit: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const uri = uris[1 + Math.floor(rand() * (uris.length - 1))];
    completion.push(await ask('textDocument/completion', uri, pipelineOffset(s.texts.get(uri)!.text, rand)));
    hover.push(await ask('textDocument/hover', uri, pipelineOffset(s.texts.get(uri)!.text, rand)));
  }
  for (let i = 0; i < rounds; i++) {
    const uri = uris[1 + Math.floor(rand() * (uris.length - 1))];
    // Type a space inside a stage, ask at once (before the server has analysed the edit), then delete it.
    for (const [method, out] of [['textDocument/completion', completionAfterEdit], ['textDocument/hover', hoverAfterEdit]] as const) {
      const at = pipelineOffset(s.texts.get(uri)!.text, rand);
      let published = s.diagnostics(uri, s.texts.get(uri)!.version + 1);
      await s.edit(uri, at, at, ' ');
      out.push(await ask(method, uri, at + 1));
      await published;
      published = s.diagnostics(uri, s.texts.get(uri)!.version + 1);
      await s.edit(uri, at, at + 1, '');
      await published;
    }
  }
  await s.stop();
  return { change, shared, completion, hover, completionAfterEdit, hoverAfterEdit };
}

/** The server's resident set after opening `count` files and receiving their diagnostics, in MB. */
async function rssAfterOpening(dir: string, count: number): Promise<number | undefined> {
  const files = new Map<string, string>([['lib.kiln', library()]]);
  for (let n = 0; files.size < count; n++) files.set(`many_${n}.kiln`, spec(100 + n));
  for (const [name, text] of files) fs.writeFileSync(path.join(dir, name), text);
  const s = new Session(dir);
  await s.start(files);
  // Let the dependents' pass finish too.
  await s.connection.sendRequest('workspace/symbol', { query: 'x' });
  let rss: number | undefined;
  try {
    const status = fs.readFileSync(`/proc/${s.child.pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)/.exec(status);
    if (kb) rss = Number(kb[1]) / 1024;
  } catch {
    // Not Linux: no figure.
  }
  await s.stop();
  return rss;
}

function verdict(value: number | undefined, goal: number | undefined): string {
  if (value === undefined || goal === undefined) return '';
  return value <= goal ? 'met' : 'missed';
}

export async function benchLsp(options: { rounds?: number } = {}): Promise<LspBenchRow[]> {
  const rounds = options.rounds ?? 100;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-lsp-bench-'));
  const manyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-lsp-bench-100-'));
  const files = new Map<string, string>([['lib.kiln', library()]]);
  for (let n = 0; n < 10; n++) files.set(`spec_${n}.kiln`, spec(n));
  try {
    fs.writeFileSync(path.join(dir, 'kiln.json'), '{}\n');
    fs.writeFileSync(path.join(manyDir, 'kiln.json'), '{}\n');
    for (const [name, content] of files) fs.writeFileSync(path.join(dir, name), content);
    const totalLines = [...files.values()].reduce((n, t) => n + t.split('\n').length, 0);
    const r = await latencies(dir, files, rounds);
    const rows = [
      row('didChange → diagnostics of the edited file', r.change, goals.diagnostics),
      row('didChange in lib.kiln → all 10 dependents current', r.shared),
      row('completion', r.completion, goals.completion),
      row('completion right after an edit', r.completionAfterEdit, goals.completion),
      row('hover', r.hover, goals.hover),
      row('hover right after an edit', r.hoverAfterEdit, goals.hover),
    ];
    const rss = await rssAfterOpening(manyDir, 100);
    console.log(`language server on ${files.size} files, ${totalLines} lines, all open; single-character edits at seeded random positions`);
    console.log(`  ${'what'.padEnd(50)} ${'p50'.padStart(9)} ${'p95'.padStart(9)}   ${'goal (p95)'.padEnd(12)} samples`);
    for (const x of rows) {
      const goal = x.goal === undefined ? '' : `≤ ${x.goal} ms ${verdict(x.p95, x.goal)}`;
      console.log(`  ${x.name.padEnd(50)} ${x.p50.toFixed(1).padStart(6)} ms ${x.p95.toFixed(1).padStart(6)} ms   ${goal.padEnd(12)} ${x.samples}`);
    }
    const rssText = rss === undefined ? 'n/a' : `${rss.toFixed(0)} MB`;
    console.log(`  ${'RSS after opening 100 files'.padEnd(50)} ${rssText.padStart(9)} ${''.padStart(9)}   ≤ ${goals.rssMb} MB ${verdict(rss, goals.rssMb)}`);
    return rows;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(manyDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  benchLsp().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 1;
  });
}
