// The plugin as users load it: the real `prettier` command, run as a process,
// with `--plugin` pointing at the compiled plugin (built first when stale).

import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatKiln } from '../../src/format/format.js';
import { fixturePairs, repoRoot } from './helpers.js';

const pluginPath = path.join(repoRoot, 'dist', 'src', 'format', 'plugin.js');
const prettierBin = path.join(repoRoot, 'node_modules', 'prettier', 'bin', 'prettier.cjs');
/** What the compiled plugin is built from. */
const sourceDirs = ['src/format', 'src/syntax', 'src/analysis', 'src/diagnostics', 'grammar'].map((d) => path.join(repoRoot, d));

function newestSourceTime(): number {
  let newest = 0;
  for (const dir of sourceDirs) {
    for (const f of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      if (f.endsWith('.ts')) newest = Math.max(newest, fs.statSync(path.join(dir, f)).mtimeMs);
    }
  }
  return newest;
}

function buildPluginIfStale(): void {
  if (fs.existsSync(pluginPath) && fs.statSync(pluginPath).mtimeMs >= newestSourceTime()) return;
  try {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: repoRoot, stdio: 'pipe' });
  } catch {
    // Type errors elsewhere in the project do not stop tsc from emitting; the check below is what matters.
  }
  if (!fs.existsSync(pluginPath)) throw new Error('building with `npx tsc -p tsconfig.json` did not produce dist/src/format/plugin.js');
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function prettier(args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [prettierBin, `--plugin=${pluginPath}`, ...args], { cwd: workDir }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
    if (stdin !== undefined) child.stdin!.end(stdin);
  });
}

let workDir: string;

function writeKiln(name: string, text: string): string {
  const file = path.join(workDir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('the prettier command with the Kiln plugin', () => {
  const pair = fixturePairs().find((p) => p.name === 'comments-bodies')!;

  beforeAll(() => {
    buildPluginIfStale();
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-prettier-'));
  });

  it('passes --check on a formatted file', async () => {
    const file = writeKiln('formatted.kiln', pair.output!);
    const run = await prettier(['--check', file]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('fails --check on an unformatted file and names it', async () => {
    const file = writeKiln('messy.kiln', pair.input);
    const run = await prettier(['--check', file]);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toContain('messy.kiln');
  });

  it('writes the same text as formatKiln with --write', async () => {
    const file = writeKiln('rewrite.kiln', pair.input);
    const run = await prettier(['--write', file]);
    expect(run.code).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toBe(await formatKiln(pair.input));
  });

  it('formats standard input by the file name it is given', async () => {
    const run = await prettier(['--stdin-filepath', 'piped.kiln'], pair.input);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(await formatKiln(pair.input));
  });

  it('reports a syntax error with its message and position, and leaves the file alone', async () => {
    const broken = 'model m(x: f32[4]) -> f32[4] {\n  x |> dense(4\n}\n';
    const file = writeKiln('broken.kiln', broken);
    const run = await prettier(['--write', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('broken.kiln');
    expect(run.stderr).toMatch(/expected `\)`/);
    expect(run.stderr).toContain('(3:1)');
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(fs.readFileSync(file, 'utf8')).toBe(broken);
  });
});
