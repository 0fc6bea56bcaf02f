// `kiln explain K1203`: the long explanation of a diagnostic code, with an
// example of the error and its fix.

import type { Command } from 'commander';
import { diagnosticCatalog, lookupCode } from '../../diagnostics/catalog.js';
import { renderExplanation } from '../../diagnostics/render/index.js';
import { suggest } from '../../util/suggest.js';
import type { CommandResult } from '../main.js';
import { useColor } from '../terminal.js';

export function registerExplain(program: Command, result: CommandResult): void {
  program
    .command('explain')
    .description('explain a diagnostic code, with an example and its fix')
    .argument('[code]', 'a diagnostic code such as K1001')
    .option('--list', 'list every code with its title')
    .action((code: string | undefined, opts: { list?: boolean }) => {
      if (opts.list || !code) {
        for (const e of diagnosticCatalog) process.stdout.write(`${e.code}  ${e.severity.padEnd(7)}  ${e.title}\n`);
        result.code = code || opts.list ? 0 : 2;
        if (!code && !opts.list) process.stderr.write('kiln explain: give a code (e.g. `kiln explain K1001`), or --list to see them all\n');
        return;
      }
      const entry = lookupCode(code.trim());
      if (!entry) {
        const near = suggest(code.toUpperCase(), diagnosticCatalog.map((e) => e.code));
        process.stderr.write(`kiln explain: there is no diagnostic code \`${code}\`${near ? `; did you mean ${near}?` : ''} (\`kiln explain --list\` shows them all)\n`);
        result.code = 2;
        return;
      }
      const text = renderExplanation(entry, { color: useColor(process.stdout) });
      process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      result.code = 0;
    });
}
