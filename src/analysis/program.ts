// A program: a set of entry files and everything they import, each parsed,
// resolved and checked. This is the analysis API that `kiln check`, `kiln
// run`, `kiln compile` and the language server all call; none of them has
// language logic of its own.
//
// Input: entry paths and a host that reads files. Output: per-file analyses
// with every diagnostic.
//
// Incremental mode: a Program given earlier programs (`previous`) reuses, as
// the same objects, the analyses of every file whose text is unchanged, whose
// imports load as before, and none of whose transitive imports was re-analysed;
// only changed files and the files that import them (transitively) are
// resolved and checked again. The checker is told which files were reused so
// that it carries over its own per-program state for exactly those files.

import { readFileSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { diagnostic, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { declaredSymbols, resolveFile, type Builtins, type FileScope, type Resolution } from '../resolve/resolve.js';
import type { KilnSymbol } from '../resolve/symbols.js';
import type * as A from '../syntax/ast.js';
import { parseSource, type ParseResult } from '../syntax/parse.js';
import { isInsideRoot, resolveSpecPath } from './project-root.js';
import { SourceFile } from './source.js';
import type { CheckInfo } from '../check/info.js';

export type ReadResult = { text: string } | { error: string; missing: boolean };

/** Where file text comes from: the disk, or the editor's open buffers over the disk. */
export interface ProgramHost {
  read(file: string): ReadResult;
}

export const diskHost: ProgramHost = {
  read(file) {
    try {
      const stat = statSync(file);
      if (stat.isDirectory()) return { error: 'it is a folder', missing: false };
      return { text: readFileSync(file, 'utf8') };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return { error: 'no such file', missing: true };
      return { error: code === 'EACCES' ? 'permission denied' : String((e as Error).message), missing: false };
    }
  },
};

export interface ImportInfo {
  decl: A.ImportDecl;
  /** The imported file, when it was found and loaded. */
  target?: string;
}

export interface FileAnalysis {
  path: string;
  source: SourceFile;
  parse: ParseResult;
  imports: ImportInfo[];
  /** The declarations this file makes. */
  declared: KilnSymbol[];
  scope: FileScope;
  resolution: Resolution;
  /** Every diagnostic in this file, all phases. */
  diagnostics: Diagnostic[];
  /** What the type checker inferred, by position (types, catalog entries, layer tables). */
  checked?: CheckInfo;
}

/** Runs after resolution, once per file: the type checker plugs in here. */
export type FileChecker = (file: FileAnalysis, program: Program) => Diagnostic[];

/**
 * Called before any file of an incremental program is checked: `reused` holds
 * the files taken over from `previous` unchanged, whose checker state (memoised
 * results, position info) may be carried over; everything else is checked anew.
 */
export type CheckerInheritance = (program: Program, previous: Program, reused: ReadonlySet<string>) => void;

export interface ProgramOptions {
  /** The project root: no file outside it is read. */
  root: string;
  host?: ProgramHost;
  builtins: Builtins;
  checker?: FileChecker;
  /** Parses reused across programs, keyed by path, valid while the text is the same. */
  parseCache?: Map<string, ParseResult & { text: string }>;
  /**
   * Earlier programs of the same root, newest first: their analyses are reused
   * where nothing a file depends on changed (see the top of this file).
   */
  previous?: Program | readonly Program[];
  inheritChecker?: CheckerInheritance;
  /**
   * False: keep no token lists once a file is parsed. They are most of a
   * parse's memory and nothing after parsing needs them; a long-running
   * holder of many analyses (the language server) re-lexes where it must.
   */
  retainTokens?: boolean;
}

/** How a file's imports loaded: two loads with the same signature resolve the same. */
function importSignature(file: FileAnalysis, importDiagnostics: readonly Diagnostic[]): string {
  const targets = file.imports.map((i) => `${i.decl.span.start}>${i.target ?? ''}`);
  const problems = importDiagnostics.map((d) => `${d.code}@${d.span.start}:${d.message}`);
  return `${targets.join('|')}#${problems.join('|')}`;
}

export class Program {
  readonly files = new Map<string, FileAnalysis>();
  readonly root: string;
  private readonly host: ProgramHost;
  /** Diagnostics about an entry itself (an unreadable entry file). */
  readonly entryDiagnostics: { file: string; message: string }[] = [];
  /** Files whose analysis was taken over, unchanged, from an earlier program. */
  readonly reused = new Set<string>();
  /** Import signatures, so that a later program can tell whether a file's imports still load the same. */
  private readonly signatures = new Map<string, string>();
  private readonly previous: readonly Program[];

  constructor(
    readonly entries: readonly string[],
    private readonly options: ProgramOptions,
  ) {
    this.root = path.resolve(options.root);
    this.host = options.host ?? diskHost;
    const previous = options.previous === undefined ? [] : Array.isArray(options.previous) ? options.previous : [options.previous as Program];
    this.previous = previous.filter((p) => p.root === this.root);
    const stack: string[] = [];
    for (const entry of entries) this.load(path.resolve(entry), stack);
    const reusedFrom = this.reuseUnchanged();
    for (const file of reusedFrom.keys()) this.reused.add(file);
    const fresh = [...this.files.values()].filter((f) => !this.reused.has(f.path));
    for (const file of fresh) this.buildScope(file);
    for (const file of fresh) {
      file.resolution = resolveFile(file.parse.ast, file.scope, options.builtins);
      file.diagnostics.push(...file.resolution.diagnostics);
    }
    if (options.checker) {
      if (options.inheritChecker) {
        for (const p of this.previous) {
          const reused = new Set([...reusedFrom].filter(([, from]) => from === p).map(([file]) => file));
          if (reused.size > 0) options.inheritChecker(this, p, reused);
        }
      }
      for (const file of fresh) file.diagnostics.push(...options.checker(file, this));
    }
    for (const file of fresh) sortDiagnostics(file.diagnostics);
    // An older program must not be kept alive through this one (a chain of every version ever typed).
    this.previous = [];
  }

  /** The earlier analysis of `file` with this text, newest program first. */
  private earlier(file: string, text: string): { analysis: FileAnalysis; program: Program } | undefined {
    for (const program of this.previous) {
      const analysis = program.files.get(file);
      if (analysis && analysis.source.text === text) return { analysis, program };
    }
    return undefined;
  }

  /**
   * Replaces the new analysis of each file with its earlier one where the text
   * and the import outcome are the same and every import was reused too.
   * Returns which program each reused analysis came from. Loaded imports form
   * a DAG (a cycle is cut where it closes), so the recursion ends.
   */
  private reuseUnchanged(): Map<string, Program> {
    const chosen = new Map<string, { analysis: FileAnalysis; program: Program } | undefined>();
    if (this.previous.length === 0) return new Map();
    const decide = (file: FileAnalysis): { analysis: FileAnalysis; program: Program } | undefined => {
      if (chosen.has(file.path)) return chosen.get(file.path);
      chosen.set(file.path, undefined);
      const targets = file.imports.flatMap((imp) => (imp.target && this.files.has(imp.target) ? [imp.target] : []));
      const decidedTargets = targets.map((t) => ({ path: t, choice: decide(this.files.get(t)!) }));
      const before = this.earlier(file.path, file.source.text);
      // Reusable only over the very analyses of its imports that the earlier analysis saw.
      const ok =
        before !== undefined &&
        before.program.signatures.get(file.path) === this.signatures.get(file.path) &&
        decidedTargets.every((t) => t.choice !== undefined && before.program.files.get(t.path) === t.choice.analysis);
      const choice = ok ? before : undefined;
      chosen.set(file.path, choice);
      return choice;
    };
    const from = new Map<string, Program>();
    for (const file of [...this.files.values()]) {
      const choice = decide(file);
      if (!choice) continue;
      this.files.set(file.path, choice.analysis);
      from.set(file.path, choice.program);
    }
    return from;
  }

  /** Every diagnostic of every file, sorted by file and position. */
  allDiagnostics(): Diagnostic[] {
    return sortDiagnostics([...this.files.values()].flatMap((f) => f.diagnostics));
  }

  file(p: string): FileAnalysis | undefined {
    return this.files.get(path.resolve(p));
  }

  private parse(file: string, text: string): ParseResult {
    const cache = this.options.parseCache;
    const hit = cache?.get(file);
    if (hit && hit.text === text) return hit;
    const result = parseSource(new SourceFile(file, text));
    cache?.set(file, { ...result, text });
    return result;
  }

  private load(file: string, stack: string[]): FileAnalysis | undefined {
    const existing = this.files.get(file);
    if (existing) return existing;
    const read = this.host.read(file);
    if (!('text' in read)) {
      if (stack.length === 0) this.entryDiagnostics.push({ file, message: read.error });
      return undefined;
    }
    // The same text as before: its parse, line map and declarations are still good (all read-only).
    const earlier = this.earlier(file, read.text)?.analysis;
    let parse = earlier?.parse ?? this.parse(file, read.text);
    if (this.options.retainTokens === false && parse.tokens.length + parse.comments.length > 0) parse = { ...parse, tokens: [], comments: [] };
    const analysis: FileAnalysis = {
      path: file,
      source: earlier?.source ?? new SourceFile(file, read.text),
      parse,
      imports: [],
      declared: earlier?.declared ?? declaredSymbols(parse.ast).symbols,
      scope: { symbols: new Map(), namespaces: new Map() },
      resolution: { references: [], diagnostics: [] },
      diagnostics: [...parse.diagnostics],
    };
    this.files.set(file, analysis);
    stack.push(file);
    for (const d of parse.ast.decls) {
      if (d.kind !== 'Import' || !d.path) continue;
      analysis.imports.push(this.loadImport(analysis, d, d.path, stack));
    }
    stack.pop();
    this.signatures.set(file, importSignature(analysis, analysis.diagnostics.slice(parse.diagnostics.length)));
    return analysis;
  }

  private loadImport(from: FileAnalysis, decl: A.ImportDecl, written: A.StringLit, stack: string[]): ImportInfo {
    const report = (code: string, args: Record<string, string>, label: string, help?: string) => {
      from.diagnostics.push(diagnostic(code, written.span, args, { label, help }));
      return { decl };
    };
    const { path: target, outside } = resolveSpecPath(written.value, from.path, this.root);
    if (outside) return report('K1103', { path: written.value }, 'outside the project', 'keep imported files inside the project root');
    if (!target.endsWith('.kiln')) return report('K1104', { path: written.value, reason: 'it is not a `.kiln` file' }, 'not a spec');
    // A link inside the project may point outside it: check where it really leads.
    try {
      const real = realpathSync(target);
      if (!isInsideRoot(real, realpathSync(this.root))) return report('K1103', { path: written.value }, 'links outside the project');
    } catch {
      // Missing: reported below from the host's answer (the host may hold an unsaved buffer).
    }
    const cycleAt = stack.indexOf(target);
    if (cycleAt >= 0) {
      const cycle = [...stack.slice(cycleAt), target].map((f) => path.relative(path.dirname(from.path), f) || path.basename(f)).join(' → ');
      return report('K1102', { cycle }, 'closes the cycle', 'move what both files need into a third file that both import');
    }
    const read = this.files.has(target) ? undefined : this.host.read(target);
    if (read && !('text' in read)) {
      return read.missing
        ? report('K1101', { path: written.value }, 'no such file', `paths are relative to ${path.basename(from.path)}'s folder`)
        : report('K1104', { path: written.value, reason: read.error }, 'cannot read');
    }
    const loaded = this.load(target, stack);
    return { decl, target: loaded?.path };
  }

  private buildScope(file: FileAnalysis): void {
    const { symbols, namespaces } = file.scope;
    const duplicate = (sym: KilnSymbol, first: KilnSymbol) => {
      const span = sym.file === file.path ? sym.nameSpan : first.nameSpan;
      const other = sym.file === file.path ? first : sym;
      file.diagnostics.push(
        diagnostic(
          'K1002',
          span,
          { name: sym.name },
          {
            label: 'declared again here',
            related: [{ span: other.nameSpan, message: other.file === file.path ? 'first declared here' : `also declared in ${path.basename(other.file)}` }],
            help: 'rename one of them',
          },
        ),
      );
    };
    for (const sym of file.declared) {
      const first = symbols.get(sym.name);
      if (first) duplicate(sym, first);
      else symbols.set(sym.name, sym);
    }
    for (const imp of file.imports) {
      const target = imp.target ? this.files.get(imp.target) : undefined;
      if (!target) continue;
      if (imp.decl.alias) {
        const alias = imp.decl.alias;
        namespaces.set(alias.text, {
          symbol: { name: alias.text, kind: 'namespace', file: file.path, nameSpan: alias.span, span: imp.decl.span, node: undefined as never, target: target.path },
          members: new Map(target.declared.map((s) => [s.name, s])),
        });
        continue;
      }
      for (const sym of target.declared) {
        const first = symbols.get(sym.name);
        if (first && first !== sym) {
          // An own declaration and an imported one, or two imports, with one name.
          if (first.file === file.path) duplicate(first, sym);
          else
            file.diagnostics.push(
              diagnostic(
                'K1002',
                imp.decl.span,
                { name: sym.name },
                {
                  label: `imports \`${sym.name}\` again`,
                  related: [{ span: first.nameSpan, message: `already imported from ${path.basename(first.file)}` }],
                  help: 'import one of the files `as` a name, and refer to its declarations through it',
                },
              ),
            );
        } else symbols.set(sym.name, sym);
      }
    }
  }
}
