// Small helpers shared by the data tests: collecting a stream, temp folders.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** The error a stream ends with, or undefined when it ends normally. */
export async function failure(items: AsyncIterable<unknown>): Promise<unknown> {
  try {
    for await (const _ of items) void _;
  } catch (e) {
    return e;
  }
  return undefined;
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-data-'));
}

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const irisCsv = path.join(repoRoot, 'examples', 'data', 'iris.csv');
export const irisBadCsv = path.join(repoRoot, 'test', 'data', 'fixtures', 'iris-bad-rows.csv');
