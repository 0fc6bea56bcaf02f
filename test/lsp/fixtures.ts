// Specs the language-server tests open: a block library and a spec that
// imports it, close to examples/digits.kiln.

export const blocksKiln = `// A dense layer followed by dropout.
block mlp_head(units: int, p: float = 0.2) {
  dense(units, activation: relu) |> dropout(p)
}
`;

export const mainKiln = `import "blocks.kiln"

data digits {
  source = mnist()
  features {
    image: f32[28, 28, 1] = pixels |> scale(1 / 255)
    label: class[10] = digit
  }
  split { train: 0.8, val: 0.1, test: 0.1 }
  batch 128
}

model mlp(image: f32[28, 28, 1]) -> f32[10] {
  image |> flatten() |> mlp_head(256) |> mlp_head(128, p: 0.3) |> dense(10)
}

schedule fast {
  optimizer adam(lr: 1e-3)
  lr warmup(100 steps) then cosine(to: 1e-5)
  epochs 8
  loss cross_entropy(label_smoothing: 0.05)
}

experiment digits_mlp {
  seed 42
  train mlp on digits with fast
  evaluate mlp on digits.test metrics [accuracy]
}
`;
