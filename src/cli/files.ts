// Turns the paths, folders and globs given on the command line into the list
// of `.kiln` files to work on. A folder is searched recursively; node_modules
// is skipped; with nothing given, every spec under the current folder.

import { statSync } from 'node:fs';
import * as path from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';

export interface FoundFiles {
  files: string[];
  /** Inputs that named nothing: a usage error. */
  missing: string[];
}

const ignore = ['**/node_modules/**', '**/.git/**'];

export function findSpecFiles(inputs: string[], cwd: string): FoundFiles {
  const files = new Set<string>();
  const missing: string[] = [];
  const patterns = inputs.length > 0 ? inputs : ['.'];
  for (const input of patterns) {
    const abs = path.resolve(cwd, input);
    let stat;
    try {
      stat = statSync(abs);
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory()) {
      for (const f of globSync('**/*.kiln', { cwd: abs, ignore, absolute: true, dot: false })) files.add(path.normalize(f));
    } else if (stat?.isFile()) {
      files.add(abs);
    } else if (isDynamicPattern(input)) {
      const found = globSync(input, { cwd, ignore, absolute: true }).filter((f) => f.endsWith('.kiln'));
      if (found.length === 0) missing.push(input);
      for (const f of found) files.add(path.normalize(f));
    } else {
      missing.push(input);
    }
  }
  return { files: [...files].sort(), missing };
}
