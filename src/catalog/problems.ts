// Builds the plain-value problems the catalog returns (shape and argument
// problems), filling each message from its K2xxx template so a problem is
// readable on its own and the checker can still re-create the diagnostic
// from `code` and `args`.

import type { DiagnosticArgs } from '../diagnostics/diagnostic.js';
import { typeCodes } from '../diagnostics/codes/types.js';
import type { ShapeProblem } from './entry.js';

const templates = new Map(typeCodes.map((c) => [c.code, c.message]));

export function fillMessage(code: string, args: DiagnosticArgs): string {
  const template = templates.get(code);
  if (template === undefined) throw new Error(`internal: catalog uses code ${code}, which is not in codes/types.ts`);
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in args ? String(args[key]) : whole));
}

export function shapeProblem(code: string, args: DiagnosticArgs, extras: Omit<ShapeProblem, 'code' | 'message' | 'args'> = {}): ShapeProblem {
  return { code, message: fillMessage(code, args), args, ...extras };
}

/** Codes the catalog itself emits, named so rules read clearly. */
export const Codes = {
  unknownParameter: 'K2101',
  missingArgument: 'K2102',
  argumentType: 'K2103',
  argumentRange: 'K2104',
  duplicateArgument: 'K2105',
  positionalAfterNamed: 'K2106',
  durationWithoutUnit: 'K2107',
  tooManyArguments: 'K2108',
  invalidChoice: 'K2109',
  inputRank: 'K2201',
  inputDtype: 'K2202',
  inputDimension: 'K2203',
  mergeMismatch: 'K2204',
  argumentCombination: 'K2205',
  reshapeSize: 'K2206',
  emptyOutput: 'K2207',
  inputCount: 'K2208',
} as const;
