import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { examplesDir, irisProgram, repoRoot, tempDir } from './helpers.js';

const kiln = path.join(repoRoot, 'bin', 'kiln.js');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [kiln, 'run', ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: '1', NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The iris IR written to a temp folder, its spec path made absolute so data paths still resolve. */
function writeIr(dir: string, change: Parameters<typeof irisProgram>[0] = () => undefined): string {
  const program = irisProgram(change);
  program.source = path.join(examplesDir, 'iris.kiln');
  const file = path.join(dir, 'iris.ir.json');
  fs.writeFileSync(file, JSON.stringify(program));
  return file;
}

describe('kiln run', () => {
  it('prints a header, a line per epoch and a final table, and leaves the run folder', () => {
    const cwd = tempDir();
    const r = run([writeIr(cwd), '--epochs', '2', '--backend', 'cpu'], cwd);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('kiln run iris');
    expect(lines[1]).toMatch(/^backend cpu: requested$/);
    expect(lines[2]).toBe('seed 1 · data flowers: 105 train / 15 val / 30 test · model flower_net: 403 parameters');
    expect(lines.filter((l) => /^epoch \d\/2 {2}loss [\d.]+ {2}val_loss [\d.]+ {2}val_accuracy [\d.]+/.test(l))).toHaveLength(2);
    expect(r.stdout).toMatch(/model\s+split\s+loss\s+accuracy/);
    expect(r.stdout).toMatch(/flower_net\s+test\s+[\d.]+\s+[\d.]+/);
    const runs = fs.readdirSync(path.join(cwd, 'runs', 'iris'));
    expect(runs).toHaveLength(1);
    expect(fs.existsSync(path.join(cwd, 'runs', 'iris', runs[0], 'model', 'model.json'))).toBe(true);
  });

  it('reports a bad row with its file and line, without a stack trace', () => {
    const cwd = tempDir();
    const file = writeIr(cwd, (p) => {
      p.data.flowers.source.args.path = '../test/data/fixtures/iris-bad-rows.csv';
    });
    const r = run([file, '--epochs', '1', '--backend', 'cpu', '--out', path.join(cwd, 'out')], cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^kiln run: error: bad data: .*iris-bad-rows\.csv:5: field "petal_width"/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('names the experiments when the one asked for does not exist', () => {
    const cwd = tempDir();
    const r = run([writeIr(cwd), '--experiment', 'irsi'], cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('kiln run: error: there is no experiment `irsi`');
    expect(r.stderr).toContain('the experiments are: iris');
  });
});
