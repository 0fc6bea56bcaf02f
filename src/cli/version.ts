// kiln's version, read from package.json once.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

let version: string | undefined;

/** The repository root (dist/src/cli → three levels up; src/cli under vitest → two). */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'kiln') return dir;
    } catch {
      // keep looking upwards
    }
    dir = path.dirname(dir);
  }
  return process.cwd();
}

export function kilnVersion(): string {
  if (version) return version;
  try {
    version = (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    version = '0.0.0';
  }
  return version;
}
