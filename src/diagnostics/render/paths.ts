// How every output format names a file: relative to the directory the user
// ran kiln from, with forward slashes, so the same check gives the same
// output on every machine and CI annotations point at repository paths.

import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** `file` relative to `cwd` with forward slashes; names that are not absolute paths (`<stdin>`) are kept. */
export function displayPath(file: string, cwd: string): string {
  if (!path.isAbsolute(file)) return file.replace(/\\/g, '/');
  const relative = path.relative(cwd, file);
  // On Windows a file on another drive has no relative form: keep it absolute.
  if (relative === '' || path.isAbsolute(relative)) return file.replace(/\\/g, '/');
  return relative.replace(/\\/g, '/');
}

/** True when `file` lies inside `cwd`, so it can be written relative to a base URI. */
export function isInside(file: string, cwd: string): boolean {
  if (!path.isAbsolute(file)) return true;
  const relative = path.relative(cwd, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** A URI reference for `file`: relative (percent-encoded) inside `cwd`, an absolute file URI outside it. */
export function fileUri(file: string, cwd: string): string {
  if (isInside(file, cwd)) return encodeURI(displayPath(file, cwd)).replace(/[?#]/g, encodeURIComponent);
  return pathToFileURL(file).href;
}

/** The file URI of a directory, ending in a slash as SARIF requires of a base URI. */
export function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}
