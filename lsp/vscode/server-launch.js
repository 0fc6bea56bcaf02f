// How the extension starts the Kiln language server: the server bundled
// inside the extension, run by the editor's own Node runtime, or a `kiln`
// executable the user configured. Kept apart from extension.js, which needs
// the `vscode` module, so that a test can start the server exactly as the
// extension does.

'use strict';

const path = require('node:path');

/** Where the packaging script puts the bundled server, relative to the extension's folder. */
const bundledServer = path.join('server', 'kiln-lsp.mjs');

/**
 * The command, arguments and environment that start the server over stdio.
 *
 * @param {object} options
 * @param {string} options.extensionPath the extension's install folder
 * @param {string} options.execPath the runtime of the extension host (`process.execPath`)
 * @param {NodeJS.ProcessEnv} options.env the extension host's environment
 * @param {string} [options.configuredPath] the `kiln.server.path` setting
 * @param {string} [options.workspaceFolder] the first workspace folder, for a relative `kiln.server.path`
 * @param {NodeJS.Platform} [options.platform]
 * @returns {{ command: string, args: string[], env: NodeJS.ProcessEnv, shell: boolean }}
 */
function serverLaunch({ extensionPath, execPath, env, configuredPath, workspaceFolder, platform = process.platform }) {
  const configured = (configuredPath ?? '').trim();
  if (configured !== '') {
    const command = workspaceFolder && !path.isAbsolute(configured) && /[\\/]/.test(configured) ? path.resolve(workspaceFolder, configured) : configured;
    // On Windows a `kiln` from node_modules/.bin is a .cmd script, which only a shell can run.
    return { command, args: ['lsp', '--stdio'], env: { ...env }, shell: platform === 'win32' };
  }
  // The extension host is Electron; ELECTRON_RUN_AS_NODE makes its binary behave as plain Node, so no Node install is needed.
  return {
    command: execPath,
    args: [path.join(extensionPath, bundledServer), '--stdio'],
    env: { ...env, ELECTRON_RUN_AS_NODE: '1' },
    shell: false,
  };
}

module.exports = { bundledServer, serverLaunch };
