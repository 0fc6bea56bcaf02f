// The one catalog of diagnostics. Every diagnostic any phase emits has an
// entry here: a stable code, a severity, a message template and a long
// explanation for `kiln explain`. Codes are grouped by phase, one file per
// range, so each phase owns its own codes:
//   K0xxx syntax · K1xxx names and imports · K2xxx types and shapes
//   K3xxx data · K4xxx training and distillation

import { syntaxCodes } from './codes/syntax.js';
import { nameCodes } from './codes/names.js';
import { typeCodes } from './codes/types.js';
import { checkCodes } from './codes/checks.js';
import { dataCodes } from './codes/data.js';
import { trainingCodes } from './codes/training.js';

export type Severity = 'error' | 'warning' | 'note';

export interface CodeEntry {
  code: string;
  severity: Severity;
  /** A short name for the rule (SARIF `name`, the heading of `kiln explain`). */
  title: string;
  /** `{placeholder}`s are filled from the diagnostic's arguments. */
  message: string;
  /** Markdown: what it means, an example of the error, and its fix. */
  explanation: string;
}

export const diagnosticCatalog: readonly CodeEntry[] = [...syntaxCodes, ...nameCodes, ...typeCodes, ...checkCodes, ...dataCodes, ...trainingCodes];

const byCode = new Map(diagnosticCatalog.map((e) => [e.code, e]));

export function lookupCode(code: string): CodeEntry | undefined {
  return byCode.get(code.toUpperCase());
}
