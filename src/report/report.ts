// report.html of a run folder: the loss, metric and learning-rate curves from
// metrics.jsonl (the learning rate per step, recomputed from the IR's
// schedule), the final metrics and the run's settings, in one self-contained
// file with inline SVG: it opens offline, with nothing fetched. A distilled
// student's charts carry its teachers' validation numbers (constant, since a
// teacher is frozen) as lines beside its own curve.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IrProgram } from '../ir/types.js';
import { readMetrics, type MetricsRecord } from '../runtime/metrics-log.js';
import { escapeXml, lineChart, type Series } from './svg-chart.js';
import { findEntry } from '../catalog/index.js';
import { learningRatePlan } from '../runtime/train/schedule.js';
import { callArgs } from '../runtime/ir-values.js';

const SKIP = new Set(['split', 'model', 'epoch', 'step', 'lr', 'examples_per_sec', 'seconds']);

/** `teacher_val_accuracy` (one teacher) or `teacher_big_val_accuracy` (an ensemble member) → teacher label and metric. */
function teacherKey(key: string): { teacher: string; metric: string } | undefined {
  const m = /^teacher(?:_(.+?))?_(val_.+)$/.exec(key);
  return m ? { teacher: m[1] ? `teacher ${m[1]}` : 'teacher', metric: m[2] } : undefined;
}

/** The teacher lines of a student's chart for one validation metric. */
function teacherSeries(rs: MetricsRecord[], metric: string, label: (what: string) => string): Series[] {
  const keys = [...new Set(rs.flatMap((r) => Object.keys(r).filter((k) => teacherKey(k)?.metric === metric)))];
  return keys.map((k) => ({ name: label(`${teacherKey(k)!.teacher} ${metric.replace('_', ' ')}`), points: rs.filter((r) => typeof r[k] === 'number').map((r) => [r.epoch, r[k] as number] as [number, number]) }));
}

function readJsonIfAny<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** The learning rate at every step of each model's training, from the IR. */
function learningRateSeries(records: MetricsRecord[], ir: IrProgram | undefined, experimentName: string | undefined, epochsOverride: number | undefined): Series[] {
  const byModel = new Map<string, MetricsRecord[]>();
  for (const r of records) if (r.split === 'train') byModel.set(r.model, [...(byModel.get(r.model) ?? []), r]);
  const out: Series[] = [];
  const experiment = ir && experimentName ? ir.experiments[experimentName] : undefined;
  for (const [model, rs] of byModel) {
    // The step that trained this model: a `train` step, or a `distill` step whose student it is.
    const step = experiment?.steps.find((s) => (s.kind === 'train' && s.model === model) || (s.kind === 'distill' && ir?.distills?.[s.distill]?.student === model));
    const schedule = step && step.kind !== 'evaluate' ? ir?.schedules[step.schedule] : undefined;
    const first = rs[0];
    const optimizer = schedule ? findEntry(schedule.optimizer.op, 'optimizer') : undefined;
    if (schedule && optimizer && first.epoch > 0) {
      const stepsPerEpoch = Math.round(first.step / first.epoch);
      const plan = learningRatePlan(schedule, optimizer.learningRate(callArgs(schedule.optimizer)), stepsPerEpoch, epochsOverride ?? schedule.epochs);
      const last = rs[rs.length - 1].step;
      const stride = Math.max(1, Math.floor(last / 400));
      const points: [number, number][] = [];
      for (let s = 0; s < last; s += stride) points.push([s + 1, plan.at(s)]);
      out.push({ name: model, points });
    } else {
      out.push({ name: model, points: rs.filter((r) => r.lr !== undefined).map((r) => [r.step, r.lr!]) });
    }
  }
  return out;
}

