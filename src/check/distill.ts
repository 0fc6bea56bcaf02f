// `distill` pairs: teachers and student are models whose outputs agree, the
// temperature is positive, alpha (the weight of the soft targets) lies in
// [0, 1], the hard loss is a loss, and each hint names a layer of the student
// and of the teacher whose shapes the projection reconciles. A student with
// more parameters than its teacher is worth a note.

import type { FileAnalysis } from '../analysis/program.js';
import { inferShape, isShapeProblem, type LossEntry } from '../catalog/index.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Span } from '../diagnostics/span.js';
import type * as A from '../syntax/ast.js';
import { formatType, typesCompatible } from '../types/tensor.js';
import { suggest } from '../util/suggest.js';
import { bindCall } from './calls.js';
import { findLayerEntry } from './catalog-index.js';
import { hasSyntaxErrors, lookupDecl, Sink, type CheckState } from './context.js';
import { totalParams, type ModelGraph } from './graph.js';
import { checkModel } from './models.js';
import { catalogCall, type Bound } from './schedules.js';
import { constNumber } from './values.js';

export interface ModelRef {
  name: string;
  decl: A.ModelDecl;
  graph: ModelGraph;
  span: Span;
}

export interface DistillResult {
  name: string;
  teachers: ModelRef[];
  student?: ModelRef;
  temperature: number;
  alpha: number;
  hardLoss?: Bound<LossEntry>;
  hints: { student: string; teacher: string; projection: { op: string; args: Record<string, unknown> } }[];
  diagnostics: Diagnostic[];
}

const distillSettings = ['teacher', 'student', 'temperature', 'alpha', 'hard_loss'];

export function modelRef(state: CheckState, file: FileAnalysis, e: A.Expr): ModelRef | undefined {
  const found = lookupDecl(file, e, 'Model');
  if (!found) return undefined;
  const owner = state.file(found.symbol.file) ?? file;
  return { name: found.symbol.name, decl: found.decl, graph: checkModel(state, owner, found.decl).graph, span: e.span };
}

export function checkDistill(state: CheckState, file: FileAnalysis, decl: A.DistillDecl): DistillResult {
  return state.memo(decl, () => run(state, file, decl));
}

function run(state: CheckState, file: FileAnalysis, decl: A.DistillDecl): DistillResult {
  const sink = new Sink();
  const result: DistillResult = { name: decl.name?.text ?? '', teachers: [], temperature: 1, alpha: 0.5, hints: [], diagnostics: sink.diagnostics };
  const hintItems: A.Hint[] = [];
  let teacherSetting: A.Setting | undefined;
  for (const item of decl.items) {
    if (item.kind === 'Hint') {
      hintItems.push(item);
      continue;
    }
    const v = item.value;
    switch (item.name.text) {
      case 'teacher': {
        teacherSetting = item;
        for (const t of v?.kind === 'List' ? v.items : v ? [v] : []) {
          const m = modelRef(state, file, t);
          if (m) result.teachers.push(m);
        }
        break;
      }
      case 'student':
        result.student = v ? modelRef(state, file, v) : undefined;
        break;
      case 'temperature':
      case 'alpha': {
        const n = constNumber(v);
        const name = item.name.text;
        const ok = n !== undefined && (name === 'temperature' ? n > 0 : n >= 0 && n <= 1);
        if (!ok) sink.report(name === 'temperature' ? 'K4018' : 'K4019', v?.span ?? item.name.span, { found: v ? file.source.text.slice(v.span.start, v.span.end) : 'nothing' }, { label: name === 'temperature' ? 'must be > 0' : 'must be in [0, 1]' });
        else if (name === 'temperature') result.temperature = n;
        else result.alpha = n;
        break;
      }
      case 'hard_loss':
        if (v) result.hardLoss = catalogCall<LossEntry>(state, file, sink, v, 'loss');
        break;
      default: {
        const near = suggest(item.name.text, distillSettings);
        sink.report('K4022', item.name.span, { name: item.name.text }, { label: 'unknown setting', help: near ? `did you mean \`${near}\`?` : `distillation settings are ${distillSettings.map((s) => `\`${s}\``).join(', ')} and \`hint\``, fix: near ? { title: `change to \`${near}\``, edits: [{ span: item.name.span, newText: near }] } : undefined });
      }
    }
  }
  const where = decl.name?.span ?? decl.span;
  const partial = hasSyntaxErrors(file);
  if (!teacherSetting && !partial) sink.report('K4021', where, { name: result.name, role: 'teacher' }, { label: 'no teacher', help: 'add `teacher <model>`' });
  if (!partial && !decl.items.some((i) => i.kind === 'Setting' && i.name.text === 'student')) sink.report('K4021', where, { name: result.name, role: 'student' }, { label: 'no student', help: 'add `student <model>`' });

  const student = result.student;
  if (student?.graph.output) {
    for (const t of result.teachers) {
      if (t.graph.output && !typesCompatible(t.graph.output, student.graph.output)) {
        sink.report('K4017', student.span, { teacher: t.name, teacherType: formatType(t.graph.output), student: student.name, studentType: formatType(student.graph.output) }, { label: `outputs ${formatType(student.graph.output)}`, related: [{ span: t.span, message: `outputs ${formatType(t.graph.output)}` }] });
        continue;
      }
      const sp = totalParams(student.graph).total;
      const tp = totalParams(t.graph).total;
      if (sp !== undefined && tp !== undefined && sp > tp) {
        sink.report('K4020', student.span, { student: student.name, studentParams: sp.toLocaleString('en-US'), teacher: t.name, teacherParams: tp.toLocaleString('en-US') }, { label: 'larger than its teacher' });
      }
    }
  }
  for (const h of hintItems) hint(state, file, sink, h, result);
  return result;
}

