// `kiln compile --emit ts`: the program generated for examples/digits.kiln
// matches its reviewed golden file (UPDATE=1 rewrites it) and is the same
// every time; the programs of the example specs typecheck with tsc against
// the project's dependencies; and a generated program runs: transpiled to
// JavaScript and started with node, it trains, prints one line per epoch and
// ends with a test accuracy far above chance.
//
// The typecheck and the run import Kiln's built files (dist/), as a user's
// program imports the installed package: `npm test` builds first.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.js';
import { findProjectRoot } from '../../src/analysis/project-root.js';
import { generateTypeScript, runtimeModule } from '../../src/codegen/typescript.js';
import { hasErrors } from '../../src/diagnostics/diagnostic.js';
import { lowerProgram } from '../../src/ir/lower.js';
import type { IrProgram } from '../../src/ir/types.js';
import { runKiln } from '../helpers/cli.js';

const repo = path.resolve(__dirname, '../..');
const golden = path.join(__dirname, 'digits.expected.ts');
/** Inside the repository, so that module resolution finds node_modules; dist/ is not checked in. */
const scratch = path.join(repo, 'dist', 'codegen-test');
const supportBuilt = path.join(repo, 'dist', 'src', 'codegen', 'program-support.js');

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

function lower(spec: string, outDir: string): IrProgram {
  const file = path.resolve(repo, spec);
  const result = analyze([file], { cwd: repo });
  expect(hasErrors(result.diagnostics), `${spec} has errors`).toBe(false);
  const lowered = lowerProgram(result.programs[0], file, { outDir });
  if ('problems' in lowered) throw new Error(lowered.problems.join('; '));
  return lowered.ir;
}

/** The program `kiln compile SPEC --emit ts -o OUT [--experiment E] [--runtime-import ...]` writes, run from the repository root. */
async function generateResult(spec: string, out: string, runtimeImport = 'kiln', experiment?: string) {
  const outDir = path.dirname(out);
  const specDir = path.dirname(path.resolve(repo, spec));
  return generateTypeScript(lower(spec, outDir), {
    experiment,
    runtimeImport,
    specDir: toPosix(path.relative(outDir, specDir)) || '.',
    projectRoot: toPosix(path.relative(outDir, findProjectRoot(specDir, repo))) || '.',
    specName: spec,
  });
}

async function generate(spec: string, out: string, runtimeImport = 'kiln', experiment?: string): Promise<string> {
  const result = await generateResult(spec, out, runtimeImport, experiment);
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.text;
}

/** Kiln's package folder as the generated files in `scratch` import it. */
const localKiln = toPosix(path.relative(scratch, repo));

beforeAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('the program generated for examples/digits.kiln', () => {
  it('matches the reviewed golden file (UPDATE=1 rewrites it)', async () => {
    const text = await generate('examples/digits.kiln', golden);
    if (process.env.UPDATE === '1') writeFileSync(golden, text);
    expect(text).toBe(readFileSync(golden, 'utf8'));
  });

  it('is the same text every time', async () => {
    const first = await generate('examples/digits.kiln', golden);
    const second = await generate('examples/digits.kiln', golden);
    expect(second).toBe(first);
  });

  it('spells out each layer with its name and arguments, and says where each part comes from', async () => {
    const text = await generate('examples/digits.kiln', golden);
    expect(text).toContain(".dense({ name: 'mlp_head/dense', units: 256, activation: 'relu', useBias: true })");
    expect(text).toContain(".dropout({ name: 'mlp_head_1/dropout', rate: 0.2 })");
    expect(text).toContain('// data digits: mnist(), split 0.8/0.1/0.1, seed 7');
    expect(text).toContain('tf.train.adam(0.002, 0.9, 0.999, 1e-7)');
    expect(text).toContain("from 'kiln/program'");
  });
});

