// The project root and the rule that keeps every file a spec can make Kiln read
// inside it. `kiln check` runs on untrusted pull requests: a spec that names
// `../../etc/passwd` must get a diagnostic, and the file must not be read.

import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** The nearest folder at or above `from` holding a package.json or kiln.json; else `fallback`. */
export function findProjectRoot(from: string, fallback: string): string {
  let dir = path.resolve(from);
  for (;;) {
    if (existsSync(path.join(dir, 'kiln.json')) || existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(fallback);
    dir = parent;
  }
}

/** Whether `file` (absolute) lies inside `root`, by path alone (no file is touched). */
export function isInsideRoot(file: string, root: string): boolean {
  const rel = path.relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Resolves a path written in a spec, relative to the spec's folder. Returns the
 * absolute path, or `outside: true` when it leaves the project root.
 */
export function resolveSpecPath(written: string, specFile: string, root: string): { path: string; outside: boolean } {
  const resolved = path.resolve(path.dirname(specFile), written);
  return { path: resolved, outside: !isInsideRoot(resolved, root) };
}
