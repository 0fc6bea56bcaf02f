// The VS Code extension as a user installs it: the packaging script builds the
// .vsix, the test reads it as the zip it is, checks that it holds everything
// the editor loads (manifest, package.json, grammar, language configuration,
// extension code and its client library, the bundled server), unpacks it
// outside the repository and starts the bundled server exactly as
// extension.js does (server-launch.js from the package itself), then speaks
// LSP to it: initialize, and a diagnostic for a misspelt layer.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageVscodeExtension } from '../../scripts/package-vscode.js';
import { buildIfStale, repoRoot, type PublishedDiagnostics } from './harness.js';

/** The files of a zip archive, read from its central directory. */
function readZip(archive: Buffer): Map<string, Buffer> {
  let end = archive.length - 22;
  while (end >= 0 && archive.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip archive: no end of central directory');
  const count = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (archive.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry ${i}`);
    const method = archive.readUInt16LE(at + 10);
    const compressedSize = archive.readUInt32LE(at + 20);
    const nameLength = archive.readUInt16LE(at + 28);
    const extraLength = archive.readUInt16LE(at + 30);
    const commentLength = archive.readUInt16LE(at + 32);
    const localHeader = archive.readUInt32LE(at + 42);
    const name = archive.toString('utf8', at + 46, at + 46 + nameLength);
    const dataStart = localHeader + 30 + archive.readUInt16LE(localHeader + 26) + archive.readUInt16LE(localHeader + 28);
    const data = archive.subarray(dataStart, dataStart + compressedSize);
    files.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

interface ExtensionManifest {
  name: string;
  version: string;
  main: string;
  engines: { vscode: string };
  activationEvents: string[];
  contributes: {
    languages: { id: string; extensions: string[]; configuration: string }[];
    grammars: { language: string; scopeName: string; path: string }[];
    configuration: { properties: Record<string, unknown> };
  };
}

type ServerLaunch = (options: { extensionPath: string; execPath: string; env: NodeJS.ProcessEnv }) => {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  shell: boolean;
};

const entry = (relative: string) => `extension/${path.posix.normalize(relative.replace(/^\.\//, ''))}`;

describe('the VS Code extension package', () => {
  let files: Map<string, Buffer>;
  let unpacked: string;
  let manifest: ExtensionManifest;

  beforeAll(async () => {
    buildIfStale();
    const result = await packageVscodeExtension();
    if (!result.ok) throw new Error(result.error);
    files = readZip(readFileSync(result.value.vsix));
    manifest = JSON.parse(files.get('extension/package.json')!.toString('utf8')) as ExtensionManifest;
    // Outside the repository, so the server can only find what the package holds.
    unpacked = mkdtempSync(path.join(tmpdir(), 'kiln-vsix-'));
    for (const [name, data] of files) {
      if (name.endsWith('/')) continue;
      mkdirSync(path.dirname(path.join(unpacked, name)), { recursive: true });
      writeFileSync(path.join(unpacked, name), data);
    }
  });
  afterAll(() => {
    if (unpacked) rmSync(unpacked, { recursive: true, force: true });
  });

  it('holds the manifest and everything package.json points at', () => {
    expect(files.has('extension.vsixmanifest')).toBe(true);
    expect(files.has('[Content_Types].xml')).toBe(true);
    expect(files.get('extension.vsixmanifest')!.toString('utf8')).toContain('Id="kiln-vscode"');
    expect(manifest.name).toBe('kiln-vscode');
    // The extension ships kiln's server, so it carries kiln's version.
    expect(manifest.version).toBe((JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version);
    expect(manifest.activationEvents).toContain('onLanguage:kiln');
    expect(files.has(entry(manifest.main))).toBe(true);
    const language = manifest.contributes.languages.find((l) => l.id === 'kiln')!;
    expect(language.extensions).toEqual(['.kiln']);
    expect(files.has(entry(language.configuration))).toBe(true);
    const grammar = manifest.contributes.grammars.find((g) => g.scopeName === 'source.kiln')!;
    expect(grammar.language).toBe('kiln');
    expect(files.get(entry(grammar.path))?.toString('utf8')).toBe(readFileSync(path.join(repoRoot, 'grammar/kiln.tmLanguage.json'), 'utf8'));
    expect(Object.keys(manifest.contributes.configuration.properties)).toEqual(expect.arrayContaining(['kiln.server.path', 'kiln.trace.server']));
    expect(files.has('extension/server-launch.js')).toBe(true);
    expect(files.has('extension/server/kiln-lsp.mjs')).toBe(true);
    // Build tools stay out.
    expect([...files.keys()].some((name) => name.includes('node_modules/esbuild') || name.includes('node_modules/@vscode/vsce'))).toBe(false);
  });

  it("carries the extension's client library inside the package", () => {
    const require = createRequire(path.join(unpacked, 'extension/extension.js'));
    const client = require.resolve('vscode-languageclient/node');
    expect(client.startsWith(path.join(unpacked, 'extension/node_modules'))).toBe(true);
    const protocol = createRequire(client).resolve('vscode-languageserver-protocol');
    expect(protocol.startsWith(unpacked)).toBe(true);
  });

  it('gives the editor comment, bracket, indentation and folding rules that work as regexes', () => {
    const config = JSON.parse(files.get('extension/language-configuration.json')!.toString('utf8')) as {
      comments: { lineComment: string; blockComment: [string, string] };
      autoClosingPairs: { open: string; close: string }[];
      surroundingPairs: [string, string][];
      indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
      folding: { markers: { start: string; end: string } };
    };
    expect(config.comments).toEqual({ lineComment: '//', blockComment: ['/*', '*/'] });
    expect(config.autoClosingPairs.map((p) => p.open)).toEqual(expect.arrayContaining(['{', '[', '(', '"']));
    expect(config.surroundingPairs).toContainEqual(['"', '"']);
    const increase = new RegExp(config.indentationRules.increaseIndentPattern);
    const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
    expect(increase.test('model mlp(image: f32[28, 28, 1]) -> f32[10] {')).toBe(true);
    expect(increase.test('  split { train: 0.8, val: 0.1, test: 0.1 }')).toBe(false);
    expect(increase.test('  x |> dense(10) // a comment with {')).toBe(false);
    expect(decrease.test('  }')).toBe(true);
    expect(decrease.test('  x |> dense(10)')).toBe(false);
    expect(new RegExp(config.folding.markers.start).test('// region data')).toBe(true);
    expect(new RegExp(config.folding.markers.end).test('  // endregion')).toBe(true);
  });

  describe('the bundled server, started as the extension starts it', () => {
    let child: ChildProcess;
    let connection: MessageConnection;
    let workspace: string;
    let stderr = '';

    beforeAll(() => {
      const { serverLaunch } = createRequire(import.meta.url)(path.join(unpacked, 'extension/server-launch.js')) as { serverLaunch: ServerLaunch };
      const env = { ...process.env };
      delete env.NODE_PATH;
      const launch = serverLaunch({ extensionPath: path.join(unpacked, 'extension'), execPath: process.execPath, env });
      workspace = mkdtempSync(path.join(tmpdir(), 'kiln-vsix-workspace-'));
      writeFileSync(path.join(workspace, 'kiln.json'), '{}\n');
      child = spawn(launch.command, launch.args, { env: launch.env, shell: launch.shell, cwd: workspace, stdio: ['pipe', 'pipe', 'pipe'] });
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
      connection.listen();
    });
    afterAll(async () => {
      try {
        await Promise.race([connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        await connection.sendNotification('exit');
      } catch {
        // Already gone.
      }
      connection.dispose();
      if (child.exitCode === null) child.kill();
      rmSync(workspace, { recursive: true, force: true });
    });

    it('answers initialize with its capabilities', async () => {
      const rootUri = pathToFileURL(workspace).href;
      const result = (await connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri,
        workspaceFolders: [{ uri: rootUri, name: 'workspace' }],
        capabilities: { textDocument: { publishDiagnostics: { relatedInformation: true } } },
      })) as { capabilities: Record<string, unknown> };
      await connection.sendNotification('initialized', {});
      expect(result.capabilities.hoverProvider, stderr).toBeTruthy();
      expect(result.capabilities.codeActionProvider).toBeTruthy();
      expect(result.capabilities.completionProvider).toBeTruthy();
    });

    it('checks a spec: a misspelt layer is K1001 with a did-you-mean', async () => {
      const uri = pathToFileURL(path.join(workspace, 'net.kiln')).href;
      const published = new Promise<PublishedDiagnostics>((resolve) => {
        connection.onNotification('textDocument/publishDiagnostics', (p: PublishedDiagnostics) => {
          if (p.uri === uri && p.diagnostics.length > 0) resolve(p);
        });
      });
      await connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'kiln', version: 1, text: 'model net(x: f32[4]) -> f32[2] {\n  x |> desne(2)\n}\n' },
      });
      const { diagnostics } = await published;
      const unknown = diagnostics.find((d) => d.code === 'K1001');
      expect(unknown, JSON.stringify(diagnostics)).toBeDefined();
      expect(unknown!.range.start.line).toBe(1);
      expect(unknown!.message).toContain('dense');
    });
  });
});
