// A tf.io handler that saves and loads tf.js Layers models on the local disk
// (tfjs-node, which would provide `file://`, is optional and usually absent).
// The files are the standard tf.js format: model.json (topology and weights
// manifest) beside the binary weight shards it lists, so a saved model loads
// with tf.loadLayersModel anywhere, including the browser.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';

const WEIGHTS_FILE = 'weights.bin';

interface ModelJson {
  modelTopology: object;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  trainingConfig?: tf.io.TrainingConfig;
  userDefinedMetadata?: { [key: string]: {} };
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

/** `dir` is the folder holding model.json (created on save); `model.json` itself may be named instead. */
export function fileSystemIO(target: string): tf.io.IOHandler {
  const modelJsonPath = target.endsWith('.json') ? target : path.join(target, 'model.json');
  const dir = path.dirname(modelJsonPath);
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) throw new Error('internal: binary model topologies are not supported');
      fs.mkdirSync(dir, { recursive: true });
      const weightData = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      const json: ModelJson = {
        modelTopology: artifacts.modelTopology as object,
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: artifacts.weightSpecs ?? [] }],
      };
      if (artifacts.trainingConfig) json.trainingConfig = artifacts.trainingConfig;
      if (artifacts.userDefinedMetadata) json.userDefinedMetadata = artifacts.userDefinedMetadata;
      fs.writeFileSync(path.join(dir, WEIGHTS_FILE), new Uint8Array(weightData));
      fs.writeFileSync(modelJsonPath, `${JSON.stringify(json)}\n`);
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          modelTopologyBytes: JSON.stringify(json.modelTopology).length,
          weightSpecsBytes: JSON.stringify(json.weightsManifest).length,
          weightDataBytes: weightData.byteLength,
        },
      };
    },

    async load(): Promise<tf.io.ModelArtifacts> {
      const json = JSON.parse(fs.readFileSync(modelJsonPath, 'utf8')) as ModelJson;
      const weightSpecs: tf.io.WeightsManifestEntry[] = [];
      const buffers: ArrayBuffer[] = [];
      for (const group of json.weightsManifest ?? []) {
        weightSpecs.push(...group.weights);
        for (const shard of group.paths) {
          const bytes = fs.readFileSync(path.resolve(dir, shard));
          buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
        }
      }
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy ?? undefined,
        trainingConfig: json.trainingConfig,
        userDefinedMetadata: json.userDefinedMetadata,
        weightSpecs,
        weightData: tf.io.CompositeArrayBuffer.join(buffers),
      };
    },
  };
}