describe('kiln compile --emit ts', () => {
  it('writes the program to a file, importing Kiln from --runtime-import', () => {
    const out = path.join(scratch, 'cli', 'digits.ts');
    const r = runKiln(['compile', 'examples/digits.kiln', '--emit', 'ts', '-o', path.relative(repo, out), '--runtime-import', '../../..']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain(`from '${runtimeModule('../../..')}'`);
    expect(text).toContain('function buildMlp(): tfl.LayersModel');
  });

  it('names the experiments when the choice is ambiguous or wrong, and writes nothing', () => {
    const out = path.join(scratch, 'cli', 'none.ts');
    const r = runKiln(['compile', 'examples/digits.kiln', '--emit', 'ts', '--experiment', 'nope', '-o', path.relative(repo, out)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('there is no experiment `nope` (the experiments are: digits_mlp)');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });
});

describe('generated programs typecheck', () => {
  // Specs that lower: transfer.kiln needs a model trained by another example first.
  const specs = readdirSync(path.join(repo, 'examples'))
    .filter((f) => f.endsWith('.kiln'))
    .map((f) => `examples/${f}`)
    .filter((f) => {
      const result = analyze([path.join(repo, f)], { cwd: repo });
      return !hasErrors(result.diagnostics) && !('problems' in lowerProgram(result.programs[0], path.join(repo, f)));
    });

  it('for every example spec without distillation, with tsc --noEmit', async () => {
    expect(existsSync(supportBuilt), 'build Kiln first (npm run build): the programs import dist/').toBe(true);
    const files: string[] = [];
    for (const spec of specs) {
      const folder = path.join(scratch, 'check');
      const experiments = Object.values(lower(spec, folder).experiments);
      for (const experiment of experiments) {
        const out = path.join(folder, `${path.basename(spec, '.kiln')}-${experiment.name}.ts`);
        const result = await generateResult(spec, out, toPosix(path.relative(folder, repo)), experiment.name);
        if (experiment.steps.some((s) => s.kind === 'distill')) {
          expect(result.ok ? '' : result.problems.join('\n')).toMatch(/distillation .* is not supported by --emit ts yet/);
          continue;
        }
        if (!result.ok) throw new Error(`${spec}: ${result.problems.join('; ')}`);
        mkdirSync(folder, { recursive: true });
        writeFileSync(out, result.text);
        files.push(path.basename(out));
      }
    }
    expect(files).toContain('digits-digits_mlp.ts');
    const tsconfig = {
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, noEmit: true, types: ['node'] },
      files,
    };
    writeFileSync(path.join(scratch, 'check', 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
    const tsc = spawnSync(process.execPath, [path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], {
      cwd: path.join(scratch, 'check'),
      encoding: 'utf8',
    });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });
});

/** Generates `spec` into `folder`, transpiles it with typescript's transpileModule and runs it with node. */
async function runGenerated(spec: string, folder: string, name: string): Promise<{ source: string; code: number | null; stdout: string; stderr: string }> {
  mkdirSync(folder, { recursive: true });
  const source = await generate(spec, path.join(folder, `${name}.ts`), toPosix(path.relative(folder, repo)));
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  writeFileSync(path.join(folder, `${name}.mjs`), js);
  const run = spawnSync(process.execPath, [`${name}.mjs`], { cwd: folder, encoding: 'utf8', timeout: 120_000 });
  return { source, code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function lastTestRecord(runFolder: string): Record<string, number | string> {
  const records = readFileSync(path.join(runFolder, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, number | string>);
  return records.filter((r) => r.split === 'test').at(-1)!;
}

describe('a generated program runs', () => {
  it('trains a small MLP on the bundled digits, one line per epoch, as `kiln run` does', async () => {
    expect(existsSync(supportBuilt), 'build Kiln first (npm run build): the program imports dist/').toBe(true);
    const folder = path.join(scratch, 'run');
    const run = await runGenerated('test/codegen/tiny-digits.kiln', folder, 'tiny');
    expect(run.source).toContain('clipByGlobalNorm(grads, schedule.clipNorm)');
    expect(run.source).toContain("const f1 = catalogMetric('f1');");
    expect(run.source).toContain('// not generated: sweep { quick.lr in [0.001, 0.003] }');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    const epochs = lines.filter((l) => /^epoch \d+\/2 {2}loss \d/.test(l));
    expect(epochs.length).toBe(2);
    expect(epochs[1]).toMatch(/val_loss \d+\.\d+ {2}val_accuracy \d\.\d+ {2}val_f1 \d\.\d+ {2}lr \d/);
    expect(lines).toContainEqual(expect.stringMatching(/^data digits: \d+ train \/ \d+ val \/ \d+ test$/));
    const test = lines.at(-1)!;
    expect(test).toMatch(/^test small {2}loss \d+\.\d+ {2}accuracy \d\.\d+ {2}f1 \d\.\d+$/);
    const accuracy = Number(/accuracy (\d\.\d+)/.exec(test)![1]);
    expect(accuracy).toBeGreaterThan(0.7); // chance is 0.1

    // Same IR, same seeds, same backend: the program trains the very model `kiln run` trains.
    const runFolder = path.join(folder, 'kiln-run');
    const kiln = runKiln(['run', 'test/codegen/tiny-digits.kiln', '--out', path.relative(repo, runFolder)]);
    expect(kiln.code, kiln.stderr).toBe(0);
    const record = lastTestRecord(runFolder);
    expect(test).toContain(`accuracy ${(record.accuracy as number).toFixed(4)}`);
    expect(test).toContain(`loss ${(record.loss as number).toFixed(4)}`);
  });

  it('reads a CSV file relative to the spec, with four inputs, and ends far above chance', async () => {
    const run = await runGenerated('examples/iris.kiln', path.join(scratch, 'iris'), 'iris');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('epoch ')).length).toBe(60);
    const accuracy = Number(/^test flower_net .*accuracy (\d\.\d+)$/.exec(lines.at(-1)!)![1]);
    expect(accuracy).toBeGreaterThan(0.6); // chance is 1/3
  });
});
