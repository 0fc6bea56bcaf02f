// Generates src/ir/schema.json, the JSON Schema of the IR (src/ir/types.ts).
// The structure mirrors types.ts; the op names come from the catalog (layers,
// merges, activations, transforms, optimizers, schedules, losses, metrics)
// so a call of an entry that does not exist fails validation. Run as a script
// it writes the file; test/ir/schema.test.ts fails when the copy is stale.

import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { entriesOfKind } from '../src/catalog/index.js';
import { sourceNames } from '../src/check/data.js';

export const irSchemaPath = 'src/ir/schema.json';

type Schema = Record<string, unknown>;

const names = (...kinds: Parameters<typeof entriesOfKind>) => [...new Set(entriesOfKind(...kinds).map((e) => e.name))].sort();

function call(ops?: string[]): Schema {
  return {
    type: 'object',
    required: ['op', 'args'],
    additionalProperties: false,
    properties: { op: ops ? { enum: ops } : { type: 'string' }, args: { type: 'object', additionalProperties: { $ref: '#/$defs/value' } } },
  };
}

const obj = (properties: Record<string, Schema>, required: string[] = Object.keys(properties)): Schema => ({ type: 'object', required, additionalProperties: false, properties });
const str: Schema = { type: 'string' };
const num: Schema = { type: 'number' };
const bool: Schema = { type: 'boolean' };
const arr = (items: Schema): Schema => ({ type: 'array', items });
const ref = (name: string): Schema => ({ $ref: `#/$defs/${name}` });
const record = (items: Schema): Schema => ({ type: 'object', additionalProperties: items });

export function generateIrSchema(): Schema {
  const layerOps = [...new Set([...names('layer', 'activation', 'merge'), 'input', 'pretrained'])].sort();
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://kiln.dev/schema/ir-1.json',
    title: 'Kiln IR, version 1',
    ...obj({
      kiln_ir: { const: 1 },
      source: str,
      data: record(ref('data')),
      models: record(ref('model')),
      schedules: record(ref('schedule')),
      distills: record(ref('distill')),
      experiments: record(ref('experiment')),
    }),
    $defs: {
      value: {
        anyOf: [num, str, bool, { type: 'null' }, arr(ref('value')), ref('duration'), record(ref('value'))],
      },
      duration: obj({ amount: num, unit: { enum: ['steps', 'epochs'] } }),
      tensorType: obj({ dtype: { enum: ['f32', 'i32', 'bool', 'string'] }, shape: arr({ type: ['integer', 'string'] }), classes: { type: 'integer', minimum: 1 } }, ['dtype', 'shape']),
      data: obj({
        name: str,
        source: call(sourceNames),
        fields: arr(obj({ name: str, type: str, optional: bool })),
        clean: arr(call(['drop_null', 'dedupe', 'filter'])),
        features: arr(obj({ name: str, type: ref('tensorType'), from: str, transforms: arr(call(names('transform'))), label: bool })),
        augment: arr(obj({ feature: str, ops: arr(call(names('augmentation'))) })),
        split: obj({ train: { type: 'number', minimum: 0, maximum: 1 }, val: { type: 'number', minimum: 0, maximum: 1 }, test: { type: 'number', minimum: 0, maximum: 1 }, stratify: str }, ['train', 'val', 'test']),
        seed: { type: 'integer', minimum: 0 },
        batch: { type: 'integer', minimum: 1 },
        shuffle: { type: 'integer', minimum: 0 },
        on_error: { enum: ['stop', 'skip'] },
      }),
      model: obj({
        name: str,
        inputs: arr(obj({ name: str, type: ref('tensorType') })),
        output: ref('tensorType'),
        nodes: arr(ref('node')),
        outputNode: str,
        params: obj({ total: { type: 'integer', minimum: 0 }, trainable: { type: 'integer', minimum: 0 } }),
        flops: { type: 'number', minimum: 0 },
      }),
      node: obj(
        {
          id: str,
          op: { enum: layerOps },
          args: { type: 'object', additionalProperties: ref('value') },
          inputs: arr(str),
          inputName: str,
          type: ref('tensorType'),
          params: { type: 'integer', minimum: 0 },
          trainable: bool,
          origin: str,
        },
        ['id', 'op', 'args', 'inputs', 'type', 'params', 'trainable'],
      ),
      schedule: obj(
        {
          name: str,
          optimizer: call(names('optimizer')),
          lr: arr(call(names('schedule'))),
          epochs: { type: 'integer', minimum: 1 },
          loss: call(names('loss')),
          metrics: arr({ enum: names('metric') }),
          clip_norm: { type: 'number', exclusiveMinimum: 0 },
          weight_decay: { type: 'number', minimum: 0 },
          early_stop: obj({ monitor: str, patience: { type: 'integer', minimum: 0 }, min_delta: { type: 'number', minimum: 0 } }),
          batch: { type: 'integer', minimum: 1 },
        },
        ['name', 'optimizer', 'lr', 'epochs', 'loss', 'metrics'],
      ),
      distill: obj(
        {
          name: str,
          teachers: arr(str),
          student: str,
          temperature: { type: 'number', exclusiveMinimum: 0 },
          alpha: { type: 'number', minimum: 0, maximum: 1 },
          hard_loss: call(names('loss')),
          hints: arr(obj({ student: str, teacher: str, projection: call() })),
          pretrained_teachers: record(str),
        },
        ['name', 'teachers', 'student', 'temperature', 'alpha', 'hard_loss', 'hints'],
      ),
      experiment: obj({
        name: str,
        seed: { type: 'integer', minimum: 0 },
        steps: arr({
          oneOf: [
            obj({ kind: { const: 'train' }, model: str, data: str, schedule: str }),
            obj({ kind: { const: 'distill' }, distill: str, data: str, schedule: str }),
            obj({ kind: { const: 'evaluate' }, model: str, data: str, split: { enum: ['train', 'val', 'test'] }, metrics: arr({ enum: names('metric') }) }),
          ],
        }),
        sweep: arr(obj({ parameter: str, values: arr(ref('value')) })),
      }),
    },
  };
}

/** The schema file's exact text. */
export function irSchemaText(): string {
  return `${JSON.stringify(generateIrSchema(), null, 2)}\n`;
}

function repositoryRoot(): string {
  // scripts/ in the sources, dist/scripts/ when compiled: the root holds src/ir/types.ts.
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const parent = path.dirname(dir);
    if (path.basename(dir) === 'scripts') return path.basename(parent) === 'dist' ? path.dirname(parent) : parent;
    if (parent === dir) throw new Error('cannot find the repository root');
    dir = parent;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  writeFileSync(path.join(repositoryRoot(), irSchemaPath), irSchemaText());
  console.log(`wrote ${irSchemaPath}`);
}
