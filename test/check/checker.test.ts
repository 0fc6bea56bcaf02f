// The checker as the language server and the CLI use it: position queries on
// a checked file, memoised cross-file results, and no tf.js on the check path.

import { describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { analyze } from '../../src/analysis/analyze.js';
import type { ProgramHost } from '../../src/analysis/program.js';
import { entryAt, modelAt, typeAt } from '../../src/check/index.js';
import { formatType } from '../../src/types/tensor.js';

const root = '/project';

function check(files: Record<string, string>) {
  const host: ProgramHost = {
    read: (f) => (f in files ? { text: files[f] } : { error: 'no such file', missing: true }),
  };
  const full = Object.fromEntries(Object.entries(files).map(([k, v]) => [path.join(root, k), v]));
  const result = analyze(Object.keys(full).filter((f) => f.endsWith('main.kiln')), { cwd: root, root, host: { read: (f) => host.read(path.relative(root, f)) } });
  return { result, file: (name: string) => result.files.get(path.join(root, name))!, text: full };
}

const spec = `model cnn(image: f32[28, 28, 1]) -> f32[10] {
  image |> conv2d(16, 3) |> max_pool(2) |> flatten() |> dense(10)
}
`;

describe('position queries', () => {
  it('gives the inferred type and parameter count of the stage under the cursor', () => {
    const { result, file } = check({ 'main.kiln': spec });
    expect(result.diagnostics).toEqual([]);
    const f = file('main.kiln');
    const at = (needle: string) => spec.indexOf(needle) + 1;
    const conv = typeAt(f, at('conv2d'));
    expect(conv?.type && formatType(conv.type)).toBe('f32[26, 26, 16]');
    expect(conv?.params).toBe(160);
    expect(formatType(typeAt(f, at('max_pool'))!.type!)).toBe('f32[13, 13, 16]');
    expect(formatType(typeAt(f, at('flatten'))!.type!)).toBe('f32[2704]');
    expect(entryAt(f, at('dense'))?.entry.name).toBe('dense');
    expect(entryAt(f, at('dense'))?.entry.kind).toBe('layer');
  });

  it('keeps a layer table per model', () => {
    const { file } = check({ 'main.kiln': spec });
    const g = modelAt(file('main.kiln'), 'cnn')!;
    expect(g.nodes.map((n) => n.id)).toEqual(['image', 'conv2d', 'max_pool', 'flatten', 'dense']);
    expect(g.nodes.at(-1)!.params).toBe(2704 * 10 + 10);
  });
});

describe('across files', () => {
  it('instantiates an imported block with its arguments and reports the use, not the block', () => {
    const { result } = check({
      'blocks.kiln': 'block head(units: int) {\n  dense(units, activation: relu)\n}\n',
      'main.kiln': 'import "blocks.kiln"\n\nmodel m(image: f32[28, 28, 1]) -> f32[10] {\n  image |> head(64) |> dense(10)\n}\n',
    });
    expect(result.diagnostics.map((d) => [d.code, path.basename(d.span.file), d.span.startPos.line])).toEqual([['K2201', 'main.kiln', 4]]);
    expect(result.diagnostics[0].related.some((r) => path.basename(r.span.file) === 'blocks.kiln')).toBe(true);
  });

  it('offers a machine-applicable fix inserting flatten()', () => {
    const { result } = check({ 'main.kiln': 'model m(image: f32[28, 28, 1]) -> f32[10] {\n  image |> dense(10)\n}\n' });
    const fix = result.diagnostics[0].fix!;
    expect(fix.edits[0].newText).toBe('flatten() |> ');
    expect(fix.edits[0].span.start).toBe(fix.edits[0].span.end);
  });
});
