// `kiln summary FILE`: each model's layers as a Keras-style table (layer
// name, op, output shape, parameters), the totals (trainable and frozen) and
// the FLOPs per example, or the same as JSON with `--json`. Reads only the
// checker's layer tables: nothing is built and tf.js is not loaded.

import { Command } from 'commander';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { analyze, sourceLookup, type AnalysisResult } from '../../analysis/analyze.js';
import type { FileAnalysis } from '../../analysis/program.js';
import { totalFlops, totalParams, type ModelGraph } from '../../check/index.js';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { renderDiagnostics, summaryLine } from '../../diagnostics/render/index.js';
import { formatType } from '../../types/tensor.js';
import type { CommandResult } from '../main.js';
import { useColor } from '../terminal.js';

export interface SummaryJson {
  models: {
    name: string;
    params: number | null;
    trainable_params: number | null;
    flops: number | null;
    layers: { name: string; op: string; output_shape: (number | string | null)[] | null; params: number | null }[];
  }[];
}

export function registerSummary(program: Command, result: CommandResult): void {
  program
    .command('summary')
    .description("print each model's layers, output shapes, parameter counts and FLOPs")
    .argument('<file>', 'a .kiln spec')
    .option('-m, --model <name>', 'only this model')
    .option('--json', 'print JSON: {models: [{name, params, trainable_params, flops, layers}]}')
    .action((file: string, opts: { model?: string; json?: boolean }) => {
      result.code = runSummary(file, opts);
    });
}

/** Analyses one spec for a command that needs it clean: prints its errors and returns undefined when it has any. */
export function analyzeSpec(command: string, file: string): { analysis: AnalysisResult; spec: FileAnalysis } | { code: number } {
  const cwd = process.cwd();
  const abs = path.resolve(cwd, file);
  if (!existsSync(abs)) {
    process.stderr.write(`kiln ${command}: no such file: ${file}\n`);
    return { code: 2 };
  }
  const analysis = analyze([abs], { cwd });
  const spec = analysis.files.get(abs);
  if (analysis.unreadable.length > 0 || !spec) {
    for (const u of analysis.unreadable) process.stderr.write(`kiln ${command}: cannot read ${path.relative(cwd, u.file)}: ${u.message}\n`);
    return { code: 2 };
  }
  if (hasErrors(analysis.diagnostics)) {
    const color = useColor(process.stderr);
    const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
    process.stderr.write(`${renderDiagnostics('text', errors, { cwd, files: sourceLookup(analysis), color })}\n`);
    process.stderr.write(`${summaryLine(errors, analysis.files.size, { color })}\n`);
    return { code: 1 };
  }
  return { analysis, spec };
}

export function runSummary(file: string, opts: { model?: string; json?: boolean }): number {
  const found = analyzeSpec('summary', file);
  if ('code' in found) return found.code;
  let graphs = [...(found.spec.checked?.models.values() ?? [])];
  if (opts.model !== undefined) {
    graphs = graphs.filter((g) => g.name === opts.model);
    if (graphs.length === 0) {
      const names = [...(found.spec.checked?.models.keys() ?? [])];
      process.stderr.write(`kiln summary: no model \`${opts.model}\` in ${file}${names.length ? ` (models: ${names.join(', ')})` : ''}\n`);
      return 2;
    }
  }
  if (opts.json) process.stdout.write(`${JSON.stringify(summaryJson(graphs), null, 2)}\n`);
  else process.stdout.write(graphs.length ? graphs.map(renderSummary).join('\n') : `no models in ${file}\n`);
  return 0;
}

export function summaryJson(graphs: readonly ModelGraph[]): SummaryJson {
  return {
    models: graphs.map((g) => {
      const totals = totalParams(g);
      return {
        name: g.name,
        params: totals.total ?? null,
        trainable_params: totals.trainable ?? null,
        flops: totalFlops(g) ?? null,
        layers: g.nodes.map((n) => ({ name: n.id, op: n.op, output_shape: n.type ? [...n.type.dims] : null, params: n.params ?? null })),
      };
    }),
  };
}

const count = (n: number | undefined) => (n === undefined ? '?' : n.toLocaleString('en-US'));

/** One model as a table, Keras-style. */
export function renderSummary(g: ModelGraph): string {
  const rows = g.nodes.map((n) => [n.id, n.op, n.type ? formatType(n.type) : '?', count(n.params)]);
  const header = ['layer', 'op', 'output shape', 'params'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 3 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  const rule = '─'.repeat(widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1));
  const totals = totalParams(g);
  const flops = totalFlops(g);
  return [
    `model ${g.name}`,
    rule,
    line(header),
    rule,
    ...rows.map(line),
    rule,
    `total params:      ${count(totals.total)}`,
    `trainable params:  ${count(totals.trainable)}`,
    `frozen params:     ${count(totals.frozen)}`,
    `FLOPs per example: ${count(flops)}`,
    '',
  ].join('\n');
}
