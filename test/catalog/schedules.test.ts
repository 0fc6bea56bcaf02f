// Learning-rate schedules: each entry's lrAt, and composition with `then`.

import { describe, expect, it } from 'vitest';
import { findEntry, learningRateAt, segmentLengths, type ScheduleSegment } from '../../src/catalog/index.js';
import { bound } from './helpers.js';

const ctx = { baseLr: 0.1, stepsPerEpoch: 10 };

function segment(name: string, positional: unknown[] = [], named: Record<string, unknown> = {}): ScheduleSegment {
  const entry = findEntry(name, 'schedule')!;
  return { entry, args: bound(entry, positional, named) };
}

describe('learning-rate schedules', () => {
  it('cosine goes from lr to `to` over its segment', () => {
    const s = [segment('cosine', [], { to: 0.001 })];
    expect(learningRateAt(s, 0, 100, ctx)).toBeCloseTo(0.1);
    expect(learningRateAt(s, 99, 100, ctx)).toBeCloseTo(0.001);
    const mid = learningRateAt(s, 50, 100, ctx);
    expect(mid).toBeLessThan(0.1);
    expect(mid).toBeGreaterThan(0.001);
  });

  it('step drops by factor every interval, in epochs', () => {
    const s = [segment('step', [{ epochs: 2 }], { factor: 0.5 })];
    expect(learningRateAt(s, 19, 100, ctx)).toBeCloseTo(0.1);
    expect(learningRateAt(s, 20, 100, ctx)).toBeCloseTo(0.05);
    expect(learningRateAt(s, 45, 100, ctx)).toBeCloseTo(0.025);
  });

  it('exponential decays by rate per epoch', () => {
    const s = [segment('exponential', [0.5])];
    expect(learningRateAt(s, 10, 100, ctx)).toBeCloseTo(0.05);
  });

  it('linear and constant', () => {
    expect(learningRateAt([segment('linear')], 99, 100, ctx)).toBeCloseTo(0);
    expect(learningRateAt([segment('constant')], 57, 100, ctx)).toBe(0.1);
  });

  it('one_cycle rises to max_lr then anneals far below the start', () => {
    const s = [segment('one_cycle', [], { max_lr: 1 })];
    const start = learningRateAt(s, 0, 100, ctx);
    expect(start).toBeCloseTo(1 / 25);
    expect(learningRateAt(s, 30, 100, ctx)).toBeCloseTo(1);
    expect(learningRateAt(s, 99, 100, ctx)).toBeLessThan(start / 1000);
  });

  it('warmup then cosine: warmup covers its steps, cosine the rest', () => {
    const s = [segment('warmup', [{ steps: 10 }]), segment('cosine')];
    expect(segmentLengths(s, 100, 10)).toEqual([10, 90]);
    expect(learningRateAt(s, 0, 100, ctx)).toBeCloseTo(0.01);
    expect(learningRateAt(s, 9, 100, ctx)).toBeCloseTo(0.1);
    expect(learningRateAt(s, 10, 100, ctx)).toBeCloseTo(0.1);
    expect(learningRateAt(s, 99, 100, ctx)).toBeCloseTo(0);
    const rates = Array.from({ length: 100 }, (_, i) => learningRateAt(s, i, 100, ctx));
    expect(rates.slice(0, 10).every((r, i) => i === 0 || r > rates[i - 1])).toBe(true);
    expect(rates.slice(10).every((r, i) => i === 0 || r <= rates[10 + i - 1])).toBe(true);
  });

  it('a warmup longer than the run is visible from its length', () => {
    const w = segment('warmup', [{ epochs: 20 }]);
    const length = w.entry.length!(w.args)!;
    expect(length).toEqual({ amount: 20, unit: 'epochs' });
    expect(segmentLengths([w, segment('cosine')], 100, 10)).toEqual([100, 0]);
  });
});
