// Generates a large, realistic Kiln workspace for benchmarks: about 1 MB in
// 10,000–15,000 lines (the size the front end's speed goal is stated for),
// spread over several files that import a shared file of blocks and data.
// Each copy of the unit declares data (images and text), blocks, dense,
// convolutional, transformer and fused models, schedules, a distillation and
// experiments, under fresh names, with comments as real specs have them.
// Deterministic, so runs are comparable.

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export interface Workspace {
  dir: string;
  files: string[];
  bytes: number;
  lines: number;
}

const shared = `// Blocks and data shared by every part of the workspace.

// A dense layer followed by layer normalisation, with a GELU in between.
block shared_head(units: int) {
  dense(units, activation: gelu) |> layer_norm()
}

// Two 3x3 convolutions with the same number of filters, then a 2x2 max pool.
block shared_conv(filters: int) {
  conv2d(filters, 3, padding: same, activation: relu) |> conv2d(filters, 3, padding: same, activation: relu) |> max_pool(2)
}

// The bundled digits, scaled to [0, 1], with a fixed split shared by every experiment that names it.
data shared_digits {
  source = mnist()
  features {
    image: f32[28, 28, 1] = pixels |> scale(1 / 255)    // 28 x 28 grey pixels
    label: class[10] = digit                            // the digit drawn, 0 to 9
  }
  split { train: 0.8, val: 0.1, test: 0.1 }
  seed 3
  batch 128
  shuffle 10_000
}
`;

const unit = (i: number) => `
// ---- copy ${i}: digits and emails; dense, convolutional, transformer and fused models; a distillation ----
// The bundled digits scaled to [0, 1]; training images are shifted and rotated a little, seeded per copy.
data digits_${i} {
  source = mnist()                                              // 10,000 bundled digits, works offline
  features { image: f32[28, 28, 1] = pixels |> scale(1 / 255)   label: class[10] = digit }
  augment { image |> random_shift(2) |> random_rotate(10) }     // train split only, on the fly
  split { train: 0.8, val: 0.1, test: 0.1 } seed ${i} batch 128 shuffle 10_000
}
// The bundled SpamAssassin emails: headers stripped, bodies lower-cased and tokenized on the training split.
data emails_${i} {
  source = spam_assassin()                                      // 6,046 real emails, spam or ham
  features {
    body: i32[128] = text |> strip_headers() |> strip_html() |> lowercase() |> tokenize(mode: word, vocab: 8000, max_len: 128)
    opening: i32[32] = text |> strip_headers() |> lowercase() |> tokenize(mode: word, vocab: 4000, max_len: 32)   // the first words
    label: class[2] = is_spam                                   // the label: spam or ham
  }
  augment { body |> token_dropout(0.05) }                       // drop 5% of the tokens while training
  split { train: 0.8, val: 0.1, test: 0.1, stratify: label } seed ${i} batch 64 shuffle 7_000
}
// A dense layer with dropout after it: the classic hidden layer of a multi-layer perceptron.
block head_${i}(units: int, p: float = 0.2) { dense(units, activation: relu) |> dropout(p) |> layer_norm() }
// A plain multi-layer perceptron over the flattened pixels, with a shared head before the classifier.
model mlp_${i}(image: f32[28, 28, 1]) -> f32[10] {
  image |> flatten() |> head_${i}(256) |> head_${i}(128, p: 0.1) |> shared_head(64) |> dense(10)
}
// Two convolutional stages, then a dense classifier; about a tenth of a million parameters at this width.
model cnn_${i}(image: f32[28, 28, 1]) -> f32[10] {
  let features = image |> conv2d(16, 3, padding: same, activation: relu) |> max_pool(2) |> shared_conv(32) |> flatten()
  features |> dense(64, activation: relu) |> dropout(0.3) |> dense(10)    // the classifier on top
}
// A small transformer over the tokens: embedded, positions added, one encoder block, pooled, classified.
model reader_${i}(body: i32[128]) -> f32[2] {
  let tokens = body |> embedding(8000, 64) |> positional_embedding(128) |> repeat 1 { encoder(64, heads: 4, ff: 128) }
  tokens |> mean_pool() |> dense(32, activation: relu) |> dropout(0.1) |> dense(2)         // pooled, then classified
}
// Two views of an email, a bag of embeddings of the body and a recurrent reader of its opening, joined by a gate.
model fused_${i}(body: i32[128], opening: i32[32]) -> f32[2] {
  let bag = body |> embedding(8000, 32) |> mean_pool() |> dense(64, activation: relu)      // order-blind view
  let recurrent = opening |> embedding(4000, 32) |> gru(64)                                // order-aware view
  gated_fusion(bag, recurrent, units: 64) |> dropout(0.1) |> dense(2)                      // learns which view to trust
}
// AdamW with a short warmup into a cosine decay; label smoothing, clipping and early stopping for stable runs.
schedule fast_${i} {
  optimizer adamw(lr: 3e-3, weight_decay: 1e-4)                 // decoupled weight decay
  lr warmup(200 steps) then cosine(to: 1e-5)                    // the rate rises, then decays to 1e-5
  epochs 10
  loss cross_entropy(label_smoothing: 0.1)                      // softened one-hot targets
  clip_norm 1.0
  early_stop(monitor: val_loss, patience: 3)                    // stop when validation loss stalls
}
// The perceptron teaches the convolutional network, with its outputs softened at temperature 4.
distill compress_${i} { teacher mlp_${i} student cnn_${i} temperature 4 alpha 0.9 }
// Train the digit models, distill one into the other, then train and evaluate the two text models.
experiment run_${i} {
  seed 42
  train mlp_${i} on digits_${i} with fast_${i}
  distill compress_${i} on digits_${i} with fast_${i}
  evaluate cnn_${i} on digits_${i}.test metrics [accuracy, f1]
  train reader_${i} on emails_${i} with fast_${i}
  train fused_${i} on emails_${i} with fast_${i}
  evaluate fused_${i} on emails_${i}.test metrics [accuracy, precision, recall]
}
// The same perceptron on the shared digits, for comparison across copies.
experiment shared_${i} { seed 7 train mlp_${i} on shared_digits with fast_${i} evaluate mlp_${i} on shared_digits.test metrics [accuracy] }
`;

/** About `targetBytes` of specs in `fileCount` files, each importing a shared file. */
export function generateWorkspace(targetBytes = 1_000_000, fileCount = 8): Workspace {
  const dir = mkdtempSync(path.join(tmpdir(), 'kiln-bench-'));
  writeFileSync(path.join(dir, 'kiln.json'), '{}\n');
  mkdirSync(path.join(dir, 'specs'));
  writeFileSync(path.join(dir, 'specs', 'shared.kiln'), shared);
  const perFile = Math.ceil((targetBytes - shared.length) / fileCount);
  const files: string[] = [];
  let i = 0;
  for (let f = 0; f < fileCount; f++) {
    let text = `// Part ${f} of the benchmark workspace.\n\nimport "shared.kiln"\n`;
    while (text.length < perFile) text += unit(i++);
    const file = path.join(dir, 'specs', `part-${f}.kiln`);
    writeFileSync(file, text);
    files.push(file);
  }
  let bytes = Buffer.byteLength(shared);
  let lines = shared.split('\n').length;
  for (const f of files) {
    const t = readFileSync(f, 'utf8');
    bytes += Buffer.byteLength(t);
    lines += t.split('\n').length;
  }
  return { dir, files, bytes, lines };
}
