// `npm run bench`: every benchmark, one after another, each in its own
// process (so one's tf.js backend, heap and RSS do not colour the next). Each
// prints its figures beside their peers, measured side by side in that run.
// `npm run bench -- frontend lsp` runs only the ones named.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const suites: { name: string; title: string }[] = [
  { name: 'frontend', title: 'Front end: kiln check vs bare parsing and JSON.parse' },
  { name: 'format', title: 'Formatter: kiln fmt vs parsing alone' },
  { name: 'lsp', title: 'Language server: latency over stdio' },
  { name: 'kernels', title: 'Backends: our wasm kernels vs stock wasm and cpu' },
  { name: 'training', title: 'Training loop: kiln vs hand-written tf.js' },
  { name: 'data', title: 'Data pipeline: kiln vs a plain loop' },
  { name: 'distill', title: 'Distillation: one step vs a plain student step' },
];

const here = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
let failed = 0;
for (const suite of suites) {
  if (wanted.length > 0 && !wanted.includes(suite.name)) continue;
  const script = path.join(here, `${suite.name}.js`);
  if (!existsSync(script)) continue;
  process.stdout.write(`\n== ${suite.title} ==\n`);
  const r = spawnSync(process.execPath, ['--expose-gc', script], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    process.stdout.write(`(${suite.name} failed with exit code ${r.status})\n`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
