#!/usr/bin/env node
// The `kiln` command. The TypeScript sources compile to dist/ on `npm install`.
import { main } from '../dist/src/cli/main.js';

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    // Anything reaching here is a bug in kiln, not a problem with the user's spec.
    process.stderr.write(`kiln: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.stderr.write('This is a bug in kiln; please report it with the spec that caused it.\n');
    if (process.env.KILN_DEBUG) process.stderr.write(`${error?.stack ?? ''}\n`);
    process.exitCode = 70;
  },
);
