// A teacher saved by an earlier run, written directly in the distillation
// (`teacher pretrained("…/model.json")`), as a user does it: `kiln run` trains
// and saves a tiny teacher into a project, then a second spec distills a
// student from the saved file with no `train` step for the teacher. The
// teacher scores what it scored when saved (its weights are the saved ones),
// its metrics sit beside the student's in metrics.jsonl, and the IR records
// where it was loaded from.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tfl from '@tensorflow/tfjs-layers';
import { selectBackend } from '../../../src/runtime/backend/index.js';
import { fileSystemIO } from '../../../src/runtime/io/file-io.js';
import { readMetrics } from '../../../src/runtime/metrics-log.js';
import { smallDigits, specProject } from '../helpers.js';
import { runKiln } from '../../helpers/cli.js';

/** `kiln` as a process, as CI runs it (plain progress lines). */
const cli = (args: string[], cwd: string) => runKiln(args, { cwd, env: { CI: '1' } });

// A small share of the digits keeps both runs quick.
const data = `${smallDigits({ train: 0.05, val: 0.02, test: 0.93 })}
schedule once {
  optimizer adam(lr: 1e-2)
  epochs 1
  loss cross_entropy()
  metrics [accuracy]
}
`;

const teacherSpec = `${data}
model teacher(image: f32[28, 28, 1]) -> f32[10] {
  image |> flatten() |> dense(32, activation: relu) |> dropout(0.2) |> dense(10)
}

experiment base {
  seed 1
  train teacher on digits with once
}
`;

const distillSpec = `${data}
model student(image: f32[28, 28, 1]) -> f32[10] {
  image |> flatten() |> dense(8, activation: relu) |> dense(10)
}

distill compress {
  teacher pretrained("runs/teacher/model/model.json")
  student student
  temperature 4
  alpha 0.7
}

experiment compressed {
  seed 2
  distill compress on digits with once
}
`;

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('a teacher written pretrained("…") in a distillation', () => {
  it('distills from a teacher saved by an earlier run, frozen, without training it', async () => {
    const project = specProject('kiln-saved-teacher-', { 'teacher.kiln': teacherSpec, 'distill.kiln': distillSpec });

    // Before the teacher exists: a warning, not an error, and no "untrained teacher".
    const early = cli(['check', 'distill.kiln'], project);
    expect(early.code).toBe(0);
    expect(early.stdout + early.stderr).toContain('warning[K2511]');
    expect(early.stdout + early.stderr).not.toContain('K4030');
    expect(early.stdout + early.stderr).not.toContain('K4031');

    const base = cli(['run', 'teacher.kiln', '--out', 'runs/teacher', '--backend', 'cpu'], project);
    expect(base.stderr).toBe('');
    expect(base.code).toBe(0);
    const saved = path.join(project, 'runs', 'teacher', 'model', 'model.json');
    expect(fs.existsSync(saved)).toBe(true);

    const checked = cli(['check', 'distill.kiln'], project);
    expect(checked.stdout + checked.stderr).not.toMatch(/K2511|K4030|K4031/);
    expect(checked.code).toBe(0);

    // The IR records the saved teacher and the model built for it.
    const compiled = cli(['compile', 'distill.kiln', '--emit', 'ir', '--out', 'distill.ir.json'], project);
    expect(compiled.code).toBe(0);
    const ir = JSON.parse(fs.readFileSync(path.join(project, 'distill.ir.json'), 'utf8'));
    const d = ir.distills.compress;
    expect(d.teachers).toEqual(['compress_teacher']);
    expect(d.pretrained_teachers).toEqual({ compress_teacher: 'runs/teacher/model/model.json' });
    const loadedNode = ir.models.compress_teacher.nodes.find((n: { op: string }) => n.op === 'pretrained');
    expect(loadedNode.args).toMatchObject({ path: 'runs/teacher/model/model.json', freeze: true });
    expect(loadedNode.trainable).toBe(false);

    const run = cli(['run', 'distill.kiln', '--out', 'runs/distill', '--backend', 'cpu'], project);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    // The student learned from it, the teacher's numbers stand beside the student's.
    const records = readMetrics(path.join(project, 'runs', 'distill', 'metrics.jsonl'));
    const epoch = records.find((r) => r.model === 'student' && r.split === 'train');
    expect(epoch?.distill).toBe('compress');
    expect(typeof epoch?.teacher_val_accuracy).toBe('number');
    expect(epoch?.teacher_val_accuracy as number).toBeGreaterThan(0.5);
    const teacherTest = records.find((r) => r.model === 'compress_teacher' && r.split === 'test');
    expect(teacherTest?.accuracy as number).toBeGreaterThan(0.5);
    expect(records.some((r) => r.model === 'compress_teacher' && r.split === 'train')).toBe(false);

    // The saved weights, unchanged, are what the student learned from: the
    // teacher scores on the validation split exactly what it scored when saved.
    const baseRecords = readMetrics(path.join(project, 'runs', 'teacher', 'metrics.jsonl'));
    const savedVal = [...baseRecords].reverse().find((r) => r.model === 'teacher' && r.split === 'train')?.val_accuracy;
    expect(typeof savedVal).toBe('number');
    expect(epoch?.teacher_val_accuracy).toBeCloseTo(savedVal as number, 6);

    // The distilled student is saved like any model and loads with tf.js.
    const student = await tfl.loadLayersModel(fileSystemIO(path.join(project, 'runs', 'distill', 'model', 'model.json')));
    expect(student.outputs[0].shape).toEqual([null, 10]);
    student.dispose();
  }, 120_000);
});
