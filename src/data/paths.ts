// Resolves the paths a spec names for its data. A spec is text from a pull
// request: it must not be able to read outside the project, so a path that
// leaves the project root (by `..`, by being absolute elsewhere, or through a
// symbolic link) is refused. The refusal is a value, for the checker to turn
// into a diagnostic.

import * as fs from 'node:fs';
import * as path from 'node:path';

export type DataPathResult = { ok: true; path: string } | { ok: false; error: string };

/** Follows symbolic links as far as the path exists, keeping the missing tail
 *  as written, so a link inside the project that points outside is caught
 *  even when the final file does not exist yet. */
function realpathSoFar(p: string): string {
  let existing = p;
  const tail: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync(existing), ...tail);
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return p;
      tail.unshift(path.basename(existing));
      existing = parent;
    }
  }
}

function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Resolves `relPath` (as written in the spec) against the spec's folder and
 * checks that the result stays inside `projectRoot`.
 */
export function resolveDataPath(specDir: string, relPath: string, projectRoot: string): DataPathResult {
  if (relPath.length === 0) return { ok: false, error: 'the data path is empty' };
  if (relPath.includes('\0')) return { ok: false, error: `the data path "${relPath}" contains a NUL character` };
  const root = path.resolve(projectRoot);
  const resolved = path.resolve(specDir, relPath);
  if (!isInside(root, resolved)) {
    return { ok: false, error: `the data path "${relPath}" leaves the project folder` };
  }
  if (!isInside(realpathSoFar(root), realpathSoFar(resolved))) {
    return { ok: false, error: `the data path "${relPath}" leads outside the project folder through a symbolic link` };
  }
  return { ok: true, path: resolved };
}
