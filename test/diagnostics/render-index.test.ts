// The single entry point the CLI calls: every format, in one order.

import { describe, expect, it } from 'vitest';
import { outputFormats, renderDiagnostics } from '../../src/diagnostics/render/index.js';
import { cwd, diag, lookupIn, source, spanOf } from './helpers.js';

const a = source('a.kiln', 'alpha beta\n');
const b = source('b.kiln', 'gamma\n');
const diagnostics = [
  diag({ code: 'K0002', message: 'in b', span: spanOf(b, 'gamma') }),
  diag({ code: 'K0003', message: 'second in a', span: spanOf(a, 'beta') }),
  diag({ code: 'K0001', message: 'first in a', span: spanOf(a, 'alpha') }),
];
const options = { cwd, files: lookupIn(a, b), version: '0.1.0' };

describe('renderDiagnostics', () => {
  it('orders diagnostics by file and position in every format, without reordering the input', () => {
    const input = [...diagnostics];
    const text = renderDiagnostics('text', input, options);
    expect(text.indexOf('first in a')).toBeLessThan(text.indexOf('second in a'));
    expect(text.indexOf('second in a')).toBeLessThan(text.indexOf('in b'));
    expect(JSON.parse(renderDiagnostics('json', input, options)).map((d: { code: string }) => d.code)).toEqual(['K0001', 'K0003', 'K0002']);
    expect(renderDiagnostics('github', input, options).split('\n').filter(Boolean).map((l) => /title=(\w+)/.exec(l)![1])).toEqual(['K0001', 'K0003', 'K0002']);
    const sarif = JSON.parse(renderDiagnostics('sarif', input, options));
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toEqual(['K0001', 'K0003', 'K0002']);
    expect(sarif.runs[0].tool.driver.version).toBe('0.1.0');
    expect(input).toEqual(diagnostics);
  });

  it('renders an empty list in every format', () => {
    for (const format of outputFormats) expect(() => renderDiagnostics(format, [], options)).not.toThrow();
    expect(renderDiagnostics('text', [], options)).toBe('');
    expect(renderDiagnostics('json', [], options)).toBe('[]\n');
  });
});
