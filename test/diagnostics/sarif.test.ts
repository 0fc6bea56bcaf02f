// SARIF output: valid against the SARIF 2.1.0 JSON Schema, and carrying what
// code-scanning services show: rules from the catalog, locations relative to
// the source root, related locations and fixes.
//
// The schema comes from the `@microsoft/jest-sarif` package (a dev
// dependency), which ships the SARIF 2.1.0 schema as
// lib/schemas/sarif-2.1.0-rtm.5.json. It is a draft-04 schema; ajv 8 reads it
// once `id` becomes `$id`, and its `language` pattern needs non-unicode
// regular expressions.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { diagnosticCatalog } from '../../src/diagnostics/catalog.js';
import { renderSarif } from '../../src/diagnostics/render/sarif.js';
import { firstParagraph } from '../../src/diagnostics/render/markdown.js';
import { cwd, diag, source, spanAt, spanOf } from './helpers.js';

function sarifValidator() {
  let schemaPath: string;
  try {
    schemaPath = createRequire(import.meta.url).resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  } catch {
    throw new Error('the SARIF schema comes from the dev dependency @microsoft/jest-sarif, which is not installed: run `npm install`');
  }
  const { $schema: _draft, id, ...schema } = JSON.parse(readFileSync(schemaPath, 'utf8'));
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, unicodeRegExp: false });
  // The formats the schema names, checked as loosely as JSON Schema defines them.
  ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:\S*$/i);
  ajv.addFormat('uri-reference', /^\S*$/);
  ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i);
  return ajv.compile({ $id: id, ...schema });
}

const validate = sarifValidator();

function expectValid(log: unknown): void {
  const valid = validate(log);
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

const file = source('examples/my digits.kiln', 'model m(x: f32[4]) -> f32[2] {\n  x |> dense(2)\n}\n');
const other = source('lib/blocks.kiln', 'block b() { dense(1) }\n');

describe('sarif', () => {
  it('rejects what is not SARIF, so the validity checks below mean something', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'kiln' } }, results: [{ message: { text: 'x' }, level: 'fatal' }] }] })).toBe(false);
  });

  it('is a valid log with no results', () => {
    const log = JSON.parse(renderSarif([], { cwd, version: '0.1.0' }));
    expectValid(log);
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].tool.driver).toEqual({ name: 'kiln', version: '0.1.0', rules: [] });
  });

  it('describes every code used as a rule taken from the catalog', () => {
    const entry = diagnosticCatalog[0];
    const d = diag({ code: entry.code, severity: entry.severity, message: 'm', span: spanOf(file, 'dense') });
    const unknown = diag({ code: 'K9999', severity: 'note', message: 'n', span: spanOf(file, 'x') });
    const log = JSON.parse(renderSarif([d, unknown, d], { cwd, version: '0.1.0', informationUri: 'https://example.org/kiln' }));
    expectValid(log);
    const driver = log.runs[0].tool.driver;
    expect(driver.informationUri).toBe('https://example.org/kiln');
    expect(driver.rules.map((r: { id: string }) => r.id)).toEqual([entry.code, 'K9999'].sort());
    const rule = driver.rules.find((r: { id: string }) => r.id === entry.code);
    expect(rule).toEqual({
      id: entry.code,
      name: entry.title,
      shortDescription: { text: entry.title },
      fullDescription: { text: firstParagraph(entry.explanation) },
      defaultConfiguration: { level: entry.severity },
    });
    expect(rule.fullDescription.text.length).toBeGreaterThan(0);
    for (const result of log.runs[0].results) expect(driver.rules[result.ruleIndex].id).toBe(result.ruleId);
  });

  it('writes locations relative to SRCROOT, related locations and fixes', () => {
    const d = diag({
      code: 'K2001',
      severity: 'warning',
      message: 'shape mismatch',
      span: spanOf(file, 'dense(2)'),
      label: 'here',
      help: 'use 4 units',
      related: [{ span: spanOf(other, 'dense(1)'), message: 'defined here' }],
      fix: {
        title: 'use 4 units',
        edits: [
          { span: spanOf(file, '2)'), newText: '4)' },
          { span: spanAt(other, 0), newText: '// edited\n' },
        ],
      },
    });
    const log = JSON.parse(renderSarif([d], { cwd }));
    expectValid(log);
    const run = log.runs[0];
    expect(run.originalUriBaseIds).toEqual({ SRCROOT: { uri: 'file:///project/' } });
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.results).toEqual([
      {
        ruleId: 'K2001',
        ruleIndex: 0,
        level: 'warning',
        message: { text: 'shape mismatch' },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'examples/my%20digits.kiln', uriBaseId: 'SRCROOT' },
              region: { startLine: 2, startColumn: 8, endLine: 2, endColumn: 16 },
            },
            message: { text: 'here' },
          },
        ],
        relatedLocations: [
          {
            id: 0,
            physicalLocation: {
              artifactLocation: { uri: 'lib/blocks.kiln', uriBaseId: 'SRCROOT' },
              region: { startLine: 1, startColumn: 13, endLine: 1, endColumn: 21 },
            },
            message: { text: 'defined here' },
          },
        ],
        fixes: [
          {
            description: { text: 'use 4 units' },
            artifactChanges: [
              {
                artifactLocation: { uri: 'examples/my%20digits.kiln', uriBaseId: 'SRCROOT' },
                replacements: [{ deletedRegion: { startLine: 2, startColumn: 14, endLine: 2, endColumn: 16 }, insertedContent: { text: '4)' } }],
              },
              {
                artifactLocation: { uri: 'lib/blocks.kiln', uriBaseId: 'SRCROOT' },
                replacements: [{ deletedRegion: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 }, insertedContent: { text: '// edited\n' } }],
              },
            ],
          },
        ],
        properties: { help: 'use 4 units' },
      },
    ]);
  });

  it('writes a file outside the source root as an absolute file URI', () => {
    const outside = source('../elsewhere/x.kiln', 'x');
    const log = JSON.parse(renderSarif([diag({ message: 'a', span: spanAt(outside, 0, 1), notes: ['n'] })], { cwd }));
    expectValid(log);
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'file:///elsewhere/x.kiln' });
  });
});
