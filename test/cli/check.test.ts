// `kiln check` as a process: exit codes, every output format, file discovery.

import { mkdtempSync, writeFileSync, mkdirSync, readFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { repoRoot, runKiln } from '../helpers/cli.js';

/** A throwaway project holding a copy of an example with one planted error. */
function plantedProject(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kiln-check-'));
  writeFileSync(path.join(dir, 'kiln.json'), '{}\n');
  const text = readFileSync(path.join(repoRoot, 'examples', 'digits.kiln'), 'utf8');
  const planted = text.replace('|> mlp_head(256) |> dense(10)', '|> mlp_head(256) |> desne(10)');
  expect(planted).not.toBe(text);
  writeFileSync(path.join(dir, 'digits.kiln'), planted);
  return dir;
}

describe('kiln check', () => {
  it('passes on the examples (exit 0)', () => {
    const r = runKiln(['check', 'examples']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // On a fresh clone transfer.kiln warns that the model it starts from is not saved yet.
    expect(r.stdout).not.toContain('error[');
    expect(r.stdout.split('\n').filter((l) => /^(warning|note)\[/.test(l)).every((l) => l.startsWith('warning[K2511]'))).toBe(true);
    expect(r.stdout).toMatch(/(no problems|\d+ warnings?) in \d+ files\n$/);
  });

  it('reports a planted error with code and span (text)', () => {
    const dir = plantedProject();
    const r = runKiln(['check'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('error[K1001]: cannot find a layer, block or model named `desne`');
    expect(r.stdout).toContain('--> digits.kiln:23:');
    expect(r.stdout).toContain('= help: did you mean `dense`?');
    expect(r.stdout).toMatch(/1 error in 1 file\n$/);
  });

  it('json: one array with 1-based positions relative to the current folder', () => {
    const dir = plantedProject();
    const r = runKiln(['check', '--format', 'json', 'digits.kiln'], { cwd: dir });
    expect(r.code).toBe(1);
    const items = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(items).toHaveLength(1);
    const line = readFileSync(path.join(dir, 'digits.kiln'), 'utf8').split('\n')[22];
    const column = line.indexOf('desne') + 1;
    expect(items[0]).toMatchObject({ file: 'digits.kiln', line: 23, column, endLine: 23, endColumn: column + 5, severity: 'error', code: 'K1001' });
    expect(items[0].help).toBe('did you mean `dense`?');
  });

  it('github: workflow commands', () => {
    const dir = plantedProject();
    const r = runKiln(['check', '--format', 'github'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error file=digits\.kiln,line=23,col=\d+,endLine=23,endColumn=\d+,title=K1001::cannot find a layer/m);
  });

  it('sarif: valid SARIF 2.1.0 with rules from the catalog', async () => {
    const dir = plantedProject();
    const r = runKiln(['check', '--format', 'sarif'], { cwd: dir });
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    const schemaPath = path.join(repoRoot, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
    schema.$id = schema.id;
    delete schema.id;
    delete schema.$schema;
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false, validateFormats: false });
    const valid = ajv.validate(schema, log);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(log.runs[0].results[0]).toMatchObject({ ruleId: 'K1001', level: 'error' });
    expect(log.runs[0].tool.driver.rules.map((x: { id: string }) => x.id)).toContain('K1001');
  });

  it('searches folders recursively, skipping node_modules, and accepts globs', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kiln-find-'));
    writeFileSync(path.join(dir, 'kiln.json'), '{}');
    mkdirSync(path.join(dir, 'specs', 'deep'), { recursive: true });
    mkdirSync(path.join(dir, 'node_modules', 'x'), { recursive: true });
    cpSync(path.join(repoRoot, 'examples', 'digits.kiln'), path.join(dir, 'specs', 'deep', 'a.kiln'));
    writeFileSync(path.join(dir, 'node_modules', 'x', 'broken.kiln'), 'model (');
    expect(runKiln(['check'], { cwd: dir }).stdout).toBe('no problems in 1 file\n');
    expect(runKiln(['check', 'specs/**/*.kiln'], { cwd: dir }).code).toBe(0);
  });

  it('exit 2 for a missing path, a bad flag and a bad format', () => {
    const missing = runKiln(['check', 'no-such-file.kiln']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no-such-file.kiln');
    expect(runKiln(['check', '--bogus']).code).toBe(2);
    for (const command of ['run', 'summary', 'compile']) {
      const r = runKiln([command, 'no-such-file.kiln']);
      expect(r.code, command).toBe(2);
      expect(r.stderr, command).toContain('no-such-file.kiln');
    }
    const badFormat = runKiln(['check', '--format', 'xml', 'examples']);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('xml');
  });

  it('warnings alone exit 0', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kiln-warn-'));
    writeFileSync(path.join(dir, 'kiln.json'), '{}');
    writeFileSync(path.join(dir, 'w.kiln'), 'model m(x: f32[8]) -> f32[2] {\n  let h = x |> dense(4)\n  x |> dense(2)\n}\n');
    const r = runKiln(['check'], { cwd: dir });
    expect(r.stdout).toContain('warning[K1004]');
    expect(r.code).toBe(0);
  });

  it('--help and --version on every command', () => {
    for (const args of [['--help'], ['check', '--help'], ['explain', '--help']]) {
      const r = runKiln(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toContain('Usage: kiln');
    }
    expect(runKiln(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('kiln explain', () => {
  it('prints the long explanation of a code', () => {
    const r = runKiln(['explain', 'K1001']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('K1001');
    expect(r.stdout).toContain('desne');
  });

  it('an unknown code is a usage error with a suggestion', () => {
    const r = runKiln(['explain', 'K1010']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('K1010');
    expect(r.stderr).toMatch(/did you mean K10\d\d/);
  });
});
