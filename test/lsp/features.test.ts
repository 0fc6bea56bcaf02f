// The language server's features, through the real server process: hover,
// completion, signature help, navigation, rename, symbols, inlay hints, code
// actions and formatting, asserted on sources with the cursor marked `<|>`.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEdits, buildIfStale, cursors, LspClient, makeWorkspace, positionAt, type TextEdit } from './harness.js';
import { blocksKiln, mainKiln } from './fixtures.js';

let client: LspClient;
let ws: ReturnType<typeof makeWorkspace>;
let scratchCount = 0;

beforeAll(async () => {
  buildIfStale();
  ws = makeWorkspace({ 'blocks.kiln': blocksKiln, 'main.kiln': mainKiln });
  client = new LspClient({ diagnosticDelay: 5 });
  await client.initialize(ws.dir);
  await client.open(ws.uri('blocks.kiln'), blocksKiln);
  await client.open(ws.uri('main.kiln'), mainKiln);
});

afterAll(async () => {
  await client?.shutdown();
  ws?.remove();
});

/** Opens `marked` as a new file of the workspace; returns its uri, text and cursor offsets. */
async function scratch(marked: string) {
  const { text, offsets } = cursors(marked);
  const uri = ws.uri(`scratch_${++scratchCount}.kiln`);
  await client.open(uri, text);
  return { uri, text, offsets, at: (i = 0) => client.at(uri, offsets[i]) };
}

interface CompletionItem {
  label: string;
  detail?: string;
  sortText?: string;
  insertText?: string;
  documentation?: { value: string };
}

