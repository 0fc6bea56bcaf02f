// `kiln fmt`: one canonical layout for every spec, through the Kiln Prettier
// plugin (so `prettier --plugin=kiln/prettier` and `kiln fmt` always agree).
// A file with syntax errors is reported with its diagnostics and left as it is.

import type { Command } from 'commander';
import * as path from 'node:path';
import { renderDiagnostics } from '../../diagnostics/render/index.js';
import { SourceFile } from '../../analysis/source.js';
import type { CommandResult } from '../main.js';
import { findSpecFiles } from '../files.js';
import { useColor } from '../terminal.js';
import { readFileSync } from 'node:fs';

export function registerFmt(program: Command, result: CommandResult): void {
  program
    .command('fmt')
    .description('format specs in the one canonical layout (the Kiln Prettier plugin)')
    .argument('[paths...]', 'files, folders (searched recursively) or globs; default: every *.kiln under the current folder')
    .option('--check', 'write nothing; list the files whose layout would change, and exit 1 if any')
    .option('--write', 'rewrite files whose layout changes (the default)')
    .addHelpText(
      'after',
      `
Options from .prettierrc (printWidth, tabWidth, useTabs) are honoured.
Exit codes: 0 done (or, with --check, everything formatted), 1 --check found
files to format, 2 a file has syntax errors or cannot be read (it is left untouched).`,
    )
    .action(async (paths: string[], opts: { check?: boolean; write?: boolean }) => {
      result.code = await runFmt(paths, opts);
    });
}

async function runFmt(paths: string[], opts: { check?: boolean; write?: boolean }): Promise<number> {
  const cwd = process.cwd();
  if (opts.check && opts.write) {
    process.stderr.write('kiln fmt: --check and --write cannot be used together\n');
    return 2;
  }
  const found = findSpecFiles(paths, cwd);
  if (found.missing.length > 0) {
    for (const m of found.missing) process.stderr.write(`kiln fmt: no such file, folder or matching spec: ${m}\n`);
    return 2;
  }
  // Prettier loads only when formatting is asked for.
  const { formatFiles } = await import('../../format/format.js');
  const results = await formatFiles(found.files, { write: !opts.check });
  let changed = 0;
  let broken = 0;
  const color = useColor(process.stderr);
  for (const r of results) {
    const shown = path.relative(cwd, r.path) || r.path;
    switch (r.status) {
      case 'changed':
        changed++;
        process.stdout.write(opts.check ? `${shown}\n` : `formatted ${shown}\n`);
        break;
      case 'syntax-error': {
        broken++;
        const source = new SourceFile(r.path, readFileSync(r.path, 'utf8'));
        process.stderr.write(renderDiagnostics('text', r.diagnostics, { cwd, files: (f) => (f === r.path ? source : undefined), color }));
        process.stderr.write(`\nkiln fmt: ${shown} has syntax errors; left unchanged\n`);
        break;
      }
      case 'unreadable':
      case 'failed':
        broken++;
        process.stderr.write(`kiln fmt: cannot format ${shown}: ${r.error ?? 'unknown error'}\n`);
        break;
      default:
        break;
    }
  }
  const n = results.length;
  if (opts.check) {
    process.stderr.write(changed ? `${changed} of ${n} file${n === 1 ? '' : 's'} would be reformatted\n` : '');
    return broken ? 2 : changed ? 1 : 0;
  }
  return broken ? 2 : 0;
}
