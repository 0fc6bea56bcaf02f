// `kiln lsp --stdio`: runs the Kiln language server, speaking the Language
// Server Protocol over standard input and output. Editors start it; people
// rarely run it by hand.

import type { Command } from 'commander';
import type { CommandResult } from '../main.js';

export function registerLsp(program: Command, result: CommandResult): void {
  program
    .command('lsp')
    .description('run the language server (for editors), speaking LSP over stdin/stdout')
    .option('--stdio', 'use standard input and output (the only transport, and the default)')
    .action(async () => {
      // Loaded only here: the server's dependencies are not needed by other commands.
      const { runLanguageServer } = await import('../../../lsp/server/main.js');
      await runLanguageServer();
      result.code = 0;
    });
}