function table(records: MetricsRecord[]): string {
  const finals = records.filter((r) => r.split !== 'train');
  const lastTrain = new Map<string, MetricsRecord>();
  for (const r of records) if (r.split === 'train') lastTrain.set(r.model, r);
  const rows: { model: string; split: string; values: Record<string, number> }[] = [];
  for (const [model, r] of lastTrain) {
    const train: Record<string, number> = {};
    const val: Record<string, number> = {};
    for (const [k, v] of Object.entries(r)) {
      if (typeof v !== 'number' || SKIP.has(k)) continue;
      if (k.startsWith('val_')) val[k.slice(4)] = v;
      else train[k] = v;
    }
    rows.push({ model, split: 'train', values: train });
    if (Object.keys(val).length) rows.push({ model, split: 'val', values: val });
  }
  for (const r of finals) {
    const values: Record<string, number> = {};
    for (const [k, v] of Object.entries(r)) if (typeof v === 'number' && !SKIP.has(k)) values[k] = v;
    rows.push({ model: r.model, split: r.split, values });
  }
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r.values)))];
  const head = `<tr><th>model</th><th>split</th>${columns.map((c) => `<th>${escapeXml(c)}</th>`).join('')}</tr>`;
  const body = rows.map((r) => `<tr><td>${escapeXml(r.model)}</td><td>${r.split}</td>${columns.map((c) => `<td>${r.values[c] === undefined ? '' : r.values[c].toFixed(4)}</td>`).join('')}</tr>`).join('');
  return `<table>${head}${body}</table>`;
}

export function renderReport(folder: string): string {
  const metricsFile = path.join(folder, 'metrics.jsonl');
  const records = fs.existsSync(metricsFile) ? readMetrics(metricsFile) : [];
  const ir = readJsonIfAny<IrProgram>(path.join(folder, 'ir.json'));
  const settings = readJsonIfAny<{ experiment?: string; epochs?: number }>(path.join(folder, 'run.json'));
  const summary = readJsonIfAny<{ backend_reason?: string; seed?: number; duration_seconds?: number }>(path.join(folder, 'summary.json'));
  const train = records.filter((r) => r.split === 'train');
  const models = [...new Set(train.map((r) => r.model))];
  const several = models.length > 1;
  const label = (model: string, what: string) => (several ? `${model} ${what}` : what);
  const lossSeries: Series[] = [];
  for (const m of models) {
    const rs = train.filter((r) => r.model === m);
    lossSeries.push({ name: label(m, 'train loss'), points: rs.filter((r) => typeof r.loss === 'number').map((r) => [r.epoch, r.loss!]) });
    if (rs.some((r) => typeof r['val_loss'] === 'number')) lossSeries.push({ name: label(m, 'val loss'), points: rs.filter((r) => typeof r['val_loss'] === 'number').map((r) => [r.epoch, r['val_loss'] as number]) });
    lossSeries.push(...teacherSeries(rs, 'val_loss', (what) => label(m, what)));
  }
  const metricNames = [...new Set(train.flatMap((r) => Object.keys(r).filter((k) => k.startsWith('val_') && k !== 'val_loss')))];
  const charts = [lineChart({ title: 'Loss', xLabel: 'epoch', yLabel: 'loss', series: lossSeries, integerX: true })];
  for (const name of metricNames) {
    charts.push(
      lineChart({
        title: name.slice(4),
        xLabel: 'epoch',
        yLabel: name.slice(4),
        integerX: true,
        series: models.flatMap((m) => [
          { name: label(m, name.replace('_', ' ')), points: train.filter((r) => r.model === m && typeof r[name] === 'number').map((r) => [r.epoch, r[name] as number] as [number, number]) },
          ...teacherSeries(train.filter((r) => r.model === m), name, (what) => label(m, what)),
        ]),
      }),
    );
  }
  charts.push(lineChart({ title: 'Learning rate', xLabel: 'step', yLabel: 'learning rate', series: learningRateSeries(records, ir, settings?.experiment, settings?.epochs), logY: true }));
  const facts = [
    settings?.experiment ? `experiment <b>${escapeXml(settings.experiment)}</b>` : '',
    summary?.backend_reason ? `backend ${escapeXml(summary.backend_reason)}` : '',
    summary?.seed !== undefined ? `seed ${summary.seed}` : '',
    summary?.duration_seconds !== undefined ? `${summary.duration_seconds.toFixed(1)} s` : summary ? '' : 'unfinished',
  ].filter(Boolean);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Kiln run ${escapeXml(settings?.experiment ?? '')}</title>
<style>body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:12px 0}td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}th:first-child,td:first-child,th:nth-child(2),td:nth-child(2){text-align:left}.charts{display:flex;flex-wrap:wrap;gap:16px}</style>
</head><body>
<h1>Kiln run</h1>
<p>${facts.join(' · ')}</p>
${table(records)}
<div class="charts">${charts.join('\n')}</div>
</body></html>
`;
}

export function writeReport(folder: string): string {
  const file = path.join(folder, 'report.html');
  fs.writeFileSync(file, renderReport(folder));
  return file;
}
