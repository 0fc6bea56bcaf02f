// Helpers shared by the runtime tests: the hand-written IR fixtures, small
// variations of them, temporary run folders and a reporter that records.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { IrProgram } from '../../src/ir/types.js';
import type { RunReporter } from '../../src/runtime/progress.js';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const fixtures = path.join(import.meta.dirname, 'fixtures');
export const examplesDir = path.join(repoRoot, 'examples');

export function loadFixture(name: string): IrProgram {
  return JSON.parse(fs.readFileSync(path.join(fixtures, name), 'utf8')) as IrProgram;
}

/** The iris program (four scalar inputs → concat → MLP), with a schedule change applied. */
export function irisProgram(change: (p: IrProgram) => void = () => undefined): IrProgram {
  const p = loadFixture('iris.ir.json');
  change(p);
  return p;
}

export function tempDir(prefix = 'kiln-run-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface RecordingReporter extends RunReporter {
  lines: string[];
  epochs: string[];
  steps: number;
}

export function recordingReporter(onEpochEnd: () => void = () => undefined): RecordingReporter {
  const r: RecordingReporter = {
    lines: [],
    epochs: [],
    steps: 0,
    line: (t) => void r.lines.push(t),
    epochStart: () => undefined,
    step: () => void r.steps++,
    epochEnd: (s) => {
      r.epochs.push(s);
      onEpochEnd();
    },
  };
  return r;
}

/** A metrics record without its timings, which differ from run to run. */
export function withoutTimings<T extends Record<string, unknown>>(r: T): Omit<T, 'seconds' | 'examples_per_sec'> {
  const { seconds: _s, examples_per_sec: _e, ...rest } = r;
  return rest;
}

/** A `data digits` block over a small share of the bundled digits, so that runs stay quick. */
export function smallDigits(split: { train: number; val: number; test: number }): string {
  return `
data digits {
  source = mnist()
  features {
    image: f32[28, 28, 1] = pixels |> scale(1 / 255)
    label: class[10] = digit
  }
  split { train: ${split.train}, val: ${split.val}, test: ${split.test} }
  seed 3
  batch 32
}
`;
}

/** A throwaway project: a kiln.json and the given spec files. */
export function specProject(prefix: string, files: Record<string, string>): string {
  const dir = tempDir(prefix);
  fs.writeFileSync(path.join(dir, 'kiln.json'), '{}\n');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}
