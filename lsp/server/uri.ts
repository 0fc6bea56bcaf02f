// File URIs as the client writes them ↔ absolute paths as the analysis knows
// them. The client's own spelling of an open document's URI is kept, so what
// we publish matches what it sent (editors differ in how they escape).

import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Documents that are not files (untitled buffers) live under this folder, which never exists on disk. */
const virtualRoot = path.resolve('/.kiln-unsaved');

export function uriToPath(uri: string): string {
  if (uri.startsWith('file:')) {
    try {
      return path.resolve(fileURLToPath(uri));
    } catch {
      // A malformed file URI: fall through and treat it as a virtual document.
    }
  }
  const name = uri.replace(/[^A-Za-z0-9_.-]+/g, '_');
  return path.join(virtualRoot, name.endsWith('.kiln') ? name : `${name}.kiln`);
}

export class UriMap {
  private readonly known = new Map<string, string>();

  remember(uri: string): string {
    const file = uriToPath(uri);
    this.known.set(file, uri);
    return file;
  }

  forget(file: string): void {
    this.known.delete(file);
  }

  uri(file: string): string {
    return this.known.get(file) ?? pathToFileURL(file).href;
  }
}