/** `hint student.layer <- teacher.layer via dense(64)`. */
function hint(state: CheckState, file: FileAnalysis, sink: Sink, h: A.Hint, result: DistillResult): void {
  const side = (e: A.Expr | undefined, role: 'student' | 'teacher') => {
    if (e?.kind !== 'Member') return undefined;
    const model = modelRef(state, file, e.object);
    if (!model) return undefined;
    const layer = e.property.text;
    const node = model.graph.nodes.find((n) => n.id === layer);
    if (!node) {
      const near = suggest(layer, model.graph.nodes.map((n) => n.id));
      sink.report('K4023', e.property.span, { model: model.name, name: layer }, {
        label: 'no such layer',
        help: near ? `did you mean \`${near}\`?` : `its layers are ${model.graph.nodes.filter((n) => n.op !== 'input').map((n) => `\`${n.id}\``).join(', ')}`,
        fix: near ? { title: `change to \`${near}\``, edits: [{ span: e.property.span, newText: near }] } : undefined,
      });
      return undefined;
    }
    void role;
    return { layer, node };
  };
  const s = side(h.student, 'student');
  const t = side(h.teacher, 'teacher');
  let projection = { op: 'identity', args: {} as Record<string, unknown> };
  if (h.projection) {
    const callee = h.projection.kind === 'Call' && h.projection.callee.kind === 'NameRef' ? h.projection.callee.name : h.projection.kind === 'NameRef' ? h.projection.name : undefined;
    const entry = callee ? findLayerEntry(callee) : undefined;
    if (entry) {
      const bound = bindCall(entry, h.projection.kind === 'Call' ? h.projection.args : [], h.projection.span, (d) => sink.push(d));
      projection = { op: entry.name, args: bound.args };
      if (s?.node.type && t?.node.type) {
        const out = inferShape(entry, [s.node.type], bound.args);
        if (!isShapeProblem(out) && !typesCompatible(t.node.type, out)) {
          sink.report('K4024', h.projection.span, { student: formatType(out), teacher: formatType(t.node.type) }, { label: `produces ${formatType(out)}`, help: t.node.type.dims.length === 1 ? `project with \`dense(${String(t.node.type.dims[0])})\`` : undefined });
        }
      }
    }
  } else if (s?.node.type && t?.node.type && !typesCompatible(s.node.type, t.node.type)) {
    sink.report('K4024', h.span, { student: formatType(s.node.type), teacher: formatType(t.node.type) }, { label: 'shapes differ', help: t.node.type.dims.length === 1 ? `add \`via dense(${String(t.node.type.dims[0])})\`` : undefined });
  }
  if (s && t) result.hints.push({ student: s.layer, teacher: t.layer, projection });
}
