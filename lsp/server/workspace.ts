// The workspace model: the open documents over the disk, and the latest
// analysis of every spec in the workspace folders plus every open document.
//
// There is one Program per project root, built with the same analysis `kiln
// check` uses, incrementally: an edit re-analyses only the program of the
// root it touches, and within it only the edited file and the files that
// import it; every other file keeps its analysis as is. Three speeds:
// - `latest(file)`: just that file, current with every edit received (a
//   one-entry incremental program over the root's last full program). Edits
//   answer their own diagnostics, hovers and completions from this, without
//   waiting for the dependents.
// - `nextBehind()`: the open files that import an edited file, one at a
//   time, each brought up to date the same way, so that a new keystroke never
//   waits for more than one of them.
// - `current()`: every dirty root rebuilt (cheap once the above ran: it
//   reuses their analyses), so references and renames see every edit.

import * as path from 'node:path';
import { globSync } from 'tinyglobby';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { createProgram } from '../../src/analysis/analyze.js';
import { diskHost, type Program, type FileAnalysis, type ProgramHost, type ReadResult } from '../../src/analysis/program.js';
import { findProjectRoot, isInsideRoot } from '../../src/analysis/project-root.js';
import { UriMap } from './uri.js';

/** Beyond this many specs in a workspace folder, only open documents and their imports are analysed. */
const maxWorkspaceFiles = 5000;

export interface Snapshot {
  files: Map<string, FileAnalysis>;
  programs: Program[];
  /** Open files whose analysis threw (a bug elsewhere); they get a notice instead of diagnostics. */
  failed: Map<string, string>;
}

interface RootState {
  /** The last full build: one program, or one per file when the whole failed. */
  programs: Program[];
  failed: Map<string, string>;
}

interface QuickAnalysis {
  /** The edit generation it was built at: valid while no further edit arrived. */
  generation: number;
  program: Program;
  analysis: FileAnalysis;
}

export class Workspace {
  readonly uris = new UriMap();
  private readonly open = new Map<string, TextDocument>();
  private folders: string[] = [];
  private readonly onDisk = new Set<string>();
  private readonly diskCache = new Map<string, ReadResult>();
  private readonly roots = new Map<string, RootState>();
  /** Roots whose full build is behind an edit. */
  private readonly dirty = new Set<string>();
  private readonly quick = new Map<string, QuickAnalysis>();
  /** Files edited (text, presence) since the last full build. */
  private readonly changed = new Set<string>();
  /** Whether entries or roots changed since the last full build (folders set): no shortcut then. */
  private structural = false;
  private behind: { generation: number; files: string[] } | undefined;
  private generation = 0;
  private snapshot: Snapshot | undefined;
  /** Per open file, its last analysis without syntax errors: what hover and completion fall back to. */
  private readonly lastGood = new Map<string, FileAnalysis>();

  constructor(private readonly log: (message: string) => void) {}

  setFolders(folders: string[]): void {
    this.folders = folders.map((f) => path.resolve(f));
    this.onDisk.clear();
    this.rootCache.clear();
    for (const folder of this.folders) {
      try {
        const found = globSync('**/*.kiln', { cwd: folder, absolute: true, ignore: ['**/node_modules/**', '**/.git/**', '**/dist/**'] });
        for (const f of found.slice(0, maxWorkspaceFiles)) this.onDisk.add(path.resolve(f));
      } catch (e) {
        this.log(`could not list the specs under ${folder}: ${(e as Error).message}`);
      }
    }
    // Entries and roots may all have moved.
    for (const root of this.roots.keys()) this.dirty.add(root);
    for (const file of [...this.onDisk, ...this.open.keys()]) this.dirty.add(this.rootOf(file));
    this.structural = true;
    this.edited();
  }

  openDocument(doc: TextDocument): string {
    const file = this.uris.remember(doc.uri);
    this.open.set(file, doc);
    this.touched(file);
    return file;
  }

  changeDocument(doc: TextDocument): string {
    const file = this.uris.remember(doc.uri);
    this.open.set(file, doc);
    this.touched(file);
    return file;
  }

  closeDocument(uri: string): string {
    const file = this.uris.remember(uri);
    this.open.delete(file);
    this.diskCache.delete(file);
    this.lastGood.delete(file);
    this.touched(file);
    return file;
  }

  /** A file changed, appeared or vanished on disk. */
  fileChangedOnDisk(file: string, deleted: boolean): void {
    this.diskCache.delete(file);
    if (file.endsWith('.kiln') && this.folders.some((f) => isInsideRoot(file, f))) {
      if (deleted) this.onDisk.delete(file);
      else this.onDisk.add(file);
    }
    // A file that appears may be a missing import of any program around it.
    for (const root of this.roots.keys()) if (isInsideRoot(file, root)) this.dirty.add(root);
    this.touched(file);
  }

