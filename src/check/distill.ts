// `distill` pairs: teachers and student are models whose outputs agree, the
// temperature is positive, alpha (the weight of the soft targets) lies in
// [0, 1], the hard loss is a loss, and each hint names a layer of the student
// and of one of the teachers whose shapes the projection reconciles (`via
// dense` without a width gets the teacher layer's). A student with more
// parameters than its teacher is worth a note; a teacher that an experiment
// distills from before training it (and that is not built from saved models)
// is an error. A teacher written `pretrained("…/model.json")` is a model saved
// by an earlier run: its topology is read statically, it takes the student's
// input, and it becomes a model of its own (`NAME_teacher`) that is loaded,
// frozen, rather than trained.

import type { FileAnalysis } from '../analysis/program.js';
import { inferShape, isShapeProblem, type LossEntry } from '../catalog/index.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Span } from '../diagnostics/span.js';
import type * as A from '../syntax/ast.js';
import { formatType, typesCompatible } from '../types/tensor.js';
import { suggest } from '../util/suggest.js';
import { bindCall } from './calls.js';
import { findLayerEntry } from './catalog-index.js';
import { hasSyntaxErrors, lookupDecl, resolverReported, Sink, type CheckState } from './context.js';
import { totalParams, type ModelGraph } from './graph.js';
import { checkModel } from './models.js';
import { pretrainedStage } from './pretrained.js';
import { catalogCall, type Bound } from './schedules.js';
import { constNumber } from './values.js';

export interface ModelRef {
  name: string;
  /** Undefined for a teacher written `pretrained("…")`, which no declaration names. */
  decl?: A.ModelDecl;
  graph: ModelGraph;
  span: Span;
  /** For a teacher written `pretrained("…")`: the path as written. */
  pretrained?: string;
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
  const savedTeachers: A.CallExpr[] = [];
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
          if (isPretrainedCall(t)) {
            savedTeachers.push(t);
            continue;
          }
          const m = modelRef(state, file, t);
          if (m) result.teachers.push(m);
          else notAModel(file, sink, t, 'teacher');
        }
        break;
      }
      case 'student':
        result.student = v ? modelRef(state, file, v) : undefined;
        if (v && !result.student) notAModel(file, sink, v, 'student');
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
  // Once the student is known: a saved teacher takes the student's input.
  savedTeachers.forEach((t, i) => {
    const m = savedTeacher(state, file, sink, t, result, savedTeachers.length > 1 ? i + 1 : undefined);
    if (m) result.teachers.push(m);
  });
  const where = decl.name?.span ?? decl.span;
  const partial = hasSyntaxErrors(file);
  if (!teacherSetting && !partial) sink.report('K4021', where, { name: result.name, role: 'teacher' }, { label: 'no teacher', help: 'add `teacher <model>`' });
  if (!partial && !decl.items.some((i) => i.kind === 'Setting' && i.name.text === 'student')) sink.report('K4021', where, { name: result.name, role: 'student' }, { label: 'no student', help: 'add `student <model>`' });

  const student = result.student;
  if (student?.graph.output) {
    for (const t of result.teachers) {
      if (!t.graph.complete && t.pretrained !== undefined) continue; // reported where it is read
      // A saved teacher is named as the spec writes it, not by the model built for it.
      const teacherName = t.pretrained !== undefined ? file.source.text.slice(t.span.start, t.span.end) : t.name;
      if (t.graph.output && !typesCompatible(t.graph.output, student.graph.output)) {
        sink.report('K4017', student.span, { teacher: teacherName, teacherType: formatType(t.graph.output), student: student.name, studentType: formatType(student.graph.output) }, { label: `outputs ${formatType(student.graph.output)}`, related: [{ span: t.span, message: `outputs ${formatType(t.graph.output)}` }] });
        continue;
      }
      const sp = totalParams(student.graph).total;
      const tp = totalParams(t.graph).total;
      if (sp !== undefined && tp !== undefined && sp > tp) {
        sink.report('K4020', student.span, { student: student.name, studentParams: sp.toLocaleString('en-US'), teacher: teacherName, teacherParams: tp.toLocaleString('en-US') }, { label: 'larger than its teacher' });
      }
    }
  }
  for (const h of hintItems) hint(state, file, sink, h, result);
  untrainedTeachers(state, file, sink, decl, result);
  return result;
}

