// `kiln check` runs on untrusted pull requests: a spec that names a file outside
// the project root gets a diagnostic, and that file is never read.

import { mkdirSync, mkdtempSync, writeFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Program, diskHost, type ProgramHost } from '../../src/analysis/program.js';
import { catalogBuiltins } from '../../src/analysis/builtins.js';
import { runKiln } from '../helpers/cli.js';

function layout() {
  const base = mkdtempSync(path.join(tmpdir(), 'kiln-safety-'));
  const project = path.join(base, 'project');
  mkdirSync(project);
  writeFileSync(path.join(project, 'kiln.json'), '{}');
  // A "secret" outside the project, which would produce a parse error if it were read.
  writeFileSync(path.join(base, 'secret.kiln'), 'this is not kiln (');
  symlinkSync(path.join(base, 'secret.kiln'), path.join(project, 'link.kiln'));
  const spec = path.join(project, 'spec.kiln');
  writeFileSync(
    spec,
    ['import "../secret.kiln"', `import "${path.join(base, 'secret.kiln')}"`, 'import "../../../../../../../etc/passwd.kiln"', 'import "link.kiln"', ''].join('\n'),
  );
  return { base, project, spec };
}

describe('project root safety', () => {
  it('reports every path that leaves the root and reads none of them', () => {
    const { project, spec } = layout();
    const reads: string[] = [];
    const recording: ProgramHost = { read: (f) => (reads.push(f), diskHost.read(f)) };
    const program = new Program([spec], { root: project, host: recording, builtins: catalogBuiltins() });
    const codes = program.allDiagnostics().map((d) => d.code);
    expect(codes).toEqual(['K1103', 'K1103', 'K1103', 'K1103']);
    expect(reads).toEqual([spec]);
  });

  it('the CLI says so and exits 1', () => {
    const { project } = layout();
    const r = runKiln(['check', 'spec.kiln'], { cwd: project });
    expect(r.code).toBe(1);
    expect(r.stdout.match(/error\[K1103\]/g)).toHaveLength(4);
    expect(r.stdout).not.toContain('this is not kiln');
  });
});
