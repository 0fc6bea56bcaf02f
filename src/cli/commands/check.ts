// `kiln check`: every diagnostic of every spec, at once, in the format asked.
// Runs no code from a spec, opens no connection, and reads only the specs,
// their imports and the model.json of pretrained models, inside the project.

import { Command, Option } from 'commander';
import * as path from 'node:path';
import { analyze, sourceLookup } from '../../analysis/analyze.js';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { outputFormats, renderDiagnostics, summaryLine, type OutputFormat } from '../../diagnostics/render/index.js';
import type { CommandResult } from '../main.js';
import { findSpecFiles } from '../files.js';
import { useColor } from '../terminal.js';
import { kilnVersion } from '../version.js';

export function registerCheck(program: Command, result: CommandResult): void {
  program
    .command('check')
    .description('type-check specs: names, types, ranges and tensor shapes, across files')
    .argument('[paths...]', 'files, folders (searched recursively) or globs; default: every *.kiln under the current folder')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...outputFormats]).default('text'))
    .option('-q, --quiet', 'print nothing for a clean check')
    .addHelpText(
      'after',
      `
Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage or I/O error.

Examples:
  kiln check                         check every spec under the current folder
  kiln check examples --format json  machine-readable output
  kiln check "specs/**/*.kiln" --format github   annotations in GitHub Actions
  kiln check --format sarif > kiln.sarif         for code-scanning tools`,
    )
    .action((paths: string[], opts: { format: OutputFormat; quiet?: boolean }) => {
      result.code = runCheck(paths, opts);
    });
}

export function runCheck(paths: string[], opts: { format: OutputFormat; quiet?: boolean }): number {
  const cwd = process.cwd();
  const found = findSpecFiles(paths, cwd);
  if (found.missing.length > 0) {
    for (const m of found.missing) process.stderr.write(`kiln check: no such file, folder or matching spec: ${m}\n`);
    return 2;
  }
  if (found.files.length === 0) {
    process.stderr.write(`kiln check: no .kiln files found under ${paths.length ? paths.join(', ') : path.relative(cwd, cwd) || '.'}\n`);
    return 2;
  }
  const analysis = analyze(found.files, { cwd });
  if (analysis.unreadable.length > 0) {
    for (const u of analysis.unreadable) process.stderr.write(`kiln check: cannot read ${path.relative(cwd, u.file)}: ${u.message}\n`);
    return 2;
  }
  const color = opts.format === 'text' && useColor(process.stdout);
  const out = renderDiagnostics(opts.format, analysis.diagnostics, { cwd, files: sourceLookup(analysis), color, version: kilnVersion() });
  if (opts.format === 'text') {
    if (out) process.stdout.write(out.endsWith('\n') ? out : `${out}\n`);
    if (!(opts.quiet && analysis.diagnostics.length === 0)) {
      process.stdout.write(`${summaryLine(analysis.diagnostics, analysis.files.size, { color })}\n`);
    }
  } else {
    process.stdout.write(out.endsWith('\n') ? out : `${out}\n`);
  }
  return hasErrors(analysis.diagnostics) ? 1 : 0;
}
