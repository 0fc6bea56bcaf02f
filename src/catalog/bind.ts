// Binds the arguments of a call to an entry's parameters: positional ones
// in order, named ones by name, then defaults. Every problem is returned as
// a value pointing at the argument it concerns (by index), so the checker
// can place the span; nothing here throws on user input.

import type { DiagnosticArgs } from '../diagnostics/diagnostic.js';
import { suggest } from '../util/suggest.js';
import { describeValueKind, formatValue, type ArgValue, type ArgValues, type ScalarKind, type Value } from '../types/values.js';
import type { CatalogEntry, ParamSpec, ParamType } from './entry.js';
import { activationNames } from './activation-names.js';
import { Codes, fillMessage } from './problems.js';
import { describeParamType, formatParamType, formatRange, inRange } from './signature.js';

/** One argument of a call, in source order. */
export interface Argument {
  /** Set for named arguments (`activation: relu`). */
  name?: string;
  value: Value;
}

export interface ArgProblem {
  code: string;
  message: string;
  args: DiagnosticArgs;
  /** Index into the call's arguments; undefined when the problem is the call as a whole (a missing argument). */
  argIndex?: number;
  /** What the span should cover: the argument's name, its value, or the whole call. */
  on: 'name' | 'value' | 'call';
  /** The parameter concerned, when there is one. */
  param?: string;
  help?: string;
  /** A replacement for the text under the span (the nearest parameter name or choice), for a quick fix. */
  replacement?: string;
}

export interface BindResult {
  args: ArgValues;
  problems: ArgProblem[];
  /** For each argument, the parameter it was bound to (undefined if it was not bound). */
  boundTo: (string | undefined)[];
}

function problem(code: string, args: DiagnosticArgs, rest: Omit<ArgProblem, 'code' | 'message' | 'args'>): ArgProblem {
  return { code, message: fillMessage(code, args), args, ...rest };
}

type Conversion = { ok: true; value: ArgValue | undefined } | { ok: false; problem: Omit<ArgProblem, 'argIndex'> };

/** Which value kinds a declared type (of an unknown value) can satisfy a parameter type with. */
function kindFits(kind: ScalarKind, t: ParamType): boolean {
  if (typeof t === 'object') return kind === 'name' || kind === 'string';
  switch (t) {
    case 'int':
      return kind === 'int';
    case 'float':
      return kind === 'int' || kind === 'float';
    case 'bool':
      return kind === 'bool';
    case 'string':
      return kind === 'string';
    case 'activation':
    case 'name':
      return kind === 'name' || kind === 'string';
    case 'duration':
      return kind === 'duration';
    case 'dims':
      return kind === 'int' || kind === 'list';
    case 'floats':
      return kind === 'int' || kind === 'float' || kind === 'list';
    case 'function':
      return true;
  }
}

function convert(callee: string, p: ParamSpec, v: Value): Conversion {
  const typeError = (): Conversion => ({
    ok: false,
    problem: problem(
      Codes.argumentType,
      { name: p.name, callee, expected: describeParamType(p.type), found: describeValueKind(v) },
      { on: 'value', param: p.name },
    ),
  });
  const rangeCheck = (n: number, found: string = String(n)): Conversion | undefined => {
    if (p.range === undefined || inRange(n, p.range)) return undefined;
    return {
      ok: false,
      problem: problem(Codes.argumentRange, { name: p.name, callee, range: formatRange(p.range), found }, { on: 'value', param: p.name }),
    };
  };
  const choice = (name: string, choices: readonly string[]): Conversion => {
    if (choices.includes(name)) return { ok: true, value: name };
    const near = suggest(name, choices);
    return {
      ok: false,
      problem: problem(
        Codes.invalidChoice,
        { name: p.name, callee, choices: choices.map((c) => `\`${c}\``).join(', '), found: `\`${name}\`` },
        { on: 'value', param: p.name, help: near ? `did you mean \`${near}\`?` : undefined, replacement: near },
      ),
    };
  };

  if (v.kind === 'unknown') {
    if (v.type !== undefined && !kindFits(v.type, p.type)) return typeError();
    return { ok: true, value: undefined };
  }
  const t = p.type;
  if (typeof t === 'object') {
    if (v.kind === 'name') return choice(v.name, t.oneOf);
    if (v.kind === 'string') return choice(v.value, t.oneOf);
    return typeError();
  }
  switch (t) {
    case 'int':
      if (v.kind !== 'int') return typeError();
      return rangeCheck(v.value) ?? { ok: true, value: v.value };
    case 'float':
      if (v.kind !== 'int' && v.kind !== 'float') return typeError();
      return rangeCheck(v.value, formatValue(v)) ?? { ok: true, value: v.value };
    case 'bool':
      return v.kind === 'bool' ? { ok: true, value: v.value } : typeError();
    case 'string':
      return v.kind === 'string' ? { ok: true, value: v.value } : typeError();
    case 'name':
      if (v.kind === 'name') return { ok: true, value: v.name };
      if (v.kind === 'string') return { ok: true, value: v.value };
      return typeError();
    case 'activation':
      if (v.kind === 'name') return choice(v.name, activationNames);
      if (v.kind === 'string') return choice(v.value, activationNames);
      return typeError();
    case 'duration':
      if (v.kind === 'int' || v.kind === 'float') {
        return {
          ok: false,
          problem: problem(
            Codes.durationWithoutUnit,
            { name: p.name, callee, found: formatValue(v) },
            { on: 'value', param: p.name, help: `write \`${formatValue(v)} steps\` or \`${formatValue(v)} epochs\``, replacement: `${formatValue(v)} steps` },
          ),
        };
      }
      if (v.kind !== 'duration') return typeError();
      return rangeCheck(v.value, formatValue(v)) ?? { ok: true, value: { amount: v.value, unit: v.unit } };
    case 'dims': {
      const items = v.kind === 'list' ? v.items : v.kind === 'int' ? Array.from({ length: p.arity ?? 1 }, () => v) : undefined;
      if (items === undefined || items.length === 0) return typeError();
      if (p.arity !== undefined && items.length !== p.arity) {
        return {
          ok: false,
          problem: problem(
            Codes.argumentType,
            { name: p.name, callee, expected: `an int or a list of ${p.arity} ints`, found: describeValueKind(v) },
            { on: 'value', param: p.name },
          ),
        };
      }
      const out: number[] = [];
      for (const item of items) {
        if (item.kind === 'unknown') return { ok: true, value: undefined };
        if (item.kind !== 'int') return typeError();
        const bad = rangeCheck(item.value);
        if (bad) return bad;
        out.push(item.value);
      }
      return { ok: true, value: out };
    }
    case 'floats': {
      const items = v.kind === 'list' ? v.items : [v];
      const out: number[] = [];
      for (const item of items) {
        if (item.kind === 'unknown') return { ok: true, value: undefined };
        if (item.kind !== 'int' && item.kind !== 'float') return typeError();
        const bad = rangeCheck(item.value, formatValue(item));
        if (bad) return bad;
        out.push(item.value);
      }
      return out.length === 0 ? typeError() : { ok: true, value: out };
    }
    case 'function':
      return { ok: true, value: undefined };
  }
}

