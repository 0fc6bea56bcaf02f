// `npm run generate`: writes every generated file from its single source of
// truth. Each generator also backs a test that fails when its output is stale.

import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { writeGrammarFiles } from './generate-grammar.js';
import { renderReference } from '../src/catalog/reference.js';
import { irSchemaPath, irSchemaText } from './generate-ir-schema.js';
import { root } from './baselines.js';

writeGrammarFiles();
writeFileSync(path.join(root, 'docs', 'reference.md'), renderReference());
writeFileSync(path.join(root, irSchemaPath), irSchemaText());
process.stdout.write(`generated grammar/kiln.tmLanguage.json, grammar/diagrams.html, docs/reference.md, ${irSchemaPath}\n`);