/** A teacher or student that is not a model name (unknown names are the resolver's to report). */
function notAModel(file: FileAnalysis, sink: Sink, e: A.Expr, role: 'teacher' | 'student'): void {
  if (resolverReported(file, e.span) || hasSyntaxErrors(file)) return;
  if (e.kind === 'NameRef' && !file.scope.symbols.has(e.name)) return;
  sink.report('K4031', e.span, { role, found: file.source.text.slice(e.span.start, e.span.end) }, {
    label: 'not a model',
    help: isPretrainedCall(e) ? 'a student is trained, so it is a declared model; only a teacher may be `pretrained("…")`' : role === 'teacher' ? 'name a declared model, or a saved one with `pretrained("runs/…/model.json")`' : 'name a declared model',
  });
}

function isPretrainedCall(e: A.Expr): e is A.CallExpr {
  return e.kind === 'Call' && e.callee.kind === 'NameRef' && e.callee.name === 'pretrained';
}

/**
 * `teacher pretrained("runs/…/model.json")`: the saved model as a model of its
 * own, `NAME_teacher` (numbered when there are several), whose input is the
 * student's and whose weights are loaded and frozen. Its graph is incomplete
 * when the file cannot be read (pretrainedStage says why: a model not saved
 * yet is a warning, so a fresh clone checks clean), and lowering then refuses.
 */
function savedTeacher(state: CheckState, file: FileAnalysis, sink: Sink, e: A.CallExpr, result: DistillResult, number: number | undefined): ModelRef | undefined {
  const student = result.student;
  if (!student) return undefined;
  const inputs = student.graph.inputs;
  const first = e.args[0]?.value;
  const written = first?.kind === 'String' ? first.value : undefined;
  let name = `${result.name}_teacher${number === undefined ? '' : `_${number}`}`;
  while (file.scope.symbols.has(name)) name += '_saved';
  const graph: ModelGraph = { name, inputs: [...inputs], nodes: [], complete: false };
  const ref: ModelRef = { name, graph, span: e.span, pretrained: written ?? file.source.text.slice(e.span.start, e.span.end) };
  if (inputs.length !== 1) {
    sink.report('K4032', e.span, { student: student.name, count: String(inputs.length) }, {
      label: 'which input?',
      related: [{ span: student.span, message: `takes ${inputs.map((i) => `\`${i.name}\``).join(', ')}` }],
      help: 'declare a model that feeds the saved one, e.g. `model saved(a: f32[4]) -> f32[3] { a |> pretrained("runs/…/model.json") }`, and name it as the teacher',
    });
    return ref;
  }
  const inputNode = student.graph.nodes.find((n) => n.op === 'input' && n.inputName === inputs[0].name);
  if (!inputNode || !inputs[0].type) return ref;
  const loaded = pretrainedStage(state, file, e.span, e.args, { type: inputs[0].type, node: inputNode.id, span: student.span }, new Map(), (d) => sink.push(d));
  if (!loaded?.type) return ref;
  graph.nodes = [
    { ...inputNode, span: e.span },
    // A teacher only answers: frozen, whatever `freeze:` says.
    { id: 'pretrained', op: 'pretrained', args: { ...loaded.args, freeze: true }, inputs: [inputNode.id], type: loaded.type, params: loaded.params, frozenParams: 0, trainable: false, flops: loaded.flops, span: e.span },
  ];
  graph.output = loaded.type;
  graph.declaredOutput = loaded.type;
  graph.outputNode = 'pretrained';
  graph.complete = true;
  return ref;
}

/** Whether every weight of a model comes from saved models, so it needs no training. */
export function isLoadedModel(graph: ModelGraph): boolean {
  return graph.nodes.some((n) => n.op === 'pretrained') && graph.nodes.every((n) => n.op === 'pretrained' || n.params === 0);
}

/**
 * A teacher is trained by a `train` step before the distillation, or loaded:
 * checked for every experiment of this file that distills with this pair.
 */
function untrainedTeachers(state: CheckState, file: FileAnalysis, sink: Sink, decl: A.DistillDecl, result: DistillResult): void {
  for (const d of file.parse.ast.decls) {
    if (d.kind !== 'Experiment') continue;
    const trained = new Set<A.ModelDecl>();
    for (const item of d.items) {
      if (item.kind === 'TrainStep') {
        const m = lookupDecl(file, item.target, 'Model');
        if (m) trained.add(m.decl);
      } else if (item.kind === 'DistillStep') {
        if (lookupDecl(file, item.target, 'Distill')?.decl !== decl) continue;
        for (const t of result.teachers) {
          if (t.pretrained !== undefined || (t.decl && trained.has(t.decl)) || isLoadedModel(t.graph)) continue;
          sink.report('K4030', item.target!.span, { teacher: t.name, name: result.name }, {
            label: `\`${t.name}\` is not trained yet`,
            related: [{ span: t.span, message: 'the teacher' }],
            help: `add \`train ${t.name} on … with …\` before this step, or build \`${t.name}\` from \`pretrained("…/model.json")\``,
          });
        }
        // The student is trained from here on (it may teach a later pair).
        if (result.student?.decl) trained.add(result.student.decl);
      }
    }
  }
}

