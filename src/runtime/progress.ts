// How a run reports as it goes. On a terminal: a progress bar per epoch
// (steps, loss, examples/s, ETA); in CI or when output is piped: one plain
// line per epoch, so logs stay readable. Both print the same header and
// the same final table; tests use the silent reporter or collect lines.

import cliProgress from 'cli-progress';

export interface EpochStart {
  model: string;
  epoch: number;
  epochs: number;
  steps: number;
  /** Steps already done in this epoch (a resumed run). */
  done: number;
}

export interface StepProgress {
  step: number;
  loss: number;
  examplesPerSec: number;
}

export interface RunReporter {
  /** A line of information (the header, notes, warnings). */
  line(text: string): void;
  epochStart(info: EpochStart): void;
  step(info: StepProgress): void;
  /** The epoch's summary line, e.g. "epoch 3/8  loss 0.41  val_loss 0.32  val_accuracy 0.94  2,310 ex/s  3.1 s". */
  epochEnd(summary: string): void;
}

export const silentReporter: RunReporter = {
  line: () => undefined,
  epochStart: () => undefined,
  step: () => undefined,
  epochEnd: () => undefined,
};

/** One line per epoch; nothing per step. */
export function plainReporter(write: (text: string) => void): RunReporter {
  return {
    line: (text) => write(`${text}\n`),
    epochStart: () => undefined,
    step: () => undefined,
    epochEnd: (summary) => write(`${summary}\n`),
  };
}

/** A cli-progress bar per epoch, replaced by the epoch's summary line when it ends. */
export function barReporter(stream: NodeJS.WriteStream): RunReporter {
  let bar: cliProgress.SingleBar | undefined;
  return {
    line: (text) => stream.write(`${text}\n`),
    epochStart(info) {
      bar = new cliProgress.SingleBar(
        {
          stream,
          format: `epoch ${info.epoch}/${info.epochs} {bar} {value}/{total} | loss {loss} | {speed} ex/s | ETA {eta_formatted}`,
          hideCursor: true,
          clearOnComplete: true,
          etaBuffer: 20,
          fps: 10,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(info.steps, info.done, { loss: '-', speed: '-' });
    },
    step(info) {
      bar?.update(info.step, { loss: info.loss.toFixed(4), speed: Math.round(info.examplesPerSec).toLocaleString('en-US') });
    },
    epochEnd(summary) {
      bar?.stop();
      bar = undefined;
      stream.write(`${summary}\n`);
    },
  };
}

/** The bar on an interactive terminal, plain lines in CI or when piped. */
export function defaultReporter(stream: NodeJS.WriteStream = process.stdout): RunReporter {
  const ci = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
  return stream.isTTY && !ci ? barReporter(stream) : plainReporter((t) => stream.write(t));
}
