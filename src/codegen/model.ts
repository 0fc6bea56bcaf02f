// IR model → a `buildX()` function using the tf.js Layers functional API:
// one statement per IR node, in the IR's topological order, each layer named
// by its node id (so saved models and `kiln run`'s agree) and commented with
// the call and the place in the spec it comes from.

import type { IrModel, IrNode } from '../ir/types.js';
import { layerCode, type CustomLayerName } from './layers.js';
import { NameScope, pascalName, specCall, specType, stringLiteral, tsLiteral } from './literals.js';

export interface ModelCode {
  /** The function's name: `buildMlp`. */
  builder: string;
  /** Whether the builder is async (it loads a pretrained model). */
  async: boolean;
  text: string;
  customLayers: Set<CustomLayerName>;
  /** Whether it loads pretrained models (`loadPretrainedModel`). */
  pretrained: boolean;
}

export type ModelResult = ModelCode | { problems: string[] };

function dtypeOf(node: IrNode): string {
  return node.type.dtype === 'i32' || node.type.dtype === 'bool' ? "'int32'" : "'float32'";
}

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

function comment(node: IrNode): string {
  const call = node.op === 'pretrained' ? `pretrained(${stringLiteral(String(node.args['path'] ?? ''))})` : specCall(node);
  return `// ${call} → ${specType(node.type)}${node.origin ? `, ${node.origin}` : ''}`;
}

export function emitModel(model: IrModel): ModelResult {
  const problems: string[] = [];
  const scope = new NameScope();
  const vars = new Map<string, string>();
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  const lines: string[] = [];
  const customLayers = new Set<CustomLayerName>();
  let pretrained = false;

  for (const node of model.nodes) {
    const symbolic = node.type.shape.filter((d) => typeof d !== 'number');
    if (node.op === 'input') {
      if (symbolic.length > 0) {
        problems.push(`model \`${model.name}\`: input \`${node.id}\` has a symbolic shape [${node.type.shape.join(', ')}]; a generated program needs every dimension known`);
        continue;
      }
      const v = scope.claim(node.id);
      vars.set(node.id, v);
      lines.push(`// input ${node.inputName ?? node.id}: ${specType(node.type)}`);
      lines.push(`const ${v} = tfl.input({ name: ${stringLiteral(node.id)}, shape: ${tsLiteral(node.type.shape)}, dtype: ${dtypeOf(node)} });`);
      continue;
    }
    const inputVars = node.inputs.map((id) => vars.get(id));
    if (inputVars.some((v) => v === undefined)) {
      problems.push(`model \`${model.name}\`: node \`${node.id}\` reads a node that is not computed before it`);
      continue;
    }
    const applied = inputVars.length === 1 ? inputVars[0]! : `[${inputVars.join(', ')}]`;
    const v = scope.claim(node.id);
    vars.set(node.id, v);
    lines.push(comment(node));

    let create: string;
    if (node.op === 'pretrained') {
      pretrained = true;
      const file = String(node.args['path'] ?? '');
      const until = typeof node.args['until'] === 'string' && node.args['until'] !== '' ? `, until: ${stringLiteral(node.args['until'])}` : '';
      const freeze = node.args['freeze'] === true || !node.trainable;
      create = `await loadPretrainedModel(path.resolve(where.specDir, ${stringLiteral(file)}), { name: ${stringLiteral(node.id)}${until}, freeze: ${freeze} })`;
    } else {
      const inputTypes = node.inputs.map((id) => byId.get(id)!.type);
      const layer = layerCode(node, inputTypes);
      if ('problem' in layer) {
        problems.push(`model \`${model.name}\`: ${layer.problem}`);
        continue;
      }
      if (layer.custom) customLayers.add(layer.custom);
      create = layer.create;
    }
    if (node.op === 'pretrained') {
      const loaded = scope.claim(`${node.id}_model`);
      lines.push(`const ${loaded} = ${create};`);
      lines.push(`const ${v} = ${loaded}.apply(${applied}) as tfl.SymbolicTensor;`);
    } else if (!node.trainable) {
      const layerVar = scope.claim(`${node.id}_layer`);
      lines.push(`const ${layerVar} = ${create};`);
      lines.push(`${layerVar}.trainable = false; // frozen in the spec`);
      lines.push(`const ${v} = ${layerVar}.apply(${applied}) as tfl.SymbolicTensor;`);
    } else {
      lines.push(`const ${v} = ${create}.apply(${applied}) as tfl.SymbolicTensor;`);
    }
  }
  if (problems.length > 0) return { problems };

  const inputs = model.inputs.map((input) => {
    const node = model.nodes.find((n) => n.op === 'input' && (n.inputName ?? n.id) === input.name);
    return node ? vars.get(node.id) : undefined;
  });
  const output = vars.get(model.outputNode);
  if (inputs.some((v) => v === undefined) || !output) return { problems: [`model \`${model.name}\`: its inputs or output are not among its nodes`] };

  const builder = `build${pascalName(model.name)}`;
  const signature = `${model.name}(${model.inputs.map((i) => `${i.name}: ${specType(i.type)}`).join(', ')}) -> ${specType(model.output)}`;
  const params =
    model.params.trainable === model.params.total
      ? `${formatCount(model.params.total)} parameters`
      : `${formatCount(model.params.total)} parameters, ${formatCount(model.params.trainable)} trainable`;
  const async = pretrained;
  const text = [
    `/** model ${signature}: ${params}, ${formatCount(model.flops)} FLOPs per example. */`,
    `${async ? 'async ' : ''}function ${builder}(): ${async ? 'Promise<tfl.LayersModel>' : 'tfl.LayersModel'} {`,
    ...lines,
    `return tfl.model({ name: ${stringLiteral(model.name)}, inputs: [${inputs.join(', ')}], outputs: ${output} });`,
    '}',
  ].join('\n');
  return { builder, async, text, customLayers, pretrained };
}