  document(file: string): TextDocument | undefined {
    return this.open.get(file);
  }

  openFiles(): string[] {
    return [...this.open.keys()];
  }

  /** Whether some root's full analysis is behind an edit. */
  get stale(): boolean {
    return this.dirty.size > 0;
  }

  /** Every dirty root rebuilt (incrementally): the analysis of every file, current with every edit. */
  current(): Snapshot {
    if (this.dirty.size > 0) {
      for (const root of [...this.dirty]) this.rebuild(root);
      this.dirty.clear();
      this.quick.clear();
      this.changed.clear();
      this.structural = false;
      this.snapshot = undefined;
    }
    return (this.snapshot ??= this.assemble());
  }

  /** The full analysis of `file`, current with every edit. */
  file(file: string): FileAnalysis | undefined {
    return this.current().files.get(file);
  }

  /**
   * The analysis of `file`, current with every edit received, at the cost of
   * that file alone (and of its imports, where they changed): dependents are
   * not brought up to date. Falls back to the full analysis when the one-file
   * program fails.
   */
  latest(file: string): FileAnalysis | undefined {
    const root = this.rootOf(file);
    const built = this.builtAnalysis(file);
    if (!this.dirty.has(root) && built) return this.remember(built);
    const quick = this.quick.get(file);
    if (quick && quick.generation === this.generation) return quick.analysis;
    const program = this.program([file], root, this.previousFor(root));
    const analysis = program?.files.get(file);
    if (!program || !analysis) return built ?? this.file(file);
    this.quick.set(file, { generation: this.generation, program, analysis });
    return this.remember(analysis);
  }

  /**
   * An open file that imports an edited file (directly or not) and was not
   * brought up to date since the edit; undefined when none is left. Its
   * `latest` analysis is then current.
   */
  nextBehind(): string | undefined {
    if (this.structural || this.changed.size === 0) return undefined;
    if (this.behind?.generation !== this.generation) this.behind = { generation: this.generation, files: this.dependentsOfChanged() };
    const files = this.behind.files;
    while (files.length > 0) {
      const file = files.shift()!;
      const quick = this.quick.get(file);
      if (this.open.has(file) && !(quick && quick.generation === this.generation)) return file;
    }
    return undefined;
  }

  /** Open files importing a changed file, nearest first, by the import graphs of the last builds. */
  private dependentsOfChanged(): string[] {
    const importers = new Map<string, Set<string>>();
    const programs = [...this.roots.values()].flatMap((r) => r.programs).concat([...this.quick.values()].map((q) => q.program));
    for (const program of programs) {
      for (const analysis of program.files.values()) {
        for (const imp of analysis.imports) {
          if (!imp.target) continue;
          let set = importers.get(imp.target);
          if (!set) importers.set(imp.target, (set = new Set()));
          set.add(analysis.path);
        }
      }
    }
    const seen = new Set(this.changed);
    const queue = [...this.changed];
    const out: string[] = [];
    while (queue.length > 0) {
      const file = queue.shift()!;
      for (const importer of importers.get(file) ?? []) {
        if (seen.has(importer)) continue;
        seen.add(importer);
        queue.push(importer);
        if (this.open.has(importer)) out.push(importer);
      }
    }
    return out;
  }

  /** The programs a new one of `root` may reuse analyses from: the one-file ones since the last full build (newest first), then it. */
  private previousFor(root: string): Program[] {
    const quick = [...this.quick.values()].filter((q) => q.program.root === root).sort((a, b) => b.generation - a.generation);
    return [...quick.map((q) => q.program), ...(this.roots.get(root)?.programs ?? [])];
  }

  /** The files around `file` for providers that look into imports: the full analysis with the freshest one-file analyses over it. */
  filesAround(file: string): Map<string, FileAnalysis> {
    const files = this.snapshot && this.dirty.size === 0 ? this.snapshot.files : this.assembleLoose();
    const quick = this.quick.get(file);
    if (!quick || quick.generation !== this.generation) return files;
    const out = new Map(files);
    for (const [p, a] of quick.program.files) out.set(p, a);
    return out;
  }

  /** Why the analysis of an open file failed, if it did (from the last full build). */
  failure(file: string): string | undefined {
    return this.roots.get(this.rootOf(file))?.failed.get(file);
  }

