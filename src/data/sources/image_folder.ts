// An image folder: one sub-folder per class, each holding that class's PNG
// and JPEG files. Classes are the sub-folder names in sorted order (the
// `label` field is the class's index in that order), files are read in
// sorted order, one at a time. Each row is one file: its pixels as an
// ImageValue (HWC, values 0..255 as stored, not rescaled), its class name
// and index, and its path relative to the folder. A file that does not decode
// is a bad row, cited by its path.

import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import pngjs from 'pngjs';
import jpeg from 'jpeg-js';
import type { ImageValue, Row } from '../row.js';
import { sourceError } from '../errors.js';
import { parseSchema } from '../schema.js';
import { rowSource, type RowSource } from './source.js';

export interface ImageFolderOptions {
  /** Channels to produce: 1 (luminance), 3 (RGB, the default) or 4 (RGBA). */
  channels?: 1 | 3 | 4;
  /** How the folder is named in messages; default the path as given. */
  name?: string;
}

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg']);

export const imageFolderSchema = parseSchema({ class: 'string', label: 'int', file: 'string' });

/** Decodes a PNG or JPEG into RGBA bytes. Throws on a corrupt file. */
function decodeRgba(bytes: Buffer, extension: string): { width: number; height: number; data: Uint8Array } {
  if (extension === '.png') {
    const png = pngjs.PNG.sync.read(bytes);
    return { width: png.width, height: png.height, data: png.data };
  }
  const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 512 });
  return { width: image.width, height: image.height, data: image.data };
}

export function toChannels(rgba: { width: number; height: number; data: Uint8Array }, channels: 1 | 3 | 4): ImageValue {
  const n = rgba.width * rgba.height;
  const data = new Float32Array(n * channels);
  const src = rgba.data;
  for (let p = 0; p < n; p++) {
    const r = src[p * 4];
    const g = src[p * 4 + 1];
    const b = src[p * 4 + 2];
    if (channels === 1) data[p] = 0.299 * r + 0.587 * g + 0.114 * b;
    else {
      data[p * channels] = r;
      data[p * channels + 1] = g;
      data[p * channels + 2] = b;
      if (channels === 4) data[p * 4 + 3] = src[p * 4 + 3];
    }
  }
  return { kind: 'image', height: rgba.height, width: rgba.width, channels, data };
}

async function sortedEntries(folder: string, name: string) {
  try {
    const entries = await fs.readdir(folder, { withFileTypes: true });
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (e) {
    throw sourceError(name, e);
  }
}

export function image_folder(folderPath: string, options: ImageFolderOptions = {}): RowSource {
  const channels = options.channels ?? 3;
  const name = options.name ?? folderPath;
  return rowSource(
    `image_folder("${name}")`,
    'typed',
    async function* (): AsyncGenerator<Row> {
      const classes = (await sortedEntries(folderPath, name)).filter((e) => e.isDirectory()).map((e) => e.name);
      for (let label = 0; label < classes.length; label++) {
        const className = classes[label];
        const classFolder = path.join(folderPath, className);
        for (const entry of await sortedEntries(classFolder, path.join(name, className))) {
          const extension = path.extname(entry.name).toLowerCase();
          if (!entry.isFile() || !IMAGE_EXTENSIONS.has(extension)) continue;
          const relative = `${className}/${entry.name}`;
          const origin = { file: path.join(name, className, entry.name), line: 0 };
          let bytes: Buffer;
          try {
            bytes = await fs.readFile(path.join(classFolder, entry.name));
          } catch (e) {
            throw sourceError(origin.file, e);
          }
          let pixels: ImageValue;
          try {
            pixels = toChannels(decodeRgba(bytes, extension), channels);
          } catch (e) {
            yield { fields: {}, origin, problem: `not a readable ${extension === '.png' ? 'PNG' : 'JPEG'} image: ${(e as Error).message}` };
            continue;
          }
          yield { fields: { pixels, class: className, label, file: relative }, origin };
        }
      }
    },
    imageFolderSchema,
  );
}
