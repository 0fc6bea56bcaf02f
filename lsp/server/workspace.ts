// The workspace model: the open documents over the disk, and the latest
// analysis of every spec in the workspace folders plus every open document.
//
// Every rebuild analyses everything through the same Program that `kiln
// check` uses; parses are cached by text, so an edit re-parses one file and
// re-resolves and re-checks the rest, which is how a change to an imported
// file reaches the files that import it. Edits mark the snapshot stale; a
// request for the analysis rebuilds it at once, so answers always match the
// text the client sent.

import * as path from 'node:path';
import { globSync } from 'tinyglobby';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { createProgram } from '../../src/analysis/analyze.js';
import { diskHost, type Program, type FileAnalysis, type ProgramHost, type ReadResult } from '../../src/analysis/program.js';
import { findProjectRoot, isInsideRoot } from '../../src/analysis/project-root.js';
import type { ParseResult } from '../../src/syntax/parse.js';
import { UriMap } from './uri.js';

/** Beyond this many specs in a workspace folder, only open documents and their imports are analysed. */
const maxWorkspaceFiles = 5000;

export interface Snapshot {
  files: Map<string, FileAnalysis>;
  programs: Program[];
  /** Open files whose analysis threw (a bug elsewhere); they get a notice instead of diagnostics. */
  failed: Map<string, string>;
}

export class Workspace {
  readonly uris = new UriMap();
  private readonly open = new Map<string, TextDocument>();
  private folders: string[] = [];
  private readonly onDisk = new Set<string>();
  private readonly diskCache = new Map<string, ReadResult>();
  private readonly parseCache = new Map<string, ParseResult & { text: string }>();
  private snapshot: Snapshot | undefined;

  constructor(private readonly log: (message: string) => void) {}

  setFolders(folders: string[]): void {
    this.folders = folders.map((f) => path.resolve(f));
    this.onDisk.clear();
    for (const folder of this.folders) {
      try {
        const found = globSync('**/*.kiln', { cwd: folder, absolute: true, ignore: ['**/node_modules/**', '**/.git/**', '**/dist/**'] });
        for (const f of found.slice(0, maxWorkspaceFiles)) this.onDisk.add(path.resolve(f));
      } catch (e) {
        this.log(`could not list the specs under ${folder}: ${(e as Error).message}`);
      }
    }
    this.invalidate();
  }

  openDocument(doc: TextDocument): string {
    const file = this.uris.remember(doc.uri);
    this.open.set(file, doc);
    this.invalidate();
    return file;
  }

  changeDocument(doc: TextDocument): string {
    const file = this.uris.remember(doc.uri);
    this.open.set(file, doc);
    this.invalidate();
    return file;
  }

  closeDocument(uri: string): string {
    const file = this.uris.remember(uri);
    this.open.delete(file);
    this.diskCache.delete(file);
    this.invalidate();
    return file;
  }

  /** A file changed, appeared or vanished on disk. */
  fileChangedOnDisk(file: string, deleted: boolean): void {
    this.diskCache.delete(file);
    if (file.endsWith('.kiln') && this.folders.some((f) => isInsideRoot(file, f))) {
      if (deleted) this.onDisk.delete(file);
      else this.onDisk.add(file);
    }
    this.invalidate();
  }

  document(file: string): TextDocument | undefined {
    return this.open.get(file);
  }

  openFiles(): string[] {
    return [...this.open.keys()];
  }

  invalidate(): void {
    this.snapshot = undefined;
  }

  get stale(): boolean {
    return this.snapshot === undefined;
  }

  /** The current analysis, rebuilt first when an edit made it stale. */
  current(): Snapshot {
    return (this.snapshot ??= this.build());
  }

  file(file: string): FileAnalysis | undefined {
    return this.current().files.get(file);
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

  private rootOf(file: string): string {
    const folder = this.folders.filter((f) => isInsideRoot(file, f)).sort((a, b) => b.length - a.length)[0];
    return findProjectRoot(path.dirname(file), folder ?? path.dirname(file));
  }

  private build(): Snapshot {
    const entries = new Set<string>([...this.onDisk, ...this.open.keys()]);
    const byRoot = new Map<string, string[]>();
    for (const file of entries) {
      const root = this.rootOf(file);
      byRoot.set(root, [...(byRoot.get(root) ?? []), file]);
    }
    const snapshot: Snapshot = { files: new Map(), programs: [], failed: new Map() };
    for (const [root, group] of byRoot) {
      const program = this.program(group, root);
      if (program) this.collect(snapshot, program);
      else {
        // One file breaks the analysis: analyse each alone so the others still get answers.
        for (const file of group) {
          const alone = this.program([file], root);
          if (alone) this.collect(snapshot, alone);
          else if (this.open.has(file)) snapshot.failed.set(file, 'the analysis failed on this file');
        }
      }
    }
    return snapshot;
  }

  private collect(snapshot: Snapshot, program: Program): void {
    snapshot.programs.push(program);
    for (const [file, analysis] of program.files) if (!snapshot.files.has(file)) snapshot.files.set(file, analysis);
  }

  private program(entries: string[], root: string): Program | undefined {
    try {
      return createProgram(entries, root, this.host, this.parseCache);
    } catch (e) {
      this.log(`internal error analysing ${entries.length === 1 ? entries[0] : `${entries.length} files`}: ${(e as Error).stack ?? String(e)}`);
      return undefined;
    }
  }
}