/** `hint student.layer <- teacher.layer via dense(64)`. */
function hint(state: CheckState, file: FileAnalysis, sink: Sink, h: A.Hint, result: DistillResult): void {
  const side = (e: A.Expr | undefined, role: 'student' | 'teacher') => {
    if (e?.kind !== 'Member') return undefined;
    const model = modelRef(state, file, e.object);
    if (!model) return undefined;
    const allowed = role === 'student' ? (result.student ? [result.student] : []) : result.teachers;
    if (allowed.length > 0 && !allowed.some((m) => m.decl === model.decl)) {
      sink.report('K4029', e.object.span, { model: model.name, role, expected: allowed.map((m) => `\`${m.name}\``).join(' or ') }, { label: `not the ${role}`, help: `a hint reads \`${role === 'student' ? 'student' : 'teacher'}.layer\`: use ${allowed.map((m) => `\`${m.name}\``).join(' or ')}` });
      return undefined;
    }
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
    return { layer, node };
  };
  const s = side(h.student, 'student');
  const t = side(h.teacher, 'teacher');
  let projection = { op: 'identity', args: {} as Record<string, unknown> };
  if (h.projection) {
    const callee = h.projection.kind === 'Call' && h.projection.callee.kind === 'NameRef' ? h.projection.callee.name : h.projection.kind === 'NameRef' ? h.projection.name : undefined;
    const entry = callee ? findLayerEntry(callee) : undefined;
    if (entry) {
      // `via dense`: the width is the teacher layer's, which the checker knows.
      const derivable = t?.node.type && t.node.type.dims.length >= 1 ? t.node.type.dims[t.node.type.dims.length - 1] : undefined;
      const derived = typeof derivable === 'number' ? entry.params.find((p) => p.required && (p.name === 'units' || p.name === 'filters'))?.name : undefined;
      const astArgs = h.projection.kind === 'Call' ? h.projection.args : [];
      const bound = bindCall(entry, astArgs, h.projection.span, (d) => sink.push(d), undefined, (p) => !(p.on === 'call' && p.param !== undefined && p.param === derived));
      const args = { ...bound.args };
      if (derived && args[derived] === undefined) args[derived] = derivable as number;
      projection = { op: entry.name, args };
      bound.args = args;
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
