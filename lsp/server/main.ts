// Starts the Kiln language server over standard input and output: what
// `kiln lsp --stdio` runs and what the VS Code extension launches.

import { startServer } from './server.js';

export async function runLanguageServer(): Promise<void> {
  // Standard output carries the protocol: anything else printed there would corrupt it.
  const toStderr = (...args: unknown[]) => process.stderr.write(`${args.map(String).join(' ')}\n`);
  console.log = toStderr;
  console.info = toStderr;
  console.warn = toStderr;
  console.debug = toStderr;
  await startServer({ input: process.stdin, output: process.stdout });
}
