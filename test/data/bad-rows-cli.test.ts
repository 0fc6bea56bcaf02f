// Bad CSV rows through `kiln run` as a process: the planted rows of
// test/data/fixtures/iris-bad-rows.csv stop the run with file, line and field
// (no stack trace), or, under `on_error skip`, are counted in the run output
// and in summary.json. The shipped CSV example runs clean.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runKiln } from '../helpers/cli.js';

const fixtures = path.join(repoRoot, 'test', 'data', 'fixtures');

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

function runIn(spec: string) {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-bad-rows-'));
  made.push(cwd);
  const r = runKiln(['run', spec, '--backend', 'cpu'], { cwd, env: { CI: '1' } });
  return { ...r, cwd };
}

function onlyRun(cwd: string, experiment: string): string {
  const dir = path.join(cwd, 'runs', experiment);
  const runs = fs.readdirSync(dir);
  expect(runs).toHaveLength(1);
  return path.join(dir, runs[0]);
}

describe('bad rows in a CSV', () => {
  it('stop the run at the first one, naming file, line, field and value, with exit 1 and no stack', () => {
    const r = runIn(path.join(fixtures, 'iris-bad-rows.kiln'));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('kiln run: error: bad data: iris-bad-rows.csv:5: field "petal_width": expected float, found "five"\n');
    expect(r.stderr + r.stdout).not.toMatch(/\n\s+at /);
  });

  it('are skipped and counted under `on_error skip`, in the run output and summary.json', () => {
    const r = runIn(path.join(fixtures, 'iris-bad-rows-skip.kiln'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/data flowers: 13 train \/ 0 val \/ 3 test \(4 bad rows skipped\)/);
    expect(r.stdout).toContain('data flowers: skipped 1 row: field "petal_width": expected float (first at iris-bad-rows.csv:5)');
    expect(r.stdout).toContain('data flowers: skipped 2 rows: expected 5 columns (first at iris-bad-rows.csv:10)');
    expect(r.stdout).toContain('data flowers: skipped 1 row: field "sepal_width": expected float (first at iris-bad-rows.csv:14)');
    const summary = JSON.parse(fs.readFileSync(path.join(onlyRun(r.cwd, 'bad_rows'), 'summary.json'), 'utf8'));
    expect(summary.data.flowers.skipped).toBe(4);
    expect(summary.data.flowers.skipped_reasons).toEqual([
      { reason: 'field "petal_width": expected float', count: 1, first: 'iris-bad-rows.csv:5' },
      { reason: 'expected 5 columns', count: 2, first: 'iris-bad-rows.csv:10' },
      { reason: 'field "sepal_width": expected float', count: 1, first: 'iris-bad-rows.csv:14' },
    ]);
  });

  it('are absent from the shipped CSV example, which runs, dedupes and saves its statistics', () => {
    const r = runIn(path.join(repoRoot, 'examples', 'csv-iris.kiln'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('data flowers: dedupe() removed 1 row');
    expect(r.stdout).not.toContain('skipped');
    const stats = JSON.parse(fs.readFileSync(path.join(onlyRun(r.cwd, 'csv_iris'), 'stats.json'), 'utf8'));
    expect(Object.keys(stats.flowers).sort()).toEqual(['label', 'petal_length', 'petal_width', 'sepal_length', 'sepal_width']);
    expect(stats.flowers.label.class_labels.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(stats.flowers.petal_length.standardize.examples).toBe(104);
  });
});