async function complete(marked: string): Promise<CompletionItem[]> {
  const s = await scratch(marked);
  const result = await client.request<CompletionItem[] | { items: CompletionItem[] }>('textDocument/completion', s.at());
  const items = Array.isArray(result) ? result : result.items;
  return [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
}

async function hoverText(marked: string): Promise<string> {
  const s = await scratch(marked);
  const h = await client.request<{ contents: { value: string } } | null>('textDocument/hover', s.at());
  return h?.contents.value ?? '';
}

const labels = (items: CompletionItem[]) => items.map((i) => i.label);

describe('diagnostics', () => {
  it('publishes diagnostics with code, range and the fix kept for code actions', async () => {
    const s = await scratch('import "blocks.kiln"\nmodel net(x: f32[4]) -> f32[2] {\n  x |> mlp_head(8) |> dense(2)\n}\nexperiment e {\n  train nett on d with s\n}\n');
    const published = await client.diagnosticsFor(s.uri, 1, (d) => d.diagnostics.length > 0);
    const unknown = published.diagnostics.find((d) => d.code === 'K1001' && d.message.includes('nett'));
    expect(unknown).toBeDefined();
    expect(unknown!.range.start).toEqual(positionAt(s.text, s.text.indexOf('nett')));
    expect(unknown!.data).toMatchObject({ fix: { title: expect.stringContaining('`net`') } });
  });

  it('re-checks a file when a file it imports changes', async () => {
    const s = await scratch('import "blocks.kiln"\nmodel m(x: f32[4]) -> f32[2] {\n  x |> mlp_head(8) |> dense(2)\n}\n');
    const first = await client.diagnosticsFor(s.uri, 1);
    expect(first.diagnostics.filter((d) => d.code === 'K1001')).toHaveLength(0);
    const blocks = ws.uri('blocks.kiln');
    await client.replace(blocks, blocksKiln.replace('mlp_head', 'head'));
    const after = await client.diagnosticsFor(s.uri, 1, (d) => d.diagnostics.some((x) => x.code === 'K1001'));
    expect(after.diagnostics.find((d) => d.code === 'K1001')!.message).toContain('mlp_head');
    await client.replace(blocks, blocksKiln);
    await client.diagnosticsFor(s.uri, 1, (d) => !d.diagnostics.some((x) => x.code === 'K1001'));
  });
});

describe('hover', () => {
  it('shows catalog docs for a layer', async () => {
    const text = await hoverText('model m(x: f32[4]) -> f32[2] {\n  x |> den<|>se(2)\n}\n');
    expect(text).toContain('dense(units: int');
    expect(text).toContain('layer');
  });

  it("shows a parameter's type, default and range on a named argument", async () => {
    const text = await hoverText('model m(x: f32[4]) -> f32[2] {\n  x |> dense(4) |> dropout(ra<|>te: 0.5) |> dense(2)\n}\n');
    expect(text).toContain('rate');
    expect(text).toContain('float');
    expect(text).toMatch(/range: in \[0, 1\)/);
  });

  it('shows an optimizer after `optimizer` and a loss after `loss`', async () => {
    expect(await hoverText('schedule s {\n  optimizer ad<|>amw(lr: 1e-3)\n}\n')).toContain('optimizer');
    const loss = await hoverText('schedule s {\n  loss ms<|>e\n}\n');
    expect(loss).toContain('*loss*');
  });

  it("shows a declaration's summary and doc comment on a reference, across imports", async () => {
    const text = await hoverText('import "blocks.kiln"\nmodel m(x: f32[4]) -> f32[2] {\n  x |> mlp_h<|>ead(8) |> dense(2)\n}\n');
    expect(text).toContain('block mlp_head(units: int, p: float = 0.2)');
    expect(text).toContain('A dense layer followed by dropout.');
    expect(text).toContain('blocks.kiln');
  });

  it('explains keywords', async () => {
    expect(await hoverText('experiment e {\n  tra<|>in m on d with s\n}\n')).toContain('trains a model');
  });
});

describe('completion', () => {
  it('offers top-level keywords at the top level', async () => {
    const items = await complete('<|>');
    expect(labels(items)).toEqual(expect.arrayContaining(['import', 'data', 'block', 'model', 'schedule', 'distill', 'experiment']));
  });

  it('offers layers and blocks after `|>` in a model, with snippets for required arguments', async () => {
    const items = await complete('import "blocks.kiln"\nmodel m(x: f32[4]) -> f32[2] {\n  x |> <|>\n}\n');
    expect(labels(items)).toEqual(expect.arrayContaining(['dense', 'dropout', 'flatten', 'conv2d', 'relu', 'mlp_head']));
    expect(labels(items)).not.toContain('scale');
    expect(items.find((i) => i.label === 'dense')!.insertText).toBe('dense(${1:units})');
    expect(items.find((i) => i.label === 'mlp_head')!.insertText).toBe('mlp_head(${1:units})');
  });

  it('offers transforms in features and augmentations in augment', async () => {
    const features = await complete('data d {\n  features {\n    image: f32[4] = pixels |> <|>\n  }\n}\n');
    expect(labels(features)).toContain('scale');
    expect(labels(features)).not.toContain('dense');
    const augment = await complete('data d {\n  augment { image |> <|> }\n}\n');
    expect(labels(augment)).toContain('random_shift');
    expect(labels(augment)).not.toContain('scale');
  });

  it('offers optimizers, schedules and losses after their settings', async () => {
    expect(labels(await complete('schedule s {\n  optimizer <|>\n}\n'))).toEqual(expect.arrayContaining(['adam', 'adamw', 'sgd']));
    const lr = labels(await complete('schedule s {\n  lr warmup(100 steps) then <|>\n}\n'));
    expect(lr).toContain('cosine');
    expect(lr).not.toContain('adam');
    expect(labels(await complete('schedule s {\n  loss <|>\n}\n'))).toContain('cross_entropy');
  });

  it('offers named arguments with type and default, not-yet-given first', async () => {
    const items = await complete('model m(x: f32[4]) -> f32[2] {\n  x |> dense(8, <|>)\n}\n');
    const names = labels(items);
    expect(names).toContain('activation:');
    expect(names.indexOf('activation:')).toBeLessThan(names.indexOf('units:'));
    expect(items.find((i) => i.label === 'activation:')!.detail).toMatch(/= linear/);
  });

  it('offers activation names as the value of `activation:`', async () => {
    expect(labels(await complete('model m(x: f32[4]) -> f32[2] {\n  x |> dense(8, activation: <|>)\n}\n'))).toEqual(expect.arrayContaining(['relu', 'gelu']));
  });

  it('offers declared names of the right kind in experiment steps', async () => {
    const src = 'import "main.kiln" as lib\nmodel a(x: f32[4]) -> f32[2] { x |> dense(2) }\ndata dd { source = mnist() }\nschedule ss { epochs 1 }\n';
    const models = labels(await complete(`${src}experiment e {\n  train <|>\n}\n`));
    expect(models).toContain('a');
    expect(models).not.toContain('dd');
    expect(labels(await complete(`${src}experiment e {\n  train a on <|>\n}\n`))).toContain('dd');
    const schedules = labels(await complete(`${src}experiment e {\n  train a on dd with <|>\n}\n`));
    expect(schedules).toContain('ss');
    expect(schedules).not.toContain('a');
  });

  it('offers models for teacher and student', async () => {
    const items = labels(await complete('model big(x: f32[4]) -> f32[2] { x |> dense(2) }\ndistill d {\n  teacher <|>\n}\n'));
    expect(items).toContain('big');
  });

  it('offers import paths', async () => {
    const items = labels(await complete('import "<|>"\n'));
    expect(items).toEqual(expect.arrayContaining(['blocks.kiln', 'main.kiln']));
  });
});

describe('signature help', () => {
  it('shows the catalog signature and the active parameter', async () => {
    const s = await scratch('model m(x: f32[4]) -> f32[2] {\n  x |> conv2d(16, <|>\n}\n');
    const help = await client.request<{ signatures: { label: string; parameters: { label: [number, number] }[] }[]; activeParameter: number }>('textDocument/signatureHelp', s.at());
    const sig = help.signatures[0];
    expect(sig.label).toMatch(/^conv2d\(filters: int, kernel/);
    const [a, b] = sig.parameters[help.activeParameter].label;
    expect(sig.label.slice(a, b)).toMatch(/^kernel/);
  });

  it('shows a user block signature', async () => {
    const s = await scratch('import "blocks.kiln"\nmodel m(x: f32[4]) -> f32[2] {\n  x |> mlp_head(8, p: <|>) |> dense(2)\n}\n');
    const help = await client.request<{ signatures: { label: string; parameters: { label: [number, number] }[] }[]; activeParameter: number }>('textDocument/signatureHelp', s.at());
    expect(help.signatures[0].label).toBe('mlp_head(units: int, p: float = 0.2)');
    const [a, b] = help.signatures[0].parameters[help.activeParameter].label;
    expect(help.signatures[0].label.slice(a, b)).toBe('p: float = 0.2');
  });
});

describe('navigation', () => {
  it('goes to a definition in an imported file', async () => {
    const main = ws.uri('main.kiln');
    const offset = mainKiln.indexOf('mlp_head(256)') + 2;
    const defs = await client.request<{ uri: string; range: { start: { line: number } } }[]>('textDocument/definition', client.at(main, offset));
    expect(defs[0].uri).toBe(ws.uri('blocks.kiln'));
    expect(defs[0].range.start.line).toBe(1);
  });

  it('finds references across files', async () => {
    const blocks = ws.uri('blocks.kiln');
    const refs = await client.request<{ uri: string }[]>('textDocument/references', { ...client.at(blocks, blocksKiln.indexOf('mlp_head') + 1), context: { includeDeclaration: true } });
    expect(refs.filter((r) => r.uri === ws.uri('main.kiln'))).toHaveLength(2);
    expect(refs.filter((r) => r.uri === blocks)).toHaveLength(1);
  });

  it('highlights a local and its uses', async () => {
    const s = await scratch('block b(<|>units: int) {\n  dense(units) |> dense(units)\n}\n');
    const hl = await client.request<unknown[]>('textDocument/documentHighlight', s.at());
    expect(hl).toHaveLength(3);
  });
});

describe('rename', () => {
  it('renames a block and its references across files', async () => {
    const main = ws.uri('main.kiln');
    const edit = await client.request<{ changes: Record<string, TextEdit[]> }>('textDocument/rename', { ...client.at(main, mainKiln.indexOf('mlp_head') + 1), newName: 'head' });
    expect(applyEdits(mainKiln, edit.changes[main])).toContain('|> head(256) |> head(128, p: 0.3)');
    expect(applyEdits(blocksKiln, edit.changes[ws.uri('blocks.kiln')])).toContain('block head(units');
  });

  it('refuses a name that is taken, or not an identifier', async () => {
    const main = ws.uri('main.kiln');
    const at = client.at(main, mainKiln.indexOf('model mlp') + 7);
    await expect(client.request('textDocument/rename', { ...at, newName: 'digits' })).rejects.toThrow(/already declared as data/);
    await expect(client.request('textDocument/rename', { ...at, newName: '2fast' })).rejects.toThrow(/not a valid name/);
    await expect(client.request('textDocument/rename', { ...at, newName: 'model' })).rejects.toThrow(/keyword/);
  });
});

describe('symbols and structure', () => {
  it('outlines a document', async () => {
    const symbols = await client.request<{ name: string; children?: { name: string }[] }[]>('textDocument/documentSymbol', { textDocument: { uri: ws.uri('main.kiln') } });
    expect(symbols.map((s) => s.name)).toEqual(['blocks.kiln', 'digits', 'mlp', 'fast', 'digits_mlp']);
    expect(symbols.find((s) => s.name === 'mlp')!.children!.map((c) => c.name)).toEqual(['image']);
  });

  it('finds workspace symbols', async () => {
    const found = await client.request<{ name: string; location: { uri: string } }[]>('workspace/symbol', { query: 'mlph' });
    expect(found.map((f) => f.name)).toContain('mlp_head');
  });

  it('folds declaration bodies and gives nested selection ranges', async () => {
    const folds = await client.request<{ startLine: number; endLine: number }[]>('textDocument/foldingRange', { textDocument: { uri: ws.uri('main.kiln') } });
    const modelLine = mainKiln.split('\n').findIndex((l) => l.startsWith('model mlp'));
    expect(folds).toContainEqual({ startLine: modelLine, endLine: modelLine + 1 });
    const main = ws.uri('main.kiln');
    const ranges = await client.request<{ range: unknown; parent?: unknown }[]>('textDocument/selectionRange', { textDocument: { uri: main }, positions: [client.at(main, mainKiln.indexOf('flatten') + 1).position] });
    let depth = 0;
    for (let r: { parent?: unknown } | undefined = ranges[0]; r; r = r.parent as typeof r) depth++;
    expect(depth).toBeGreaterThanOrEqual(4);
  });

  it('classifies tokens semantically', async () => {
    const tokens = await client.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri: ws.uri('main.kiln') } });
    expect(tokens.data.length % 5).toBe(0);
    expect(tokens.data.length).toBeGreaterThan(100);
  });
});