/**
 * The parameter called `name`; the last one when a name repeats (a block's
 * duplicate parameter, reported elsewhere). A scan: parameter lists are
 * short, and binding runs for every call in a workspace.
 */
function paramNamed(params: readonly ParamSpec[], name: string): ParamSpec | undefined {
  for (let i = params.length - 1; i >= 0; i--) if (params[i].name === name) return params[i];
  return undefined;
}

/**
 * Binds `args` (in source order) to `entry`'s parameters. The result always
 * has a value for every parameter that was given or has a default; values
 * that were given but are not known statically are present as `undefined`.
 */
export function bindArguments(entry: Pick<CatalogEntry, 'name' | 'params'>, args: readonly Argument[]): BindResult {
  const callee = entry.name;
  const params = entry.params;
  const values: Record<string, ArgValue | undefined> = {};
  const given = new Set<string>();
  const problems: ArgProblem[] = [];
  const boundTo: (string | undefined)[] = [];
  let seenNamed = false;
  let positional = 0;
  let reportedTooMany = false;
  const positionalCount = args.filter((a) => a.name === undefined).length;

  args.forEach((arg, argIndex) => {
    let p: ParamSpec | undefined;
    if (arg.name !== undefined) {
      seenNamed = true;
      p = paramNamed(params, arg.name);
      if (p === undefined) {
        const near = suggest(
          arg.name,
          params.map((q) => q.name),
        );
        problems.push(
          problem(
            Codes.unknownParameter,
            { callee, name: arg.name },
            {
              argIndex,
              on: 'name',
              help: near
                ? `did you mean \`${near}\`?`
                : params.length === 0
                  ? `\`${callee}\` takes no arguments`
                  : `parameters are ${params.map((q) => `\`${q.name}\``).join(', ')}`,
              replacement: near,
            },
          ),
        );
      } else if (given.has(p.name)) {
        problems.push(problem(Codes.duplicateArgument, { callee, name: p.name }, { argIndex, on: 'name', param: p.name }));
        p = undefined;
      }
    } else if (seenNamed) {
      problems.push(
        problem(Codes.positionalAfterNamed, { callee }, { argIndex, on: 'value', help: 'move it before the named arguments, or name it' }),
      );
    } else if (positional >= params.length) {
      if (!reportedTooMany) {
        reportedTooMany = true;
        problems.push(problem(Codes.tooManyArguments, { callee, max: params.length, found: positionalCount }, { argIndex, on: 'value' }));
      }
    } else {
      p = params[positional++];
    }

    boundTo.push(p?.name);
    if (p === undefined) return;
    given.add(p.name);
    const converted = convert(callee, p, arg.value);
    if (converted.ok) values[p.name] = converted.value;
    else {
      problems.push({ ...converted.problem, argIndex });
      // A bad value is still "given": no second complaint that it is missing.
      values[p.name] = undefined;
    }
  });

  for (const p of params) {
    if (given.has(p.name)) continue;
    if (p.default !== undefined) values[p.name] = p.default;
    else if (p.required) {
      problems.push(problem(Codes.missingArgument, { callee, name: p.name, type: formatParamType(p.type) }, { on: 'call', param: p.name }));
    }
  }
  return { args: values, problems, boundTo };
}
