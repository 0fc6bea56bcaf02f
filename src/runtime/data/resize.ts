// `resize(height, width)`: bilinear resampling of an HWC image, channels
// kept. Pixel centres are aligned (half-pixel offsets, as tf.image.resize
// with `halfPixelCenters`), so upscaling and downscaling do not drift the
// picture towards a corner.

export interface ImageSize {
  height: number;
  width: number;
  channels: number;
}

export function resizeBilinear(src: ArrayLike<number>, from: ImageSize, height: number, width: number): Float32Array {
  const c = from.channels;
  const out = new Float32Array(height * width * c);
  const sy = from.height / height;
  const sx = from.width / width;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), from.height - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, from.height - 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), from.width - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, from.width - 1);
      const wx = fx - x0;
      const o = (y * width + x) * c;
      for (let ch = 0; ch < c; ch++) {
        const a = src[(y0 * from.width + x0) * c + ch];
        const b = src[(y0 * from.width + x1) * c + ch];
        const d = src[(y1 * from.width + x0) * c + ch];
        const e = src[(y1 * from.width + x1) * c + ch];
        out[o + ch] = (a * (1 - wx) + b * wx) * (1 - wy) + (d * (1 - wx) + e * wx) * wy;
      }
    }
  }
  return out;
}
