// Signature help inside a call's parentheses: catalog entries and user
// blocks, with the parameter being written highlighted (by position, or by
// name for `name: value`).

import { MarkupKind, type SignatureHelp, type SignatureInformation } from 'vscode-languageserver/node.js';
import type { FileAnalysis } from '../../src/analysis/program.js';
import { entryFor } from './catalog-context.js';
import { callTarget, paramLabel } from './completion.js';
import { enclosingCall } from './completion-context.js';
import { paramLine } from './docs.js';

export function signatureHelp(file: FileAnalysis, files: Map<string, FileAnalysis>, offset: number): SignatureHelp | null {
  const call = enclosingCall(file, offset);
  if (!call) return null;
  const target = callTarget(file, files, call);
  if (!target) return null;
  let label = `${target.name}(`;
  const parameters: SignatureInformation['parameters'] = [];
  target.params.forEach((p, i) => {
    if (i > 0) label += ', ';
    const text = paramLabel(p);
    const start = label.length;
    label += text;
    parameters.push({ label: [start, label.length], documentation: p.doc ? { kind: MarkupKind.Markdown, value: paramLine(p) } : undefined });
  });
  label += ')';
  const entry = call.namespace ? undefined : entryFor(call.callee, call.kinds);
  const signature: SignatureInformation = { label, parameters };
  if (entry && entry.name === target.name && !file.scope.symbols.has(call.callee)) signature.documentation = { kind: MarkupKind.Markdown, value: entry.doc };
  let active = call.currentName ? target.params.findIndex((p) => p.name === call.currentName) : call.positional;
  if (active < 0 || active >= target.params.length) active = target.params.length === 0 ? 0 : -1;
  signature.activeParameter = active < 0 ? undefined : active;
  return { signatures: [signature], activeSignature: 0, activeParameter: signature.activeParameter };
}

