// IR data source → a RowSource: the bundled datasets by name, file sources
// with their paths resolved against the spec's folder and kept inside the
// project (a spec from a pull request must not read elsewhere).

import { bundledDataset, csv, image_folder, jsonl, text_lines, type RowSource } from '../../data/sources/index.js';
import { resolveDataPath } from '../../data/paths.js';
import type { IrCall } from '../../ir/types.js';
import { RunError } from '../errors.js';

export interface SourceLocation {
  /** Folder the spec's relative paths start from. */
  specDir: string;
  /** Paths may not leave this folder. */
  projectRoot: string;
}

function pathArg(call: IrCall, where: SourceLocation): { path: string; name: string } {
  const given = call.args['path'] ?? call.args['file'] ?? call.args['folder'];
  if (typeof given !== 'string') throw new RunError(`data source \`${call.op}\` needs a path`);
  const resolved = resolveDataPath(where.specDir, given, where.projectRoot);
  if (!resolved.ok) throw new RunError(resolved.error);
  return { path: resolved.path, name: given };
}

export function openSource(call: IrCall, where: SourceLocation): RowSource {
  const bundled = bundledDataset(call.op);
  if (bundled) return bundled.open();
  switch (call.op) {
    case 'csv': {
      const { path, name } = pathArg(call, where);
      const header = call.args['header'];
      const delimiter = call.args['delimiter'];
      return csv(path, { name, header: typeof header === 'boolean' ? header : undefined, delimiter: typeof delimiter === 'string' ? delimiter : undefined });
    }
    case 'jsonl': {
      const { path, name } = pathArg(call, where);
      return jsonl(path, { name });
    }
    case 'text_lines': {
      const { path, name } = pathArg(call, where);
      return text_lines(path, { name });
    }
    case 'image_folder': {
      const { path, name } = pathArg(call, where);
      const channels = call.args['channels'];
      return image_folder(path, { name, channels: channels === 1 || channels === 3 || channels === 4 ? channels : undefined });
    }
    default:
      throw new RunError(`the runtime has no data source \`${call.op}\``);
  }
}
