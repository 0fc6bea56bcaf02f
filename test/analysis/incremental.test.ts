// Incremental programs: a Program built from an earlier one must report
// exactly what a fresh Program reports for the same texts, after any sequence
// of edits across files that import each other, and must reuse — as the very
// same objects — the analyses of files that neither changed nor import a
// changed file. The checker's position info (stage shapes, catalog calls,
// model tables) must match a fresh program's too: no stale cross-file facts.

import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../src/analysis/analyze.js';
import { diskHost, type FileAnalysis, type Program, type ProgramHost } from '../../src/analysis/program.js';
import { formatType } from '../../src/types/tensor.js';
import { rng as random } from '../helpers/mutate.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const examplesDir = path.join(repoRoot, 'examples');


/** The examples, plus a chain lib → blocks and app → lib, blocks (a namespace import too) for deeper dependents. */
function initialTexts(): Map<string, string> {
  const texts = new Map<string, string>();
  for (const f of readdirSync(examplesDir).filter((f) => f.endsWith('.kiln'))) texts.set(path.join(examplesDir, f), readFileSync(path.join(examplesDir, f), 'utf8'));
  texts.set(
    path.join(examplesDir, 'chain/lib.kiln'),
    `import "../blocks.kiln" as b\n\n// A head on top of the shared one.\nblock wide_head(units: int) {\n  dense(units, activation: relu) |> dropout(0.1)\n}\n\nmodel base(image: f32[28, 28, 1]) -> f32[10] {\n  image |> flatten() |> b.mlp_head(64) |> dense(10)\n}\n`,
  );
  texts.set(
    path.join(examplesDir, 'chain/app.kiln'),
    `import "lib.kiln"\nimport "../blocks.kiln"\n\nmodel app(image: f32[28, 28, 1]) -> f32[10] {\n  image |> flatten() |> wide_head(128) |> mlp_head(32) |> dense(10)\n}\n\nmodel stacked(image: f32[28, 28, 1]) -> f32[10] {\n  image |> base\n}\n`,
  );
  return texts;
}

/** Texts in memory over the disk (data files); a text of `undefined` is a deleted file. */
function hostOver(texts: Map<string, string | undefined>): ProgramHost {
  return {
    read: (f) => {
      if (!texts.has(f)) return diskHost.read(f);
      const text = texts.get(f);
      return text === undefined ? { error: 'no such file', missing: true } : { text };
    },
  };
}

const fragments = [
  ' ', 'x', '(', ')', '{', '}', '|>', ' |> dense(8)', ' |> flatten()', '\n', ',', ':', '"', 'mlp_head', 'conv_block', '2', '-', 'f32[4]',
  '\nblock mlp_head(units: int) {\n  dense(units)\n}\n', '\nimport "blocks.kiln"\n', '\nimport "missing.kiln"\n', '\nimport "digits-cnn.kiln"\n', '\nimport "chain/app.kiln"\n',
  '\nmodel extra(x: f32[4]) -> f32[2] { x |> mlp_head(2) }\n',
];

function mutate(text: string, rand: () => number, original: string): string {
  const r = rand();
  const at = Math.floor(rand() * (text.length + 1));
  if (r < 0.45) return text.slice(0, at) + fragments[Math.floor(rand() * fragments.length)] + text.slice(at);
  if (r < 0.8) return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(rand() * 12)));
  if (r < 0.9) return text.replace(/\bunits\b/, 'unit');
  return original;
}

function describeDiagnostics(file: FileAnalysis): string {
  return JSON.stringify(file.diagnostics);
}

function describeChecked(file: FileAnalysis): string {
  const info = file.checked;
  if (!info) return 'none';
  const stages = info.stages.map((s) => `${s.span.start}-${s.span.end}:${s.type ? formatType(s.type) : '?'}:${s.params ?? ''}`);
  const calls = info.calls.map((c) => `${c.span.start}-${c.span.end}:${c.entry.name}`);
  const models = [...info.models].map(([name, g]) => `${name}:${g.complete}:${g.nodes.map((n) => `${n.id}=${n.type ? formatType(n.type) : '?'}`).join(',')}`);
  return JSON.stringify({ stages, calls, models });
}

/** Files that import any of `changed`, directly or through others, and the changed files themselves. */
function affected(programs: Program[], changed: Set<string>): Set<string> {
  const out = new Set(changed);
  for (let grew = true; grew; ) {
    grew = false;
    for (const file of programs.flatMap((p) => [...p.files.values()])) {
      if (out.has(file.path)) continue;
      if (file.imports.some((i) => i.target && out.has(i.target))) {
        out.add(file.path);
        grew = true;
      }
    }
  }
  return out;
}

