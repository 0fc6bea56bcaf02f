// The Kiln language server: one connection, the workspace model, and a
// handler per protocol request, each delegating to its provider file. The
// server has no language logic of its own; every answer comes from the same
// analysis `kiln check` runs. No handler may bring the server down: each one
// catches, logs to the client's output channel, and answers with nothing.
//
// Latency: an edit is analysed on the next macrotask (so a burst of edits
// that arrived together is analysed once, at its last version), the edited
// file alone first and its diagnostics published at once; the files that
// import it follow on a later macrotask, after anything the client sent
// meanwhile. Requests about one file answer from that file's latest analysis
// and never wait for the dependents.

import {
  CodeActionKind,
  createConnection,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ResponseError } from 'vscode-languageserver/node.js';
import type { FileAnalysis } from '../../src/analysis/program.js';
import { codeActions } from './code-actions.js';
import { completions } from './completion.js';
import { offsetIn, offsetsToRange, rangeToOffsets } from './convert.js';
import { toLspDiagnostic } from './diagnostics.js';
import { foldingRanges } from './folding.js';
import { formatDocument } from './formatting.js';
import { hover } from './hover.js';
import { inlayHints } from './inlay-hints.js';
import { definition, highlights, references } from './navigation.js';
import { prepareRename, rename } from './rename.js';
import { selectionRanges } from './selection-ranges.js';
import { semanticTokens, semanticTokensLegend } from './semantic-tokens.js';
import { signatureHelp } from './signature-help.js';
import { documentSymbols, workspaceSymbols } from './symbols.js';
import { withFallback } from './fallback.js';
import { uriToPath } from './uri.js';
import { Workspace } from './workspace.js';

/**
 * Runs `fn` after `ms` (0: the next turn of the timers, a millisecond on):
 * the messages already received are handled first, each on its own
 * immediate, so a burst of edits is analysed once, at its last version.
 * Returns a cancel function.
 */
function later(fn: () => void, ms: number): () => void {
  const t = setTimeout(fn, ms);
  return () => clearTimeout(t);
}

/** How long one step of background diagnostics may hold the event loop before letting the client's messages in. */
const stepBudgetMs = 8;

export interface ServerOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

/** Settings a client may pass as `initializationOptions`. */
interface InitOptions {
  /** Milliseconds to wait after an edit before analysing it (default 0: the next macrotask). */
  diagnosticDelay?: number;
}

