// JSON and GitHub Actions output: the fields scripts read and the escaping
// GitHub's workflow-command parser expects.

import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/diagnostics/render/json.js';
import { renderGithub } from '../../src/diagnostics/render/github.js';
import { cwd, diag, source, spanAt, spanOf } from './helpers.js';

const file = source('examples/nested dir/digits.kiln', 'model m(x: f32[4]) -> f32[2] {\n  x |> dense(2)\n}\n');
const other = source('lib/blocks.kiln', 'block b() { dense(1) }\n');

describe('json', () => {
  it('writes one array with 1-based positions and paths relative to cwd', () => {
    const d = diag({
      code: 'K2001',
      message: 'shape mismatch',
      span: spanOf(file, 'dense(2)'),
      label: 'here',
      help: 'use `dense(4)`',
      notes: ['a note'],
      related: [{ span: spanOf(other, 'dense(1)'), message: 'defined here' }],
      fix: { title: 'change the units', edits: [{ span: spanOf(file, '2)'), newText: '4)' }] },
    });
    const parsed = JSON.parse(renderJson([d], { cwd }));
    expect(parsed).toEqual([
      {
        file: 'examples/nested dir/digits.kiln',
        line: 2,
        column: 8,
        endLine: 2,
        endColumn: 16,
        severity: 'error',
        code: 'K2001',
        message: 'shape mismatch',
        label: 'here',
        help: 'use `dense(4)`',
        notes: ['a note'],
        related: [{ file: 'lib/blocks.kiln', line: 1, column: 13, endLine: 1, endColumn: 21, message: 'defined here' }],
        fix: { title: 'change the units', edits: [{ file: 'examples/nested dir/digits.kiln', line: 2, column: 14, endLine: 2, endColumn: 16, newText: '4)' }] },
      },
    ]);
  });

  it('leaves out optional fields that are absent and writes an empty array for no diagnostics', () => {
    const d = diag({ severity: 'warning', code: 'K1203', message: 'unused', span: spanAt(file, 0, 5) });
    expect(JSON.parse(renderJson([d], { cwd }))).toEqual([
      { file: 'examples/nested dir/digits.kiln', line: 1, column: 1, endLine: 1, endColumn: 6, severity: 'warning', code: 'K1203', message: 'unused' },
    ]);
    expect(JSON.parse(renderJson([], { cwd }))).toEqual([]);
  });

  it('writes files outside cwd relative with ../ and keeps non-path names', () => {
    const outside = source('../elsewhere/x.kiln', 'x');
    const stdin = { ...spanAt(outside, 0, 1), file: '<stdin>' };
    const parsed = JSON.parse(renderJson([diag({ message: 'a', span: spanAt(outside, 0, 1) }), diag({ message: 'b', span: stdin })], { cwd }));
    expect(parsed.map((p: { file: string }) => p.file)).toEqual(['../elsewhere/x.kiln', '<stdin>']);
  });
});

describe('github', () => {
  it('writes one workflow command per diagnostic, mapping note to notice', () => {
    const error = diag({ code: 'K1203', message: 'unknown layer `dens`', span: spanOf(file, 'dense(2)') });
    const warning = diag({ code: 'K1204', severity: 'warning', message: 'unused', span: spanAt(file, 0, 5) });
    const note = diag({ code: 'K1205', severity: 'note', message: 'fyi', span: spanAt(other, 0, 5), help: 'rename it' });
    expect(renderGithub([error, warning, note], { cwd })).toBe(
      [
        '::error file=examples/nested dir/digits.kiln,line=2,col=8,endLine=2,endColumn=16,title=K1203::unknown layer `dens`',
        '::warning file=examples/nested dir/digits.kiln,line=1,col=1,endLine=1,endColumn=6,title=K1204::unused',
        '::notice file=lib/blocks.kiln,line=1,col=1,endLine=1,endColumn=6,title=K1205::fyi%0Ahelp: rename it',
        '',
      ].join('\n'),
    );
  });

  it('escapes %, CR and LF in the message, and also , and : in properties', () => {
    const odd = source('a,b:c%.kiln', 'x');
    const d = diag({ code: 'K0001', message: '100% wrong:\r\nline two, really', span: spanAt(odd, 0, 1) });
    expect(renderGithub([d], { cwd })).toBe('::error file=a%2Cb%3Ac%25.kiln,line=1,col=1,endLine=1,endColumn=2,title=K0001::100%25 wrong:%0D%0Aline two, really\n');
  });

  it('writes nothing for no diagnostics', () => {
    expect(renderGithub([], { cwd })).toBe('');
  });
});
