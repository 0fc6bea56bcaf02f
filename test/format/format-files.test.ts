// What `kiln fmt` builds on: formatting a set of files, reporting which would
// change, never touching a file with syntax errors, and the options Prettier
// users expect (tab width, tabs, print width).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkFormatted, formatFiles, formatKiln, formatSource, KilnSyntaxError } from '../../src/format/format.js';
import { fixturePairs } from './helpers.js';

const pair = fixturePairs().find((p) => p.name === 'models')!;
const broken = 'data d {\n  source = mnist(\n}\n';
let dir: string;

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('formatFiles and checkFormatted', () => {
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-fmt-'));
  });

  it('reports which files would change and writes nothing', async () => {
    const clean = write('clean.kiln', pair.output!);
    const messy = write('messy.kiln', pair.input);
    const bad = write('bad.kiln', broken);
    const results = await checkFormatted([clean, messy, bad]);
    expect(results.map((r) => [path.basename(r.path), r.status, r.written])).toEqual([
      ['clean.kiln', 'unchanged', false],
      ['messy.kiln', 'changed', false],
      ['bad.kiln', 'syntax-error', false],
    ]);
    expect(fs.readFileSync(messy, 'utf8')).toBe(pair.input);
    expect(results[1].formatted).toBe(pair.output);
  });

  it('rewrites changed files and leaves files with syntax errors untouched, returning their diagnostics', async () => {
    const messy = write('messy.kiln', pair.input);
    const bad = write('bad.kiln', broken);
    const [formatted, failed] = await formatFiles([messy, bad], { write: true });
    expect(formatted).toMatchObject({ status: 'changed', written: true });
    expect(fs.readFileSync(messy, 'utf8')).toBe(pair.output);
    expect(failed.status).toBe('syntax-error');
    expect(failed.written).toBe(false);
    expect(failed.diagnostics.length).toBeGreaterThan(0);
    expect(failed.diagnostics[0]).toMatchObject({ code: 'K0102', severity: 'error' });
    expect(failed.diagnostics[0].span.file).toBe(bad);
    expect(failed.diagnostics[0].span.startPos).toEqual({ line: 3, column: 1 });
    expect(fs.readFileSync(bad, 'utf8')).toBe(broken);
  });

  it('reports a file it cannot read instead of throwing', async () => {
    const [missing] = await formatFiles([path.join(dir, 'missing.kiln')], { write: true });
    expect(missing.status).toBe('unreadable');
    expect(missing.error).toMatch(/ENOENT|no such file/);
  });
});

describe('formatKiln', () => {
  const source = 'model m(x: f32[4]) -> f32[4] {\n  x |> dense(4, activation: relu) |> dropout(0.5)\n}\n';

  it('honours tabWidth and useTabs', async () => {
    expect(await formatKiln(source, { tabWidth: 4 })).toContain('\n    x |> dense(');
    expect(await formatKiln(source, { useTabs: true })).toContain('\n\tx |> dense(');
  });

  it('breaks a pipeline one stage per line, then long arguments one per line, as the width shrinks', async () => {
    expect(await formatKiln(source, { printWidth: 40 })).toBe(
      'model m(x: f32[4]) -> f32[4] {\n  x\n    |> dense(4, activation: relu)\n    |> dropout(0.5)\n}\n',
    );
    expect(await formatKiln(source, { printWidth: 20 })).toContain('|> dense(\n      4,\n      activation: relu,\n    )\n');
  });

  it('turns CRLF line ends into LF and keeps blank lines', async () => {
    const crlf = 'data d {\r\n  seed 1 // one\r\n\r\n  batch 2\r\n}\r\n';
    expect(await formatKiln(crlf)).toBe('data d {\n  seed 1 // one\n\n  batch 2\n}\n');
  });

  it('formats an empty file to an empty file', async () => {
    expect(await formatKiln('')).toBe('');
    expect(await formatKiln('\n\n')).toBe('');
  });

  it('rejects a syntax error with the diagnostics and a Prettier-style location', async () => {
    const error = await formatKiln(broken, { filepath: 'broken.kiln' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KilnSyntaxError);
    const e = error as KilnSyntaxError;
    expect(e.loc.start).toEqual({ line: 3, column: 1 });
    expect(e.message).toContain('expected `)`');
    expect(e.diagnostics[0].span.file).toBe('broken.kiln');
  });

  it('returns diagnostics as a value from formatSource', async () => {
    const outcome = await formatSource(broken);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.diagnostics.map((d) => d.code)).toContain('K0102');
    const fine = await formatSource(pair.output!);
    expect(fine).toEqual({ ok: true, formatted: pair.output, changed: false });
  });

  it('does not format text with a character that is not part of any token', async () => {
    const outcome = await formatSource('data d { seed 1 § }\n');
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.diagnostics[0].code).toBe('K0001');
  });
});