  /**
   * The last analysis of `file` without syntax errors, when the current one
   * has some: hover and completion use it where the recovered parse knows
   * less. Undefined when the current analysis is fine or none was ever good.
   */
  lastGoodFor(analysis: FileAnalysis): FileAnalysis | undefined {
    if (!hasSyntaxErrors(analysis)) return undefined;
    const good = this.lastGood.get(analysis.path);
    return good && good !== analysis ? good : undefined;
  }

  private remember(analysis: FileAnalysis): FileAnalysis {
    if (this.open.has(analysis.path) && !hasSyntaxErrors(analysis)) this.lastGood.set(analysis.path, analysis);
    return analysis;
  }

  /** The file's analysis in the last full build, if its text is still the one there. */
  private builtAnalysis(file: string): FileAnalysis | undefined {
    const state = this.roots.get(this.rootOf(file));
    if (!state) return undefined;
    for (const program of state.programs) {
      const analysis = program.files.get(file);
      if (!analysis) continue;
      const read = this.host.read(file);
      return 'text' in read && read.text === analysis.source.text ? analysis : undefined;
    }
    return undefined;
  }

  private touched(file: string): void {
    this.changed.add(file);
    this.dirty.add(this.rootOf(file));
    for (const [root, state] of this.roots) if (state.programs.some((p) => p.files.has(file))) this.dirty.add(root);
    this.edited();
  }

  private edited(): void {
    this.generation++;
    this.snapshot = undefined;
  }

  private readonly host: ProgramHost = {
    read: (file) => {
      const doc = this.open.get(file);
      if (doc) return { text: doc.getText() };
      let cached = this.diskCache.get(file);
      if (!cached) {
        cached = diskHost.read(file);
        this.diskCache.set(file, cached);
      }
      return cached;
    },
  };

  /** Each file's project root, found once per set of workspace folders (a walk up the tree for kiln.json or package.json). */
  private readonly rootCache = new Map<string, string>();

  private rootOf(file: string): string {
    let root = this.rootCache.get(file);
    if (root === undefined) {
      const folder = this.folders.filter((f) => isInsideRoot(file, f)).sort((a, b) => b.length - a.length)[0];
      root = findProjectRoot(path.dirname(file), folder ?? path.dirname(file));
      this.rootCache.set(file, root);
    }
    return root;
  }

  private entriesOf(root: string): string[] {
    return [...new Set([...this.onDisk, ...this.open.keys()])].filter((f) => this.rootOf(f) === root);
  }

  private rebuild(root: string): void {
    const entries = this.entriesOf(root);
    if (entries.length === 0) {
      this.roots.delete(root);
      return;
    }
    const previous = this.previousFor(root);
    const state: RootState = { programs: [], failed: new Map() };
    const program = this.program(entries, root, previous);
    if (program) state.programs.push(program);
    else {
      // One file breaks the analysis: analyse each alone so the others still get answers.
      for (const file of entries) {
        const alone = this.program([file], root, previous);
        if (alone) state.programs.push(alone);
        else if (this.open.has(file)) state.failed.set(file, 'the analysis failed on this file');
      }
    }
    this.roots.set(root, state);
    for (const p of state.programs) for (const file of this.open.keys()) if (p.files.has(file)) this.remember(p.files.get(file)!);
  }

  private assemble(): Snapshot {
    const snapshot: Snapshot = { files: new Map(), programs: [], failed: new Map() };
    for (const state of this.roots.values()) {
      for (const program of state.programs) {
        snapshot.programs.push(program);
        for (const [file, analysis] of program.files) if (!snapshot.files.has(file)) snapshot.files.set(file, analysis);
      }
      for (const [file, why] of state.failed) snapshot.failed.set(file, why);
    }
    return snapshot;
  }

  /** The last full builds as they are, without rebuilding what is dirty. */
  private assembleLoose(): Map<string, FileAnalysis> {
    return (this.looseCache ??= { generation: -1, files: new Map() }).generation === this.generation ? this.looseCache.files : (this.looseCache = { generation: this.generation, files: this.assemble().files }).files;
  }

  private looseCache: { generation: number; files: Map<string, FileAnalysis> } | undefined;

  private program(entries: string[], root: string, previous: Program[]): Program | undefined {
    try {
      return createProgram(entries, root, this.host, undefined, { previous, retainTokens: false });
    } catch (e) {
      this.log(`internal error analysing ${entries.length === 1 ? entries[0] : `${entries.length} files`}: ${(e as Error).stack ?? String(e)}`);
      return undefined;
    }
  }
}

function hasSyntaxErrors(file: FileAnalysis): boolean {
  return file.parse.diagnostics.some((d) => d.severity === 'error');
}