export function startServer(options: ServerOptions = { input: process.stdin, output: process.stdout }): Promise<void> {
  const connection: Connection = createConnection(ProposedFeatures.all, options.input, options.output);
  const documents = new TextDocuments(TextDocument);
  const log = (message: string) => {
    try {
      connection.console.error(message);
    } catch {
      // The connection is gone; nothing left to tell.
    }
  };
  const workspace = new Workspace(log);
  let delay = 0;
  let snippets = false;
  let watchDynamically = false;
  let folders: string[] = [];
  /** The pending step of diagnostics work, if any: cancels it. */
  let timer: (() => void) | undefined;
  const published = new Map<string, { version: number; json: string; analysis?: FileAnalysis }>();
  /** Open files edited (or opened) since their diagnostics were last published: they go first. */
  const edited = new Set<string>();

  /** Wraps a handler so that an exception is logged and answered with `fallback`. */
  function guard<P extends unknown[], R>(name: string, fallback: R, fn: (...args: P) => R | Promise<R>): (...args: P) => Promise<R> {
    return async (...args: P) => {
      try {
        return await fn(...args);
      } catch (e) {
        if (e instanceof ResponseError) throw e;
        log(`kiln: internal error in ${name}: ${(e as Error)?.stack ?? String(e)}`);
        return fallback;
      }
    };
  }

  function publishFile(file: string, analysis: FileAnalysis | undefined, failed: string | undefined): void {
    const doc = workspace.document(file);
    if (!doc) return;
    const last = published.get(file);
    // The very analysis already published for this version: nothing to convert (most files after a rebuild).
    if (analysis && last?.analysis === analysis && last.version === doc.version) return;
    const diagnostics = analysis
      ? analysis.diagnostics.filter((d) => d.span.file === file).map((d) => toLspDiagnostic(d, workspace.uris))
      : failed
        ? [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 3 as const, source: 'kiln', message: `kiln: ${failed} (an internal error; see the output log)` }]
        : [];
    const json = JSON.stringify(diagnostics);
    if (last && last.version === doc.version && last.json === json) {
      last.analysis = analysis;
      return;
    }
    published.set(file, { version: doc.version, json, analysis });
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
  }

  /**
   * One step of diagnostics work, each on its own macrotask so that whatever
   * the client sent meanwhile (a keystroke, a completion request) comes
   * first: edited files, each analysed alone and published; then the open
   * files importing them, a few milliseconds' worth per step; then the full
   * (incremental, by then nearly free) rebuild, which catches anything else.
   */
  function work(): void {
    timer = undefined;
    try {
      if (edited.size > 0) {
        const files = [...edited];
        edited.clear();
        for (const file of files) publishFile(file, workspace.latest(file), undefined);
        if (workspace.stale) timer = later(work, 0);
        return;
      }
      const started = performance.now();
      for (let dependent = workspace.nextBehind(); dependent !== undefined; dependent = workspace.nextBehind()) {
        publishFile(dependent, workspace.latest(dependent), undefined);
        if (performance.now() - started > stepBudgetMs) {
          timer = later(work, 0);
          return;
        }
      }
      const snapshot = workspace.current();
      for (const file of workspace.openFiles()) publishFile(file, snapshot.files.get(file), snapshot.failed.get(file));
    } catch (e) {
      log(`kiln: internal error publishing diagnostics: ${(e as Error)?.stack ?? String(e)}`);
    }
  }

  function schedule(file?: string): void {
    if (file !== undefined && workspace.document(file)) edited.add(file);
    timer?.();
    timer = later(work, delay);
  }

  /** The analysis of a document, current with every edit received so far (its dependents may lag). */
  function fileOf(uri: string): FileAnalysis | undefined {
    return workspace.latest(uriToPath(uri));
  }

  /** The analysis of a document within the whole workspace, every file current: for references and renames. */
  function fullFileOf(uri: string): FileAnalysis | undefined {
    return workspace.file(uriToPath(uri));
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const init = (params.initializationOptions ?? {}) as InitOptions;
    if (typeof init.diagnosticDelay === 'number' && init.diagnosticDelay >= 0) delay = init.diagnosticDelay;
    snippets = params.capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
    watchDynamically = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const fromFolders = (params.workspaceFolders ?? []).map((f) => f.uri);
    const roots = fromFolders.length > 0 ? fromFolders : params.rootUri ? [params.rootUri] : [];
    folders = roots.filter((u) => u.startsWith('file:')).map(uriToPath);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['(', ',', ':', '"', '/', '>', '.'], resolveProvider: false },
        signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [':'] },
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        semanticTokensProvider: { legend: semanticTokensLegend, full: true, range: false },
        foldingRangeProvider: true,
        selectionRangeProvider: true,
        inlayHintProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorExtract] },
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
      },
      serverInfo: { name: 'kiln' },
    };
  });

  connection.onInitialized(
    guard('initialized', undefined, async () => {
      workspace.setFolders(folders);
      schedule();
      if (watchDynamically) {
        await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.kiln' }] });
      }
    }),
  );

  documents.onDidOpen(
    guard('didOpen', undefined, (e) => {
      schedule(workspace.openDocument(e.document));
    }),
  );
  documents.onDidChangeContent(
    guard('didChange', undefined, (e) => {
      schedule(workspace.changeDocument(e.document));
    }),
  );
  documents.onDidClose(
    guard('didClose', undefined, (e) => {
      const file = workspace.closeDocument(e.document.uri);
      published.delete(file);
      edited.delete(file);
      void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
      schedule();
    }),
  );
  connection.onDidChangeWatchedFiles(
    guard('didChangeWatchedFiles', undefined, (params) => {
      for (const change of params.changes) workspace.fileChangedOnDisk(uriToPath(change.uri), change.type === FileChangeType.Deleted);
      schedule();
    }),
  );

  connection.onHover(
    guard('hover', null, (p) => {
      const file = fileOf(p.textDocument.uri);
      if (!file) return null;
      const files = workspace.filesAround(file.path);
      return withFallback(
        file,
        workspace.lastGoodFor(file),
        offsetIn(file, p.position),
        (f, offset) => hover(f, files, offset),
        (h) => h === null,
        (h, map) => {
          if (!h?.range) return h;
          const good = workspace.lastGoodFor(file)!;
          const { start, end } = rangeToOffsets(good.source.lines, h.range);
          const [s, e] = [map.toNew(start), map.toNew(end)];
          return s === undefined || e === undefined ? undefined : { ...h, range: offsetsToRange(file.source.lines, s, e) };
        },
      );
    }),
  );
  connection.onCompletion(
    guard('completion', [], (p) => {
      const file = fileOf(p.textDocument.uri);
      if (!file) return [];
      const files = workspace.filesAround(file.path);
      return withFallback(
        file,
        workspace.lastGoodFor(file),
        offsetIn(file, p.position),
        (f, offset) => completions(f, files, offset, { snippets }),
        (items) => items.length === 0,
      );
    }),
  );
  connection.onSignatureHelp(
    guard('signatureHelp', null, (p) => {
      const file = fileOf(p.textDocument.uri);
      return file ? signatureHelp(file, workspace.filesAround(file.path), offsetIn(file, p.position)) : null;
    }),
  );
  connection.onDefinition(
    guard('definition', [], (p) => {
      const file = fileOf(p.textDocument.uri);
      return file ? definition(file, offsetIn(file, p.position), workspace.uris) : [];
    }),
  );
  connection.onReferences(
    guard('references', [], (p) => {
      const file = fullFileOf(p.textDocument.uri);
      return file ? references(file, workspace.current().files, offsetIn(file, p.position), p.context.includeDeclaration, workspace.uris) : [];
    }),
  );
  connection.onDocumentHighlight(
    guard('documentHighlight', [], (p) => {
      const file = fileOf(p.textDocument.uri);
      return file ? highlights(file, offsetIn(file, p.position)) : [];
    }),
  );
  connection.onPrepareRename(
    guard('prepareRename', null, (p) => {
      const file = fileOf(p.textDocument.uri);
      return file ? prepareRename(file, offsetIn(file, p.position)) : null;
    }),
  );
  connection.onRenameRequest(
    guard('rename', null, (p) => {
      const file = fullFileOf(p.textDocument.uri);
      return file ? rename(file, workspace.current().files, offsetIn(file, p.position), p.newName, workspace.uris) : null;
    }),
  );
  connection.onDocumentSymbol(
    guard('documentSymbol', [], (p) => {
      const file = fileOf(p.textDocument.uri);
      return file ? documentSymbols(file) : [];
    }),
  );
  connection.onWorkspaceSymbol(guard('workspaceSymbol', [], (p) => workspaceSymbols(workspace.current().files, p.query, workspace.uris)));
  connection.languages.semanticTokens.on(
    guard('semanticTokens', { data: [] }, (p) => {
      const file = fileOf(p.textDocument.uri);
      return file ? semanticTokens(file) : { data: [] };
    }),
  );
  connection.onFoldingRanges(
    guard('foldingRange', [], (p) => {
      const file = fileOf(p.textDocument.uri);
      return file ? foldingRanges(file) : [];
    }),
  );
  connection.onSelectionRanges(
    guard('selectionRange', [], (p) => {
      const file = fileOf(p.textDocument.uri);
      return file ? selectionRanges(file, p.positions) : [];
    }),
  );
  connection.languages.inlayHint.on(
    guard('inlayHint', [], (p) => {
      const file = fileOf(p.textDocument.uri);
      if (!file) return [];
      const { start, end } = rangeToOffsets(file.source.lines, p.range);
      return inlayHints(file, start, end);
    }),
  );
  connection.onCodeAction(
    guard('codeAction', [], (p) => {
      const file = fileOf(p.textDocument.uri);
      return file ? codeActions(file, p.range, p.context.diagnostics, p.context.only, workspace.uris) : [];
    }),
  );
  connection.onDocumentFormatting(
    guard('formatting', [], async (p) => {
      const file = fileOf(p.textDocument.uri);
      return file ? formatDocument(file.source.text, file.path, p.options, log, undefined, file.source.lines) : [];
    }),
  );
  connection.onDocumentRangeFormatting(
    guard('rangeFormatting', [], async (p) => {
      const file = fileOf(p.textDocument.uri);
      return file ? formatDocument(file.source.text, file.path, p.options, log, p.range, file.source.lines) : [];
    }),
  );

  documents.listen(connection);
  return new Promise<void>((resolve) => {
    const done = () => {
      timer?.();
      resolve();
    };
    connection.onExit(done);
    options.input.on('close', done);
    options.input.on('end', done);
    connection.listen();
  });
}
