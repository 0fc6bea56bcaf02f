// `kiln compile FILE --emit ir [-o out.json]`: checks the spec and writes its
// IR (validated against the schema), to a file or to stdout. A spec with
// errors prints its diagnostics and writes nothing.

import { Command, Option } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { lowerProgram } from '../../ir/lower.js';
import { validateIr } from '../../ir/validate.js';
import type { CommandResult } from '../main.js';
import { analyzeSpec } from './summary.js';

export function registerCompile(program: Command, result: CommandResult): void {
  program
    .command('compile')
    .description('check a spec and write its IR (plain JSON, versioned, schema-validated)')
    .argument('<file>', 'a .kiln spec')
    .addOption(new Option('--emit <what>', 'what to write').choices(['ir']).default('ir'))
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .action((file: string, opts: { emit: 'ir'; out?: string }) => {
      result.code = runCompile(file, opts);
    });
}

export function runCompile(file: string, opts: { emit: 'ir'; out?: string }): number {
  const found = analyzeSpec('compile', file);
  if ('code' in found) return found.code;
  const out = opts.out ? path.resolve(process.cwd(), opts.out) : undefined;
  const lowered = lowerProgram(found.analysis.programs[0], found.spec.path, { outDir: out ? path.dirname(out) : undefined });
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
  const text = `${JSON.stringify(lowered.ir, null, 2)}\n`;
  if (!out) {
    process.stdout.write(text);
    return 0;
  }
  try {
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, text);
  } catch (e) {
    process.stderr.write(`kiln compile: cannot write ${opts.out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return 2;
  }
  process.stdout.write(`wrote ${path.relative(process.cwd(), out) || out}\n`);
  return 0;
}
