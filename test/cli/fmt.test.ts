// `kiln fmt` as a process: the examples are formatted; --check lists what
// would change; a file with syntax errors is reported and left untouched.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKiln } from '../helpers/cli.js';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kiln-fmt-'));
  writeFileSync(path.join(dir, 'kiln.json'), '{}');
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const messy = 'model   m(x: f32[4])->f32[2]{x|>dense(8,activation:relu)|>dense(2)}\n';

describe('kiln fmt', () => {
  it('every example is formatted', () => {
    const r = runKiln(['fmt', '--check', 'examples']);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
  });

  it('--check lists the files that would change and exits 1, writing nothing', () => {
    const dir = project({ 'a.kiln': messy });
    const r = runKiln(['fmt', '--check'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('a.kiln\n');
    expect(readFileSync(path.join(dir, 'a.kiln'), 'utf8')).toBe(messy);
  });

  it('rewrites files in place', () => {
    const dir = project({ 'a.kiln': messy });
    const r = runKiln(['fmt', '--write', 'a.kiln'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(dir, 'a.kiln'), 'utf8')).toBe('model m(x: f32[4]) -> f32[2] {\n  x |> dense(8, activation: relu) |> dense(2)\n}\n');
    expect(runKiln(['fmt', '--check'], { cwd: dir }).code).toBe(0);
  });

  it('leaves a file with syntax errors untouched and exits 2 with its diagnostics', () => {
    const broken = 'model m(x: f32[4] -> f32[2] {\n  x |> dense(2)\n}\n';
    const dir = project({ 'b.kiln': broken });
    const r = runKiln(['fmt'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error[K0102]');
    expect(r.stderr).toContain('b.kiln has syntax errors; left unchanged');
    expect(readFileSync(path.join(dir, 'b.kiln'), 'utf8')).toBe(broken);
  });
});
