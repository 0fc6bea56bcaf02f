// The terminal format, case by case, as exact text: each expectation is what a
// user sees, so a change to the layout shows up here as a reviewable diff.

import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/diagnostics/render/text.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import type { SourceFile } from '../../src/analysis/source.js';
import { cwd, diag, lookupIn, source, spanAt, spanOf } from './helpers.js';

function render(diagnostics: Diagnostic[], ...files: SourceFile[]): string {
  return renderText(diagnostics, { cwd, files: lookupIn(...files) });
}

const lines = (...rows: string[]) => `${rows.join('\n')}\n`;

const digits = source(
  'examples/digits.kiln',
  [
    'model classifier(x: f32[28, 28, 1]) -> f32[10] {',
    '  x',
    '    |> conv2d(16, 3)',
    '      |> dense(128)',
    '}',
    '',
  ].join('\n'),
);

describe('text rendering', () => {
  it('shows a primary span with a related label on the line before, then notes and help', () => {
    const d = diag({
      code: 'K0204',
      message: '`dense` expects a rank-1 input, found f32[26, 26, 16]',
      span: spanOf(digits, 'dense(128)'),
      label: 'needs f32[n]',
      related: [{ span: spanOf(digits, 'conv2d(16, 3)'), message: 'produces f32[26, 26, 16]' }],
      notes: ['dense layers work on vectors'],
      help: 'insert `flatten()` before `dense`',
    });
    expect(render([d], digits)).toBe(
      lines(
        'error[K0204]: `dense` expects a rank-1 input, found f32[26, 26, 16]',
        ' --> examples/digits.kiln:4:10',
        '  |',
        '3 |     |> conv2d(16, 3)',
        '  |        ------------- produces f32[26, 26, 16]',
        '4 |       |> dense(128)',
        '  |          ^^^^^^^^^^ needs f32[n]',
        '  |',
        '  = note: dense layers work on vectors',
        '  = help: insert `flatten()` before `dense`',
      ),
    );
  });

  it('shows a single-line span without extras as just the header and the marked line', () => {
    const d = diag({ code: 'K1203', severity: 'warning', message: 'unused block `head`', span: spanOf(digits, 'classifier') });
    expect(render([d], digits)).toBe(
      lines(
        'warning[K1203]: unused block `head`',
        ' --> examples/digits.kiln:1:7',
        '  |',
        '1 | model classifier(x: f32[28, 28, 1]) -> f32[10] {',
        '  |       ^^^^^^^^^^',
      ),
    );
  });

  it('marks the first and last line of a multi-line span and elides the lines between', () => {
    const start = digits.text.indexOf('{');
    const d = diag({ severity: 'note', message: 'model body', span: spanAt(digits, start, digits.text.lastIndexOf('}') + 1), label: 'this body' });
    expect(render([d], digits)).toBe(
      lines(
        'note[K0204]: model body',
        ' --> examples/digits.kiln:1:48',
        '  |',
        '1 | model classifier(x: f32[28, 28, 1]) -> f32[10] {',
        '  |                                                ^',
        '...',
        '5 | }',
        '  | ^ this body',
      ),
    );
  });

  it('shows the one line between two marked lines instead of eliding it, and ignores a trailing newline in a span', () => {
    const file = source('m.kiln', 'block b {\n  dense(1)\n}\nx\n');
    const d = diag({ message: 'm', span: spanAt(file, 0, file.text.indexOf('x')), label: 'block' });
    expect(render([d], file)).toBe(
      lines('error[K0204]: m', ' --> m.kiln:1:1', '  |', '1 | block b {', '  | ^^^^^^^^^', '2 |   dense(1)', '3 | }', '  | ^ block'),
    );
  });

  it('puts several labels on one line, the rightmost inline and the others hanging below', () => {
    const d = diag({
      message: 'kernel larger than input',
      span: spanOf(digits, '16'),
      label: 'filters',
      related: [
        { span: spanOf(digits, 'conv2d'), message: 'this layer' },
        { span: spanOf(digits, '3)'), message: 'kernel' },
      ],
    });
    expect(render([d], digits)).toBe(
      lines(
        'error[K0204]: kernel larger than input',
        ' --> examples/digits.kiln:3:15',
        '  |',
        '3 |     |> conv2d(16, 3)',
        '  |        ------ ^^  -- kernel',
        '  |        |      |',
        '  |        |      filters',
        '  |        this layer',
      ),
    );
  });

  it('shows a related span in another file under its own header', () => {
    const blocks = source('lib/blocks.kiln', 'block head() {\n  dense(10)\n}\n');
    const d = diag({
      code: 'K1101',
      message: 'block `head` expects 1 argument, found 0',
      span: spanOf(digits, 'dense(128)'),
      label: 'called here',
      related: [{ span: spanOf(blocks, 'head()'), message: 'defined here' }],
      help: 'pass `units`',
    });
    expect(render([d], digits, blocks)).toBe(
      lines(
        'error[K1101]: block `head` expects 1 argument, found 0',
        ' --> examples/digits.kiln:4:10',
        '  |',
        '4 |       |> dense(128)',
        '  |          ^^^^^^^^^^ called here',
        '  |',
        ' --> lib/blocks.kiln:1:7',
        '  |',
        '1 | block head() {',
        '  |       ------ defined here',
        '  |',
        '  = help: pass `units`',
      ),
    );
  });

  it('points one caret after the last character for a span at the end of a file', () => {
    const withNewline = diag({ message: 'expected `}`', span: spanAt(digits, digits.text.length), label: 'file ends here' });
    const truncated = source('t.kiln', 'model m() {\n  x');
    const withoutNewline = diag({ message: 'expected `}`', span: spanAt(truncated, truncated.text.length), label: 'file ends here' });
    expect(render([withNewline, withoutNewline], digits, truncated)).toBe(
      lines(
        'error[K0204]: expected `}`',
        ' --> examples/digits.kiln:6:1',
        '  |',
        '5 | }',
        '  |  ^ file ends here',
        '',
        'error[K0204]: expected `}`',
        ' --> t.kiln:2:4',
        '  |',
        '2 |   x',
        '  |    ^ file ends here',
      ),
    );
  });

  it('gives an empty span one caret, also in an empty file', () => {
    const empty = source('empty.kiln', '');
    const inside = diag({ message: 'expected `,`', span: spanAt(digits, digits.text.indexOf(' 3)')), label: 'here' });
    const nothing = diag({ message: 'file is empty', span: spanAt(empty, 0) });
    expect(render([inside, nothing], digits, empty)).toBe(
      lines(
        'error[K0204]: expected `,`',
        ' --> examples/digits.kiln:3:18',
        '  |',
        '3 |     |> conv2d(16, 3)',
        '  |                  ^ here',
        '',
        'error[K0204]: file is empty',
        ' --> empty.kiln:1:1',
        '  |',
        '1 |',
        '  | ^',
      ),
    );
  });

  it('expands tabs so the carets stay under the code', () => {
    const file = source('tabs.kiln', 'model m() {\n\t\tx |>\tdense(4)\n}\n');
    const d = diag({ message: 'm', span: spanOf(file, 'dense(4)'), label: 'here', related: [{ span: spanOf(file, 'x'), message: 'from' }] });
    expect(render([d], file)).toBe(
      lines(
        'error[K0204]: m',
        ' --> tabs.kiln:2:8',
        '  |',
        '2 |         x |>    dense(4)',
        '  |         -       ^^^^^^^^ here',
        '  |         |',
        '  |         from',
      ),
    );
  });

  it('counts wide characters as two columns and astral characters as one', () => {
    const file = source('u.kiln', 'let 名前 = "héllo 🙂" |> dense(2)\n');
    const d = diag({ message: 'm', span: spanOf(file, 'dense(2)'), label: 'after wide text', related: [{ span: spanOf(file, '名前'), message: 'name' }] });
    expect(render([d], file)).toBe(
      lines(
        'error[K0204]: m',
        ' --> u.kiln:1:24',
        '  |',
        '1 | let 名前 = "héllo 🙂" |> dense(2)',
        '  |     ----                 ^^^^^^^^ after wide text',
        '  |     |',
        '  |     name',
      ),
    );
  });

  it('cuts a 10,000-character line to a window around the span', () => {
    const file = source('long.kiln', `${'x'.repeat(5000)} target ${'y'.repeat(5000)}`);
    const d = diag({ message: 'm', span: spanOf(file, 'target'), label: 'here' });
    const out = render([d], file);
    expect(out).toBe(
      lines(
        'error[K0204]: m',
        ' --> long.kiln:1:5002',
        '  |',
        `1 | ...${'x'.repeat(19)} target ${'y'.repeat(73)}...`,
        `  |    ${' '.repeat(20)}^^^^^^ here`,
      ),
    );
    expect(Math.max(...out.split('\n').map((l) => l.length))).toBeLessThan(120);
  });

  it('keeps a caret at the end of a long line, and names the column of a span cut off the window', () => {
    const file = source('long.kiln', `${'y'.repeat(60)} start ${'z'.repeat(200)} end`);
    const d = diag({ message: 'm', span: spanOf(file, 'start'), label: 'p', related: [{ span: spanOf(file, 'end'), message: 's' }] });
    const atEnd = diag({ message: 'eol', span: spanAt(file, file.text.length), label: 'end of line' });
    expect(render([d, atEnd], file)).toBe(
      lines(
        'error[K0204]: m',
        ' --> long.kiln:1:62',
        '  |',
        `1 | ...${'y'.repeat(19)} start ${'z'.repeat(74)}...`,
        `  |    ${' '.repeat(20)}^^^^^${' '.repeat(74)}- s (column 269)`,
        `  |    ${' '.repeat(20)}|`,
        `  |    ${' '.repeat(20)}p`,
        '',
        'error[K0204]: eol',
        ' --> long.kiln:1:272',
        '  |',
        `1 | ...${'z'.repeat(96)} end`,
        `  |    ${' '.repeat(100)}^ end of line`,
      ),
    );
  });

  it('widens the gutter for two-digit line numbers and keeps CRLF out of the output', () => {
    const file = source('n.kiln', Array.from({ length: 12 }, (_, i) => `line${i + 1}`).join('\r\n'));
    const d = diag({ message: 'm', span: spanOf(file, 'line10'), label: 'p', related: [{ span: spanOf(file, 'line8'), message: 's' }] });
    expect(render([d], file)).toBe(
      lines(
        'error[K0204]: m',
        '  --> n.kiln:10:1',
        '   |',
        ' 8 | line8',
        '   | ----- s',
        ' 9 | line9',
        '10 | line10',
        '   | ^^^^^^ p',
      ),
    );
  });

  it('still reports the location and labels when the file cannot be read', () => {
    const d = diag({ message: 'gone', span: spanOf(digits, 'classifier'), label: 'here', help: 'check the path' });
    expect(render([d])).toBe(
      lines('error[K0204]: gone', ' --> examples/digits.kiln:1:7', '  = note: here (at examples/digits.kiln:1:7)', '  = help: check the path'),
    );
  });

  it('aligns the lines of multi-line notes and shows a fix title as help when there is no help', () => {
    const d = diag({
      message: 'm',
      span: spanOf(digits, 'x', 1),
      notes: ['first line\nsecond line'],
      fix: { title: 'insert `flatten()`', edits: [{ span: spanAt(digits, 0), newText: 'flatten() |> ' }] },
    });
    expect(render([d], digits)).toBe(
      lines(
        'error[K0204]: m',
        ' --> examples/digits.kiln:2:3',
        '  |',
        '2 |   x',
        '  |   ^',
        '  |',
        '  = note: first line',
        '          second line',
        '  = help: insert `flatten()`',
      ),
    );
  });

  it('writes colour codes only when asked', () => {
    const d = diag({ message: 'm', span: spanOf(digits, 'dense'), label: 'l' });
    const plain = renderText([d], { cwd, files: lookupIn(digits) });
    const coloured = renderText([d], { cwd, files: lookupIn(digits), color: true });
    expect(plain).not.toMatch(/\x1b\[/);
    expect(coloured).toMatch(/\x1b\[31m/);
    expect(coloured.replace(/\x1b\[[0-9;]*m/g, '')).toBe(plain);
  });

  it('does not crash on spans that point past the end of the text', () => {
    const stale = { file: digits.path, start: 9999, end: 10005, startPos: { line: 40, column: 3 }, endPos: { line: 41, column: 9 } };
    const out = render([diag({ message: 'stale', span: stale, label: 'x' })], digits);
    expect(out).toContain('error[K0204]: stale');
    expect(out).toContain('^ x');
  });
});