describe('inlay hints', () => {
  it('names positional arguments', async () => {
    const s = await scratch('model m(x: f32[8, 8, 1]) -> f32[2] {\n  x |> conv2d(16, 3) |> flatten() |> dense(2)\n}\n');
    const hints = await client.request<{ label: string; position: unknown }[]>('textDocument/inlayHint', { textDocument: { uri: s.uri }, range: { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } } });
    expect(hints.map((h) => h.label)).toEqual(expect.arrayContaining(['filters:', 'kernel:', 'units:']));
    expect(hints.find((h) => h.label === 'kernel:')!.position).toEqual(positionAt(s.text, s.text.indexOf('3)')));
  });

  it('shows the output shape after each stage, from the checker', async () => {
    const s = await scratch('model m(x: f32[8, 8, 1]) -> f32[2] {\n  x |> flatten() |> dense(2)\n}\n');
    const hints = await client.request<{ label: string; position: unknown }[]>('textDocument/inlayHint', { textDocument: { uri: s.uri }, range: { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } } });
    const end = (stage: string) => positionAt(s.text, s.text.indexOf(stage) + stage.length);
    expect(hints).toContainEqual(expect.objectContaining({ label: ': f32[64]', position: end('flatten()') }));
    expect(hints).toContainEqual(expect.objectContaining({ label: ': f32[2]', position: end('dense(2)') }));
    expect(await hoverText('model m(x: f32[8, 8, 1]) -> f32[2] {\n  x |> flatten() |> den<|>se(2)\n}\n')).toContain('f32[2]');
  });
});

