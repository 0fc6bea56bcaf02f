// The scope tests in grammar/tests, run on VS Code's own TextMate engine
// (vscode-textmate with Oniguruma, through vscode-tmgrammar-test) rather than
// on our test engine: what passes here is what an editor will colour. A
// planted wrong assertion must fail, so that a pass means the engine checked.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const grammarPath = path.join(repoRoot, 'grammar/kiln.tmLanguage.json');
const testsDir = path.join(repoRoot, 'grammar/tests');

/** The runner's entry point, found from the package's own `bin` field so an upgrade that moves it still works. */
function runnerPath(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('vscode-tmgrammar-test/package.json');
  const manifest = require(manifestPath) as { bin: Record<string, string> };
  return path.join(path.dirname(manifestPath), manifest.bin['vscode-tmgrammar-test']);
}

function runScopeTests(pattern: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [runnerPath(), '--compact', '--grammar', grammarPath, pattern], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('TextMate grammar on the VS Code engine', () => {
  const files = readdirSync(testsDir).filter((f) => f.endsWith('.test.kiln')).sort();

  it('has scope test files to run', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it('passes every assertion in grammar/tests', () => {
    const { status, output } = runScopeTests(path.join(testsDir, '*.test.kiln'));
    // On failure the runner's output names the file, line and missing scope.
    expect(output).not.toMatch(/ERROR/);
    expect(status, output).toBe(0);
    for (const file of files) expect(output).toContain(file);
  });

  it('fails on a wrong assertion, so a pass means the engine really checked', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kiln-tmgrammar-'));
    try {
      writeFileSync(
        path.join(dir, 'wrong.test.kiln'),
        '// SYNTAX TEST "source.kiln" "a deliberately wrong assertion"\n// a comment\n// <---- string.quoted.double.kiln\n',
      );
      const { status, output } = runScopeTests(path.join(dir, '*.test.kiln'));
      expect(status).not.toBe(0);
      expect(output).toMatch(/Missing required scopes: \[ string\.quoted\.double\.kiln \]/);
      expect(output).toContain('comment.line.double-slash.kiln');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
