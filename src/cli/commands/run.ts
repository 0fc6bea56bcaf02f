// `kiln run FILE`: trains and evaluates an experiment on real data, with a
// progress bar on a terminal (plain lines in CI), and leaves a run folder
// (metrics.jsonl, summary.json, the saved model, report.html). FILE is a spec
// (checked first: any error is printed as `kiln check` prints it) or an IR
// .json file. Ctrl-C writes a checkpoint and says how to resume.

import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { sourceLookup } from '../../analysis/analyze.js';
import { isDataError } from '../../data/errors.js';
import { renderDiagnostics, summaryLine } from '../../diagnostics/render/index.js';
import { BACKEND_REQUESTS, type BackendRequest } from '../../runtime/backend/requests.js';
import { isRunError } from '../../runtime/errors.js';
import type { CommandResult } from '../main.js';
import { useColor } from '../terminal.js';
import { kilnVersion } from '../version.js';

export interface RunCommandOptions {
  experiment?: string;
  backend: BackendRequest;
  out?: string;
  resume?: boolean;
  epochs?: number;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

export function registerRun(program: Command, result: CommandResult): void {
  program
    .command('run')
    .description('train and evaluate an experiment; writes a run folder with metrics, the model and a report')
    .argument('<file>', 'a .kiln spec or an IR .json file')
    .option('-e, --experiment <name>', 'the experiment to run (needed when the spec has several)')
    .addOption(new Option('-b, --backend <backend>', 'tf.js backend').choices([...BACKEND_REQUESTS]).default('auto'))
    .option('-o, --out <dir>', 'the run folder (default runs/EXPERIMENT/TIMESTAMP)')
    .option('--resume', 'continue the newest unfinished run (or the one in --out) from its checkpoint')
    .option('--epochs <n>', 'train for n epochs instead of the schedule’s (for quick tries)', positiveInt)
    .addHelpText(
      'after',
      `
Exit codes: 0 done, 1 errors in the spec or data (or a loss that became NaN), 2 usage or I/O error, 130 interrupted.

Examples:
  kiln run examples/digits.kiln                 train, evaluate, write runs/digits_mlp/…
  kiln run examples/digits.kiln --epochs 1      a quick try
  kiln run examples/digits.kiln --resume        continue after Ctrl-C`,
    )
    .action(async (file: string, opts: RunCommandOptions) => {
      result.code = await runCommand(file, opts);
    });
}

function printError(message: string, notes: string[] = []): void {
  process.stderr.write(`kiln run: error: ${message}\n`);
  for (const n of notes) process.stderr.write(`  = ${n}\n`);
}

export async function runCommand(file: string, opts: RunCommandOptions): Promise<number> {
  const cwd = process.cwd();
  if (!existsSync(path.resolve(cwd, file))) {
    // An I/O error, like a bad flag: exit 2, as every command does.
    printError(`no such file: ${file}`);
    return 2;
  }
  let interrupted = false;
  const onSigint = (): void => {
    if (interrupted) {
      process.stderr.write('\nkiln run: stopped without a checkpoint\n');
      process.exit(130);
    }
    interrupted = true;
    process.stderr.write('\nkiln run: stopping after this step and writing a checkpoint (Ctrl-C again to quit at once)\n');
  };
  process.on('SIGINT', onSigint);
  try {
    // The runtime (and tf.js) load only when a run is asked for: `kiln check` stays fast.
    const [{ loadProgram }, { runExperiment }, { defaultReporter }, { summaryTable }] = await Promise.all([
      import('../../runtime/load-program.js'),
      import('../../runtime/run.js'),
      import('../../runtime/progress.js'),
      import('../../runtime/summary-table.js'),
    ]);
    const loaded = await loadProgram(file, cwd);
    if (!loaded.ok) {
      const color = useColor(process.stdout);
      const out = renderDiagnostics('text', loaded.analysis.diagnostics, { cwd, files: sourceLookup(loaded.analysis), color, version: kilnVersion() });
      if (out) process.stdout.write(out.endsWith('\n') ? out : `${out}\n`);
      process.stdout.write(`${summaryLine(loaded.analysis.diagnostics, loaded.analysis.files.size, { color })}\n`);
      return 1;
    }
    const run = await runExperiment(loaded.program, {
      experiment: opts.experiment,
      backend: opts.backend,
      out: opts.out ? path.resolve(cwd, opts.out) : undefined,
      runsDir: path.resolve(cwd, 'runs'),
      resume: opts.resume,
      epochs: opts.epochs,
      baseDir: loaded.baseDir,
      projectRoot: loaded.projectRoot,
      specFile: loaded.specFile,
      reporter: defaultReporter(process.stdout),
      shouldStop: () => interrupted,
    });
    const folder = path.relative(cwd, run.folder) || '.';
    if (run.status === 'interrupted') {
      const at = run.stoppedAt;
      process.stdout.write(`interrupted${at ? ` during model ${at.model} at step ${at.step}` : ''}; checkpoint written to ${path.join(folder, 'checkpoint')}\n`);
      process.stdout.write(`resume with: kiln run ${file} --resume --out ${folder}\n`);
      return 130;
    }
    const table = run.summary ? summaryTable(run.summary) : '';
    if (table) process.stdout.write(`\n${table}\n`);
    process.stdout.write(`\nrun folder ${folder} (${(run.summary?.duration_seconds ?? 0).toFixed(1)} s): metrics.jsonl, summary.json, model/, report.html\n`);
    return 0;
  } catch (e) {
    if (isRunError(e)) {
      printError(e.message, e.notes);
      return 1;
    }
    if (isDataError(e)) {
      printError(`bad data: ${e.message}`);
      return 1;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
