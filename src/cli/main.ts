// The `kiln` command line: one subcommand per file in commands/, parsed by
// commander. Every command returns its exit code: 0 success, 1 problems found
// in the user's specs or data, 2 a usage or I/O error.

import { Command, CommanderError } from 'commander';
import { kilnVersion } from './version.js';
import { registerCheck } from './commands/check.js';
import { registerExplain } from './commands/explain.js';
import { registerRun } from './commands/run.js';
import { registerLsp } from './commands/lsp.js';
import { registerSummary } from './commands/summary.js';
import { registerCompile } from './commands/compile.js';
import { registerFmt } from './commands/fmt.js';

export type CommandResult = { code: number };

export async function main(argv: string[]): Promise<number> {
  const result: CommandResult = { code: 0 };
  const program = new Command('kiln')
    .description('Kiln: typed, shape-checked machine-learning experiment specs')
    .version(kilnVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => process.stdout.write(s),
      writeErr: (s) => process.stderr.write(s),
    });
  program.addHelpCommand(false);

  registerCheck(program, result);
  registerExplain(program, result);
  registerSummary(program, result);
  registerCompile(program, result);
  registerRun(program, result);
  registerFmt(program, result);
  registerLsp(program, result);

  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit 0; everything else commander rejects is a usage error.
      return e.exitCode === 0 ? 0 : 2;
    }
    throw e;
  }
  return result.code;
}
