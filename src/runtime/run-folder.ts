// The run folder: where a run leaves everything it did.
//   spec.kiln      the spec as run (when there is one)
//   ir.json        the IR as run; a resumed run reads this, not the spec
//   run.json       the run's settings (experiment, epochs override)
//   metrics.jsonl  a line per epoch and per evaluation
//   summary.json   backend, seed, duration, parameters, final metrics
//   model/         the trained model, tf.js Layers format (model/NAME/ when several)
//   checkpoint/    the latest checkpoint
//   report.html    the curves, drawn offline

import * as fs from 'node:fs';
import * as path from 'node:path';
import { RunError } from './errors.js';
import { CHECKPOINT_DIR } from './train/checkpoint.js';

export interface RunSettings {
  experiment: string;
  /** The `--epochs` override, when given. */
  epochs?: number;
  started: string;
}

function timestamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}-${p(d.getMinutes())}-${p(d.getSeconds())}`;
}

/** A fresh folder for a new run: `out` when given (it must be empty), else runs/EXPERIMENT/TIMESTAMP. */
export function createRunFolder(runsDir: string, experiment: string, out?: string, now = new Date()): string {
  if (out) {
    if (fs.existsSync(out) && fs.readdirSync(out).length > 0) {
      throw new RunError(`the run folder ${out} is not empty`, ['add --resume to continue the run in it, or choose another --out']);
    }
    fs.mkdirSync(out, { recursive: true });
    return out;
  }
  const base = path.join(runsDir, experiment, timestamp(now));
  let dir = base;
  for (let i = 2; fs.existsSync(dir); i++) dir = `${base}-${i}`;
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** The folder to resume: `out` when given, else the newest run of the experiment that has a checkpoint. */
export function findResumableRun(runsDir: string, experiment: string | undefined, out?: string): string {
  if (out) {
    if (!fs.existsSync(path.join(out, CHECKPOINT_DIR, 'state.json'))) throw new RunError(`there is no checkpoint to resume in ${out}`);
    return out;
  }
  const roots = experiment ? [path.join(runsDir, experiment)] : fs.existsSync(runsDir) ? fs.readdirSync(runsDir).map((e) => path.join(runsDir, e)) : [];
  const candidates: { dir: string; time: number }[] = [];
  for (const root of roots) {
    if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) continue;
    for (const name of fs.readdirSync(root)) {
      const dir = path.join(root, name);
      const state = path.join(dir, CHECKPOINT_DIR, 'state.json');
      if (fs.existsSync(state) && !fs.existsSync(path.join(dir, 'summary.json'))) candidates.push({ dir, time: fs.statSync(state).mtimeMs });
    }
  }
  candidates.sort((a, b) => b.time - a.time);
  if (candidates.length === 0) {
    throw new RunError(`there is no unfinished run${experiment ? ` of \`${experiment}\`` : ''} to resume under ${runsDir}`, ['name the run folder with --out DIR']);
  }
  return candidates[0].dir;
}

export function writeJson(file: string, value: unknown): void {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

export function readJson<T>(file: string, what: string): T {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    throw new RunError(`cannot read ${what} (${file})`);
  }
}
