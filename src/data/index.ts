// The data layer's public surface: sources, validation, cleaning, splits,
// shuffling, batching and the pipeline that chains them. Everything here but
// tensorize.ts works without tf.js; import that module for tensor batches.

export * from './row.js';
export * from './errors.js';
export * from './paths.js';
export * from './random.js';
export * from './stats.js';
export * from './schema.js';
export * from './clean.js';
export * from './split.js';
export * from './shuffle.js';
export * from './batch.js';
export * from './example.js';
export * from './pipeline.js';
export * from './sources/index.js';
