// The closing line of `kiln check`.

import { describe, expect, it } from 'vitest';
import { summaryLine } from '../../src/diagnostics/render/summary.js';
import { diag, source, spanAt } from './helpers.js';

const file = source('a.kiln', 'x');
const of = (severity: 'error' | 'warning' | 'note') => diag({ severity, message: 'm', span: spanAt(file, 0, 1) });

describe('summary line', () => {
  it('counts each severity, pluralised', () => {
    expect(summaryLine([of('error'), of('error'), of('warning')], 3)).toBe('2 errors, 1 warning in 3 files');
    expect(summaryLine([of('error'), of('warning'), of('warning'), of('note')], 1)).toBe('1 error, 2 warnings, 1 note in 1 file');
    expect(summaryLine([of('note'), of('note')], 2)).toBe('2 notes in 2 files');
  });

  it('says when there is nothing to report', () => {
    expect(summaryLine([], 3)).toBe('no problems in 3 files');
    expect(summaryLine([], 1)).toBe('no problems in 1 file');
    expect(summaryLine([], 0)).toBe('no problems in 0 files');
  });

  it('colours only when asked', () => {
    expect(summaryLine([of('error')], 1, { color: true })).toMatch(/\x1b\[/);
    expect(summaryLine([of('error')], 1, { color: false })).not.toMatch(/\x1b\[/);
  });
});
