// A test client for the Kiln language server: builds dist/ when it is older
// than the sources, spawns `node bin/kiln.js lsp --stdio`, and speaks JSON-RPC
// to it. Test sources mark the cursor with `<|>`.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** Compiles the project when any source is newer than the compiled server. Others' type errors do not stop tsc from emitting. */
export function buildIfStale(): void {
  const built = path.join(repoRoot, 'dist/lsp/server/server.js');
  let builtAt = 0;
  try {
    builtAt = statSync(built).mtimeMs;
  } catch {
    // Not built yet.
  }
  const sourcesAt = Math.max(...['src', 'lsp/server', 'grammar'].map((d) => newestMtime(path.join(repoRoot, d))));
  if (builtAt > sourcesAt) return;
  spawnSync(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: repoRoot, stdio: 'ignore' });
}

/** Splits `<|>` markers out of a source: the text and the offsets where they stood. */
export function cursors(marked: string): { text: string; offsets: number[] } {
  const offsets: number[] = [];
  let text = '';
  const parts = marked.split('<|>');
  parts.forEach((part, i) => {
    text += part;
    if (i < parts.length - 1) offsets.push(text.length);
  });
  return { text, offsets };
}

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

export function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

export function offsetAt(text: string, p: Position): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < p.line && i < lines.length; i++) offset += lines[i].length + 1;
  return offset + p.character;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

/** Applies edits (non-overlapping, in any order) to a text. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offsetAt(out, e.range.start)) + e.newText + out.slice(offsetAt(out, e.range.end));
  return out;
}

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  /** The order in which this client received it, across all files. */
  arrival?: number;
  diagnostics: { range: Range; code?: string; message: string; severity?: number; data?: unknown; relatedInformation?: unknown[] }[];
}

/** A temporary project folder (with kiln.json) holding the given files. */
export function makeWorkspace(files: Record<string, string>): { dir: string; uri: (name: string) => string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'kiln-lsp-'));
  writeFileSync(path.join(dir, 'kiln.json'), '{}\n');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return { dir, uri: (name) => pathToFileURL(path.join(dir, name)).href, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export class LspClient {
  readonly connection: MessageConnection;
  private readonly child: ChildProcess;
  private readonly diagnostics = new Map<string, PublishedDiagnostics[]>();
  private readonly waiters: { match: (d: PublishedDiagnostics) => boolean; resolve: (d: PublishedDiagnostics) => void }[] = [];
  private readonly versions = new Map<string, { version: number; text: string }>();
  private arrivals = 0;
  stderr = '';
  exited: number | null | undefined;

  constructor(options: { diagnosticDelay?: number } = {}) {
    this.child = spawn(process.execPath, [path.join(repoRoot, 'bin/kiln.js'), 'lsp', '--stdio'], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.child.on('exit', (code) => (this.exited = code));
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishedDiagnostics) => {
      p.arrival = this.arrivals++;
      const list = this.diagnostics.get(p.uri) ?? [];
      list.push(p);
      this.diagnostics.set(p.uri, list);
      for (const w of [...this.waiters]) {
        if (w.match(p)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(p);
        }
      }
    });
    this.connection.onNotification('window/logMessage', (p: { message: string }) => (this.stderr += `${p.message}\n`));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/configuration', () => []);
    this.initOptions = options;
    this.connection.listen();
  }

  private readonly initOptions: { diagnosticDelay?: number };

  async initialize(rootDir: string): Promise<unknown> {
    const rootUri = pathToFileURL(rootDir).href;
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'test' }],
      initializationOptions: this.initOptions,
      capabilities: {
        textDocument: { completion: { completionItem: { snippetSupport: true } }, publishDiagnostics: { relatedInformation: true, versionSupport: true } },
        workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
      },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, { version: 1, text });
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'kiln', version: 1, text } });
  }

  /** Replaces the whole text (a full-range incremental change); returns the new version. */
  async replace(uri: string, text: string): Promise<number> {
    const current = this.versions.get(uri)!;
    const end = positionAt(current.text, current.text.length);
    return this.change(uri, [{ range: { start: { line: 0, character: 0 }, end }, text }], text);
  }

  /** Sends incremental changes; `after` is the text they produce. */
  async change(uri: string, changes: { range: Range; text: string }[], after: string): Promise<number> {
    const current = this.versions.get(uri)!;
    const version = current.version + 1;
    this.versions.set(uri, { version, text: after });
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  text(uri: string): string {
    return this.versions.get(uri)?.text ?? '';
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Resolves with the first diagnostics for `uri` (at least `version`, when given), including ones already received. */
  diagnosticsFor(uri: string, version?: number, match: (d: PublishedDiagnostics) => boolean = () => true): Promise<PublishedDiagnostics> {
    const ok = (d: PublishedDiagnostics) => d.uri === uri && (version === undefined || (d.version ?? 0) >= version) && match(d);
    const seen = (this.diagnostics.get(uri) ?? []).filter(ok);
    if (seen.length > 0) return Promise.resolve(seen[seen.length - 1]);
    return new Promise((resolve) => this.waiters.push({ match: ok, resolve }));
  }

  published(uri: string): PublishedDiagnostics[] {
    return this.diagnostics.get(uri) ?? [];
  }

  request<R = unknown>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  at(uri: string, offset: number): { textDocument: { uri: string }; position: Position } {
    return { textDocument: { uri }, position: positionAt(this.text(uri), offset) };
  }

  async shutdown(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // Already gone.
    }
    await new Promise((r) => setTimeout(r, 100));
    this.connection.dispose();
    if (this.exited === undefined) this.child.kill();
  }
}