function expectSameAsFresh(incremental: Program, fresh: Program): void {
  expect([...incremental.files.keys()]).toEqual([...fresh.files.keys()]);
  expect(incremental.entryDiagnostics).toEqual(fresh.entryDiagnostics);
  for (const [file, analysis] of fresh.files) {
    const mine = incremental.files.get(file)!;
    expect(describeDiagnostics(mine), file).toBe(describeDiagnostics(analysis));
    expect(describeChecked(mine), file).toBe(describeChecked(analysis));
  }
}

describe('incremental programs', () => {
  it('rebuilt with no change, reuse every analysis as the same object', () => {
    const texts = initialTexts();
    const entries = [...texts.keys()];
    const first = createProgram(entries, examplesDir, hostOver(texts));
    const second = createProgram(entries, examplesDir, hostOver(texts), undefined, { previous: first });
    for (const [file, analysis] of first.files) expect(second.files.get(file)).toBe(analysis);
    expect(second.reused.size).toBe(first.files.size);
  });

  it('after an edit to a shared file, re-analyse it and its dependents only', () => {
    const texts: Map<string, string | undefined> = initialTexts();
    const entries = [...texts.keys()] as string[];
    const first = createProgram(entries, examplesDir, hostOver(texts));
    const blocks = path.join(examplesDir, 'blocks.kiln');
    texts.set(blocks, texts.get(blocks)!.replace('mlp_head', 'mlp_hed'));
    const second = createProgram(entries, examplesDir, hostOver(texts), undefined, { previous: first });
    const fresh = createProgram(entries, examplesDir, hostOver(texts));
    expectSameAsFresh(second, fresh);
    const redone = affected([fresh], new Set([blocks]));
    expect(redone.has(path.join(examplesDir, 'digits-cnn.kiln'))).toBe(true);
    expect(redone.has(path.join(examplesDir, 'chain/app.kiln'))).toBe(true);
    for (const [file, analysis] of first.files) {
      if (redone.has(file)) expect(second.files.get(file)).not.toBe(analysis);
      else expect(second.files.get(file)).toBe(analysis);
    }
    // The rename is reported where the old name is used, in a dependent.
    expect(second.files.get(path.join(examplesDir, 'chain/app.kiln'))!.diagnostics.map((d) => d.code)).toContain('K1001');
  });

  it('matches a fresh program after seeded random edits across importing files', () => {
    const originals = initialTexts();
    const texts: Map<string, string | undefined> = new Map(originals);
    const entries = [...texts.keys()];
    const names = [...texts.keys()];
    // Shared files are edited more often: their edits reach the most dependents.
    const weighted = [...names, path.join(examplesDir, 'blocks.kiln'), path.join(examplesDir, 'blocks.kiln'), path.join(examplesDir, 'chain/lib.kiln')];
    const rand = random(0x6b1e);
    let previous = createProgram(entries, examplesDir, hostOver(texts));
    for (let step = 0; step < 150; step++) {
      const changed = new Set<string>();
      const edits = 1 + Math.floor(rand() * 2);
      for (let i = 0; i < edits; i++) {
        const file = weighted[Math.floor(rand() * weighted.length)];
        const before = texts.get(file);
        // Now and then a file is deleted, or comes back.
        if (file.endsWith('lib.kiln') && rand() < 0.15) texts.set(file, before === undefined ? originals.get(file) : undefined);
        else texts.set(file, mutate(before ?? originals.get(file)!, rand, originals.get(file)!));
        if (texts.get(file) !== before) changed.add(file);
      }
      const incremental = createProgram(entries, examplesDir, hostOver(texts), undefined, { previous });
      const fresh = createProgram(entries, examplesDir, hostOver(texts));
      expectSameAsFresh(incremental, fresh);
      // Whatever neither changed nor depends on a change (before or after it) is the earlier object.
      const redone = affected([previous, incremental], changed);
      for (const [file, analysis] of incremental.files) {
        if (redone.has(file)) continue;
        const before = previous.files.get(file);
        if (before && before.source.text === analysis.source.text) expect(analysis, `${file} at step ${step}`).toBe(before);
      }
      for (const file of changed) {
        const before = previous.files.get(file);
        if (before && incremental.files.has(file)) expect(incremental.files.get(file)).not.toBe(before);
      }
      previous = incremental;
    }
  });
});
