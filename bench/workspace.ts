// Generates a large, realistic Kiln workspace for benchmarks: the examples'
// declarations repeated under fresh names across several files that import
// a shared blocks file. Deterministic, so runs are comparable.

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export interface Workspace {
  dir: string;
  files: string[];
  bytes: number;
  lines: number;
}

const unit = (i: number) => `
// ---- copy ${i} ----------------------------------------------------------

data digits_${i} {
  source = mnist()

  features {
    image: f32[28, 28, 1] = pixels |> scale(1 / 255)
    label: class[10] = digit
  }

  augment {
    image |> random_shift(2)
  }

  split { train: 0.8, val: 0.1, test: 0.1 }
  seed ${i}
  batch 128
  shuffle 10_000
}

block head_${i}(units: int, p: float = 0.2) {
  dense(units, activation: relu) |> dropout(p)
}

model mlp_${i}(image: f32[28, 28, 1]) -> f32[10] {
  image |> flatten() |> head_${i}(256) |> head_${i}(128, p: 0.1) |> dense(10)
}

model cnn_${i}(image: f32[28, 28, 1]) -> f32[10] {
  let features = image
    |> conv2d(16, 3, padding: same, activation: relu)
    |> max_pool(2)
    |> conv2d(32, 3, padding: same, activation: relu)
    |> max_pool(2)
    |> flatten()
  features |> dense(64, activation: relu) |> dropout(0.3) |> dense(10)
}

schedule fast_${i} {
  optimizer adamw(lr: 3e-3, weight_decay: 1e-4)
  lr warmup(200 steps) then cosine(to: 1e-5)
  epochs 10
  loss cross_entropy(label_smoothing: 0.1)
  clip_norm 1.0
}

experiment run_${i} {
  seed 42
  train mlp_${i} on digits_${i} with fast_${i}
  train cnn_${i} on digits_${i} with fast_${i}
  evaluate cnn_${i} on digits_${i}.test metrics [accuracy]
}
`;

/** About `targetBytes` of specs in `fileCount` files. */
export function generateWorkspace(targetBytes = 1_000_000, fileCount = 8): Workspace {
  const dir = mkdtempSync(path.join(tmpdir(), 'kiln-bench-'));
  writeFileSync(path.join(dir, 'kiln.json'), '{}\n');
  mkdirSync(path.join(dir, 'specs'));
  const shared = 'block shared_head(units: int) {\n  dense(units, activation: gelu) |> layer_norm()\n}\n';
  writeFileSync(path.join(dir, 'specs', 'shared.kiln'), shared);
  const perFile = Math.ceil(targetBytes / fileCount);
  const files: string[] = [];
  let i = 0;
  for (let f = 0; f < fileCount; f++) {
    let text = 'import "shared.kiln"\n';
    while (text.length < perFile) text += unit(i++);
    const file = path.join(dir, 'specs', `part-${f}.kiln`);
    writeFileSync(file, text);
    files.push(file);
  }
  let bytes = 0;
  let lines = 0;
  for (const f of files) {
    const t = readFileSync(f, 'utf8');
    bytes += Buffer.byteLength(t);
    lines += t.split('\n').length;
  }
  return { dir, files, bytes, lines };
}
