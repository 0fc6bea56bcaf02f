// The closing line of `kiln check`: "2 errors, 1 warning in 3 files".

import pc from 'picocolors';
import type { Diagnostic } from '../diagnostic.js';

function count(n: number, singular: string): string {
  return `${n} ${singular}${n === 1 ? '' : 's'}`;
}

/** Counts by severity over `fileCount` checked files; "no problems in 3 files" when there are none. */
export function summaryLine(diagnostics: readonly Diagnostic[], fileCount: number, options: { color?: boolean } = {}): string {
  const colors = pc.createColors(options.color ?? false);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const notes = diagnostics.filter((d) => d.severity === 'note').length;
  const files = count(fileCount, 'file');
  const parts: string[] = [];
  if (errors > 0) parts.push(colors.bold(colors.red(count(errors, 'error'))));
  if (warnings > 0) parts.push(colors.bold(colors.yellow(count(warnings, 'warning'))));
  if (notes > 0) parts.push(colors.bold(colors.cyan(count(notes, 'note'))));
  if (parts.length === 0) return `${colors.green('no problems')} in ${files}`;
  return `${parts.join(', ')} in ${files}`;
}
