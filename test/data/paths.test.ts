import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveDataPath } from '../../src/data/paths.js';
import { tempDir } from './helpers.js';

describe('resolveDataPath', () => {
  const root = tempDir();
  const specs = path.join(root, 'specs');
  fs.mkdirSync(path.join(root, 'data'), { recursive: true });
  fs.mkdirSync(specs, { recursive: true });

  it('resolves a path against the spec folder', () => {
    expect(resolveDataPath(specs, '../data/iris.csv', root)).toEqual({ ok: true, path: path.join(root, 'data', 'iris.csv') });
    expect(resolveDataPath(specs, 'local.csv', root)).toEqual({ ok: true, path: path.join(specs, 'local.csv') });
  });

  it('refuses paths that leave the project', () => {
    expect(resolveDataPath(specs, '../../outside.csv', root)).toEqual({
      ok: false,
      error: 'the data path "../../outside.csv" leaves the project folder',
    });
    expect(resolveDataPath(specs, path.join(path.dirname(root), 'x.csv'), root).ok).toBe(false);
    expect(resolveDataPath(specs, '', root).ok).toBe(false);
  });

  it('refuses a symbolic link that points outside', () => {
    const outside = tempDir();
    fs.symlinkSync(outside, path.join(root, 'data', 'link'));
    const result = resolveDataPath(specs, '../data/link/secret.csv', root);
    expect(result).toEqual({ ok: false, error: expect.stringContaining('through a symbolic link') });
  });
});
