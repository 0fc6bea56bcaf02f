// Builds the VS Code extension's .vsix (`npm run package:vscode`), offline:
// copies the TextMate grammar into lsp/vscode/syntaxes/, bundles the compiled
// language server and everything it imports into one file,
// lsp/vscode/server/kiln-lsp.mjs (esbuild), so the extension needs no kiln
// install, then packs the folder with vsce into
// lsp/vscode/kiln-vscode-<version>.vsix. Needs `npm run build` and
// `npm ci --prefix lsp/vscode` first, and says so when either is missing.

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface PackagedExtension {
  vsix: string;
  bytes: number;
  serverBytes: number;
}

export type PackageResult = { ok: true; value: PackagedExtension } | { ok: false; error: string };

/** The kiln checkout: the nearest folder above this file whose package.json is kiln's (dist/scripts when compiled, scripts under vitest). */
function findRepoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'kiln') return dir;
    dir = path.dirname(dir);
  }
  return process.cwd();
}

const repoRoot = findRepoRoot();
export const extensionDir = path.join(repoRoot, 'lsp/vscode');

/** What the extension's package.json says about itself. */
export function extensionManifest(): { name: string; version: string } {
  return JSON.parse(readFileSync(path.join(extensionDir, 'package.json'), 'utf8')) as { name: string; version: string };
}

export function vsixPath(): string {
  const { name, version } = extensionManifest();
  return path.join(extensionDir, `${name}-${version}.vsix`);
}

interface EsbuildApi {
  build(options: Record<string, unknown>): Promise<{ errors: { text: string }[] }>;
}

/** The extension's own build tools, installed in lsp/vscode/node_modules, or why they cannot be used. */
function extensionTools(): { ok: true; esbuild: string; vsce: string } | { ok: false; error: string } {
  const require = createRequire(path.join(extensionDir, 'package.json'));
  try {
    require.resolve('vscode-languageclient/node');
    return { ok: true, esbuild: require.resolve('esbuild'), vsce: path.join(path.dirname(require.resolve('@vscode/vsce/package.json')), 'vsce') };
  } catch {
    return { ok: false, error: "the extension's packages are not installed: run `npm ci --prefix lsp/vscode` first" };
  }
}

/** Bundles the compiled server into one ES module. The banner gives bundled CommonJS packages a working `require`. */
async function bundleServer(esbuildPath: string, outfile: string): Promise<string | undefined> {
  const esbuild = (await import(pathToFileURL(esbuildPath).href)) as EsbuildApi;
  try {
    const result = await esbuild.build({
      stdin: {
        contents: "import { runLanguageServer } from './dist/lsp/server/main.js';\nawait runLanguageServer();\n",
        resolveDir: repoRoot,
        sourcefile: 'kiln-lsp.js',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      // VS Code 1.82, the oldest the extension supports, runs extensions on Node 18.
      target: 'node18',
      minify: true,
      legalComments: 'eof',
      outfile,
      logLevel: 'silent',
      banner: { js: "import { createRequire as kilnCreateRequire } from 'node:module'; const require = kilnCreateRequire(import.meta.url);" },
    });
    return result.errors.length > 0 ? result.errors.map((e) => e.text).join('\n') : undefined;
  } catch (error) {
    const errors = (error as { errors?: { text: string }[] }).errors;
    return errors?.map((e) => e.text).join('\n') ?? String(error);
  }
}

export async function packageVscodeExtension(): Promise<PackageResult> {
  if (!existsSync(path.join(repoRoot, 'dist/lsp/server/main.js'))) return { ok: false, error: 'the language server is not compiled: run `npm run build` first' };
  const tools = extensionTools();
  if (!tools.ok) return tools;

  const grammar = path.join(repoRoot, 'grammar/kiln.tmLanguage.json');
  mkdirSync(path.join(extensionDir, 'syntaxes'), { recursive: true });
  copyFileSync(grammar, path.join(extensionDir, 'syntaxes/kiln.tmLanguage.json'));

  const license = path.join(repoRoot, 'LICENSE');
  if (existsSync(license)) copyFileSync(license, path.join(extensionDir, 'LICENSE'));

  const server = path.join(extensionDir, 'server/kiln-lsp.mjs');
  rmSync(path.dirname(server), { recursive: true, force: true });
  const bundleError = await bundleServer(tools.esbuild, server);
  if (bundleError) return { ok: false, error: `bundling the language server failed:\n${bundleError}` };

  const out = vsixPath();
  rmSync(out, { force: true });
  const args = [tools.vsce, 'package', '--out', out, '--allow-missing-repository'];
  if (!existsSync(license)) args.push('--skip-license');
  // No standard input: vsce must never wait on a question.
  const run = spawnSync(process.execPath, args, { cwd: extensionDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  if (run.status !== 0 || !existsSync(out)) {
    return { ok: false, error: `vsce could not package the extension (exit ${run.status ?? run.signal}):\n${run.stdout}${run.stderr}`.trim() };
  }
  return { ok: true, value: { vsix: out, bytes: statSync(out).size, serverBytes: statSync(server).size } };
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  const result = await packageVscodeExtension();
  if (result.ok) {
    const { vsix, bytes, serverBytes } = result.value;
    const kib = (n: number) => `${Math.round(n / 1024)} KiB`;
    process.stdout.write(`wrote ${path.relative(process.cwd(), vsix)} (${kib(bytes)}; bundled server ${kib(serverBytes)})\n`);
    process.stdout.write(`install it with: code --install-extension ${path.relative(process.cwd(), vsix)}\n`);
  } else {
    process.stderr.write(`package:vscode: ${result.error}\n`);
    process.exitCode = 1;
  }
}
