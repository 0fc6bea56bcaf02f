// Baseline cases: test/cases/**/NAME.kiln beside NAME.diagnostics.txt, the
// rendered text output of `kiln check` for that file. Files under a `lib/`
// folder are imported by cases and are not cases themselves.
// `npm run baselines` rewrites every .diagnostics.txt; reviewers read the diff.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze, sourceLookup } from '../src/analysis/analyze.js';
import { renderDiagnostics, summaryLine } from '../src/diagnostics/render/index.js';

function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!readdirSync(dir).includes('package.json')) dir = path.dirname(dir);
  return dir;
}

export const root = repoRoot();
export const casesDir = path.join(root, 'test', 'cases');

export function baselineCases(dir = casesDir): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'lib') out.push(...baselineCases(full));
    } else if (entry.name.endsWith('.kiln')) out.push(full);
  }
  return out.sort();
}

/** What `kiln check FILE` prints (without colour), run from the repository root. */
export function renderBaseline(file: string): string {
  const result = analyze([file], { cwd: root });
  const text = renderDiagnostics('text', result.diagnostics, { cwd: root, files: sourceLookup(result), color: false });
  const summary = summaryLine(result.diagnostics, result.files.size);
  return `${text.trimEnd()}${text.trim() ? '\n' : ''}${summary}\n`;
}

export function baselinePath(file: string): string {
  return file.replace(/\.kiln$/, '.diagnostics.txt');
}

export function readBaseline(file: string): string | undefined {
  try {
    return readFileSync(baselinePath(file), 'utf8');
  } catch {
    return undefined;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  let changed = 0;
  for (const file of baselineCases()) {
    const actual = renderBaseline(file);
    if (readBaseline(file) !== actual) {
      writeFileSync(baselinePath(file), actual);
      changed++;
      process.stdout.write(`updated ${path.relative(root, baselinePath(file))}\n`);
    }
  }
  process.stdout.write(`${changed} baseline${changed === 1 ? '' : 's'} updated\n`);
}
