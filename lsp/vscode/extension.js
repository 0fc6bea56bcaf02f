// The Kiln extension for VS Code: on the first .kiln file it starts the Kiln
// language server (bundled with the extension, or the `kiln` executable named
// by `kiln.server.path`) and connects it to the editor through
// vscode-languageclient. Colouring comes from the TextMate grammar and the
// editing behaviour from language-configuration.json, both declared in
// package.json.

'use strict';

const vscode = require('vscode');
const { LanguageClient, RevealOutputChannelOn } = require('vscode-languageclient/node');
const { serverLaunch } = require('./server-launch.js');

/** @type {LanguageClient | undefined} */
let client;

/** @param {vscode.ExtensionContext} context */
function createClient(context) {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const launch = serverLaunch({
    extensionPath: context.extensionPath,
    execPath: process.execPath,
    env: process.env,
    configuredPath: vscode.workspace.getConfiguration('kiln').get('server.path', ''),
    workspaceFolder: folder,
  });
  /** @type {import('vscode-languageclient/node').ServerOptions} */
  const serverOptions = {
    command: launch.command,
    args: launch.args,
    options: { env: launch.env, shell: launch.shell, cwd: folder },
  };
  /** @type {import('vscode-languageclient/node').LanguageClientOptions} */
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'kiln' },
      { scheme: 'untitled', language: 'kiln' },
    ],
    // Imports and kiln.json change what a spec means, even when it is not the file being edited.
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.kiln,kiln.json}') },
    outputChannelName: 'Kiln',
    revealOutputChannelOn: RevealOutputChannelOn.Never,
  };
  // The id `kiln` makes the client follow the `kiln.trace.server` setting.
  return new LanguageClient('kiln', 'Kiln', serverOptions, clientOptions);
}

/** @param {vscode.ExtensionContext} context */
async function restart(context) {
  const previous = client;
  client = undefined;
  if (previous) await previous.stop().catch(() => undefined);
  client = createClient(context);
  await client.start();
}

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('kiln.restartServer', () => restart(context)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('kiln.server.path')) void restart(context);
    }),
  );
  try {
    await restart(context);
  } catch (error) {
    // The client has already logged the details to the Kiln output channel.
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`Kiln: the language server did not start: ${message}`, 'Show Output').then((choice) => {
      if (choice) client?.outputChannel.show();
    });
  }
}

function deactivate() {
  return client?.stop();
}

module.exports = { activate, deactivate };
