// bindArguments: positional and named binding, defaults, and every kind of
// argument problem, each pointing at the argument it concerns.

import { describe, expect, it } from 'vitest';
import { bindArguments, findEntry, findLayer, formatSignature } from '../../src/catalog/index.js';
import { unknownValue, type Value } from '../../src/types/values.js';
import { call } from './helpers.js';

const dense = findLayer('dense')!;
const conv2d = findLayer('conv2d')!;
const dropout = findLayer('dropout')!;
const warmup = findEntry('warmup', 'schedule')!;

describe('bindArguments', () => {
  it('binds positional then named arguments and fills defaults', () => {
    const r = bindArguments(dense, call([128], { activation: 'relu' }));
    expect(r.problems).toEqual([]);
    expect(r.args).toEqual({ units: 128, activation: 'relu', use_bias: true });
    expect(r.boundTo).toEqual(['units', 'activation']);
  });

  it('repeats a single int for a two-dimensional kernel', () => {
    const r = bindArguments(conv2d, call([16, 3]));
    expect(r.args.kernel).toEqual([3, 3]);
    expect(r.args.stride).toEqual([1, 1]);
  });

  it('reports an unknown name with the nearest parameter', () => {
    const r = bindArguments(dense, call([128], { activaton: 'relu' }));
    expect(r.problems).toHaveLength(1);
    const [p] = r.problems;
    expect(p.code).toBe('K2101');
    expect(p.message).toBe('`dense` has no parameter `activaton`');
    expect(p).toMatchObject({ argIndex: 1, on: 'name', replacement: 'activation', help: 'did you mean `activation`?' });
  });

  it('reports a missing required argument on the call', () => {
    const r = bindArguments(dense, call([], { activation: 'relu' }));
    expect(r.problems.map((p) => [p.code, p.on, p.param, p.argIndex])).toEqual([['K2102', 'call', 'units', undefined]]);
    expect(r.problems[0].message).toBe('`dense` needs an argument `units` (int)');
  });

  it('reports a wrong type', () => {
    const r = bindArguments(dense, call([12.5]));
    expect(r.problems[0]).toMatchObject({ code: 'K2103', argIndex: 0, on: 'value', param: 'units' });
    expect(r.problems[0].message).toBe('argument `units` of `dense` expects int, found float 12.5');
    // Floats accept ints.
    expect(bindArguments(dropout, call([0])).problems).toEqual([]);
  });

  it('reports out-of-range values with the range', () => {
    const r = bindArguments(dropout, call([1.5]));
    expect(r.problems[0].code).toBe('K2104');
    expect(r.problems[0].message).toBe('argument `rate` of `dropout` must be in [0, 1), found 1.5');
    expect(bindArguments(dropout, call([1])).problems[0].code).toBe('K2104');
    expect(bindArguments(dense, call([0])).problems[0].message).toBe('argument `units` of `dense` must be at least 1, found 0');
  });

  it('reports an argument given twice, at the second occurrence', () => {
    const r = bindArguments(dense, call([128], { units: 64 }));
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ code: 'K2105', argIndex: 1, on: 'name' });
    expect(r.args.units).toBe(128);
  });

  it('reports a positional argument after a named one', () => {
    const args = [{ name: 'filters', value: { kind: 'int', value: 16 } as Value }, { value: { kind: 'int', value: 3 } as Value }];
    const r = bindArguments(conv2d, args);
    expect(r.problems.map((p) => [p.code, p.argIndex])).toEqual([
      ['K2106', 1],
      ['K2102', undefined],
    ]);
  });

  it('reports too many positional arguments once', () => {
    const r = bindArguments(dropout, call([0.1, 0.2, 0.3]));
    expect(r.problems.map((p) => [p.code, p.argIndex])).toEqual([['K2108', 1]]);
    expect(r.problems[0].message).toBe('`dropout` takes at most 1 positional arguments, found 3');
  });

  it('requires a unit on durations and offers one', () => {
    const r = bindArguments(warmup, call([200]));
    expect(r.problems[0]).toMatchObject({ code: 'K2107', argIndex: 0, replacement: '200 steps' });
    expect(r.problems[0].help).toBe('write `200 steps` or `200 epochs`');
    expect(bindArguments(warmup, call([{ steps: 200 }])).args.duration).toEqual({ amount: 200, unit: 'steps' });
  });

  it('checks choices and activations with did-you-mean', () => {
    const r = bindArguments(conv2d, call([16, 3], { padding: 'smae' }));
    expect(r.problems[0]).toMatchObject({ code: 'K2109', replacement: 'same' });
    expect(r.problems[0].message).toBe('argument `padding` of `conv2d` must be one of `valid`, `same`, found `smae`');
    expect(bindArguments(dense, call([8], { activation: 'rleu' })).problems[0]).toMatchObject({ code: 'K2109', replacement: 'relu' });
  });

  it('accepts unknown values (block parameters) without range checks, but checks their declared type', () => {
    const ok = bindArguments(dense, [{ value: unknownValue('int') }]);
    expect(ok.problems).toEqual([]);
    expect('units' in ok.args && ok.args.units === undefined).toBe(true);
    const bad = bindArguments(dense, [{ value: unknownValue('string') }]);
    expect(bad.problems[0].code).toBe('K2103');
  });

  it('reports every problem of a call at once', () => {
    const r = bindArguments(conv2d, call([16, 3.5], { paddin: 'same', activation: 'nope' }));
    expect(r.problems.map((p) => p.code).sort()).toEqual(['K2101', 'K2103', 'K2109']);
  });

  it('formats signatures for hover', () => {
    expect(formatSignature(dense)).toBe('dense(units: int, activation: activation = linear, use_bias: bool = true)');
  });
});
