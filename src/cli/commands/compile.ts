// `kiln compile FILE --emit ir|ts [-o out] [--experiment NAME] [--runtime-import SPEC]`:
// checks the spec and writes its IR (validated against the schema), or a
// standalone TypeScript program generated from that IR, to a file or to
// stdout. A spec with errors prints its diagnostics and writes nothing.

import { Command, Option } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { findProjectRoot } from '../../analysis/project-root.js';
import type { CommandResult } from '../main.js';
import { analyzeSpec } from './summary.js';

export interface CompileOptions {
  emit: 'ir' | 'ts';
  out?: string;
  experiment?: string;
  runtimeImport?: string;
}

export function registerCompile(program: Command, result: CommandResult): void {
  program
    .command('compile')
    .description('check a spec and write its IR (plain JSON, versioned, schema-validated) or a TypeScript program')
    .argument('<file>', 'a .kiln spec')
    .addOption(new Option('--emit <what>', 'what to write: the IR, or a standalone TypeScript program').choices(['ir', 'ts']).default('ir'))
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .option('--experiment <name>', 'with --emit ts: the experiment to generate (needed when the spec has several)')
    .option('--runtime-import <spec>', "with --emit ts: where the program imports Kiln from: a package name, or a path to Kiln's folder relative to the output", 'kiln')
    .action(async (file: string, opts: CompileOptions) => {
      result.code = await runCompile(file, opts);
    });
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

function relativeFolder(from: string, to: string): string {
  return toPosix(path.relative(from, to)) || '.';
}

function write(out: string, written: string, text: string): number {
  try {
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, text);
  } catch (e) {
    process.stderr.write(`kiln compile: cannot write ${written}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return 2;
  }
  process.stdout.write(`wrote ${path.relative(process.cwd(), out) || out}\n`);
  return 0;
}

export async function runCompile(file: string, opts: CompileOptions): Promise<number> {
  const found = analyzeSpec('compile', file);
  if ('code' in found) return found.code;
  // Loaded on demand, so that the commands that do not compile start fast.
  const [{ lowerProgram }, { validateIr }, { generateTypeScript }] = await Promise.all([
    import('../../ir/lower.js'),
    import('../../ir/validate.js'),
    import('../../codegen/typescript.js'),
  ]);
  const out = opts.out ? path.resolve(process.cwd(), opts.out) : undefined;
  const outDir = out ? path.dirname(out) : process.cwd();
  const lowered = lowerProgram(found.analysis.programs[0], found.spec.path, { outDir: opts.emit === 'ir' ? (out ? outDir : undefined) : outDir });
  if ('problems' in lowered) {
    for (const p of lowered.problems) process.stderr.write(`kiln compile: ${p}\n`);
    return 1;
  }
  const valid = validateIr(lowered.ir);
  if (!valid.ok) {
    // The checker accepted the spec, so this is a bug in the lowering, not the user's.
    process.stderr.write(`kiln compile: internal error: the IR does not match its schema:\n${valid.errors.map((e) => `  ${e}`).join('\n')}\n`);
    return 70;
  }
  let text: string;
  if (opts.emit === 'ts') {
    const specDir = path.dirname(found.spec.path);
    const generated = await generateTypeScript(lowered.ir, {
      experiment: opts.experiment,
      runtimeImport: opts.runtimeImport,
      specDir: relativeFolder(outDir, specDir),
      projectRoot: relativeFolder(outDir, findProjectRoot(specDir, process.cwd())),
      specName: toPosix(path.relative(process.cwd(), found.spec.path)) || path.basename(found.spec.path),
    });
    if (!generated.ok) {
      for (const p of generated.problems) process.stderr.write(`kiln compile: ${p}\n`);
      return 1;
    }
    text = generated.text;
  } else {
    if (opts.experiment !== undefined) process.stderr.write('kiln compile: note: --experiment only applies to --emit ts; the IR holds every experiment\n');
    text = `${JSON.stringify(lowered.ir, null, 2)}\n`;
  }
  if (!out) {
    process.stdout.write(text);
    return 0;
  }
  return write(out, opts.out!, text);
}