describe('code actions', () => {
  it("offers a diagnostic's fix as a quick fix", async () => {
    const s = await scratch('model m(x: f32[4]) -> f32[2] { x |> dense(2) }\nexperiment e {\n  train mm on d with s\n}\n');
    const published = await client.diagnosticsFor(s.uri, 1, (d) => d.diagnostics.some((x) => x.code === 'K1001'));
    const diagnostic = published.diagnostics.find((d) => d.code === 'K1001' && d.message.includes('mm'))!;
    const actions = await client.request<{ title: string; kind: string; edit: { changes: Record<string, TextEdit[]> } }[]>('textDocument/codeAction', {
      textDocument: { uri: s.uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    const fix = actions.find((a) => a.kind === 'quickfix')!;
    expect(fix.title).toContain('`m`');
    expect(applyEdits(s.text, fix.edit.changes[s.uri])).toContain('train m on d');
  });

  it('extracts a pipeline into a block', async () => {
    const s = await scratch('block b(units: int) {\n  <|>dense(units) |> dropout(0.1) |> dense(units)\n}\n');
    const actions = await client.request<{ title: string; kind: string; edit: { changes: Record<string, TextEdit[]> } }[]>('textDocument/codeAction', {
      textDocument: { uri: s.uri },
      range: { start: s.at().position, end: s.at().position },
      context: { diagnostics: [] },
    });
    const extract = actions.find((a) => a.kind === 'refactor.extract')!;
    const after = applyEdits(s.text, extract.edit.changes[s.uri]);
    expect(after).toContain('block b(units: int) {\n  extracted(units)\n}');
    expect(after).toContain('block extracted(units: int) {\n  dense(units) |> dropout(0.1) |> dense(units)\n}');
    // The result is still a valid spec.
    const again = await scratch(after);
    const published = await client.diagnosticsFor(again.uri, 1);
    expect(published.diagnostics.filter((d) => d.severity === 1)).toEqual([]);
  });
});

describe('formatting', () => {
  it('formats a document, and leaves one with syntax errors alone', async () => {
    const s = await scratch('schedule   s {\n      epochs 3\n}\n');
    const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: s.uri }, options: { tabSize: 2, insertSpaces: true } });
    expect(applyEdits(s.text, edits)).toBe('schedule s {\n  epochs 3\n}\n');
    const broken = await scratch('schedule   s {\n      epochs (\n');
    expect(await client.request('textDocument/formatting', { textDocument: { uri: broken.uri }, options: { tabSize: 2, insertSpaces: true } })).toEqual([]);
  });
});
