// The server's incremental behaviour over the real protocol: an edit to an
// imported file reaches every file that imports it (through a chain too),
// with the edited file's diagnostics first; a burst of edits ends with the
// diagnostics of its last version and never an older version after a newer
// one; a file with syntax errors keeps its other diagnostics; and hover falls
// back to the last good analysis where the broken one has nothing.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIfStale, LspClient, makeWorkspace, positionAt } from './harness.js';

const lib = `// A dense layer followed by dropout.
block mlp_head(units: int, p: float = 0.2) {
  dense(units, activation: relu) |> dropout(p)
}
`;

const mid = `import "lib.kiln"

block double_head(units: int) {
  mlp_head(units) |> mlp_head(units)
}
`;

const app = `import "mid.kiln"
import "lib.kiln"

model net(x: f32[4]) -> f32[2] {
  x |> double_head(8) |> mlp_head(4) |> dense(2)
}
`;

let client: LspClient;
let ws: ReturnType<typeof makeWorkspace>;

beforeAll(async () => {
  buildIfStale();
  ws = makeWorkspace({ 'lib.kiln': lib, 'mid.kiln': mid, 'app.kiln': app });
  client = new LspClient();
  await client.initialize(ws.dir);
  for (const [name, text] of [['lib.kiln', lib], ['mid.kiln', mid], ['app.kiln', app]] as const) {
    await client.open(ws.uri(name), text);
    await client.diagnosticsFor(ws.uri(name), 1);
  }
});

afterAll(async () => {
  await client?.shutdown();
  ws?.remove();
});

const codes = (d: { diagnostics: { code?: string }[] }) => d.diagnostics.map((x) => x.code);

describe('incremental diagnostics', () => {
  it('re-checks the dependents of an edited file, through a chain, the edited file first', async () => {
    for (const name of ['mid.kiln', 'app.kiln']) expect(codes(await client.diagnosticsFor(ws.uri(name), 1))).not.toContain('K1001');
    const version = await client.replace(ws.uri('lib.kiln'), lib.replace('mlp_head', 'head'));
    const edited = await client.diagnosticsFor(ws.uri('lib.kiln'), version);
    const midAfter = await client.diagnosticsFor(ws.uri('mid.kiln'), 1, (d) => codes(d).includes('K1001'));
    const appAfter = await client.diagnosticsFor(ws.uri('app.kiln'), 1, (d) => codes(d).includes('K1001'));
    expect(edited.arrival!).toBeLessThan(midAfter.arrival!);
    expect(edited.arrival!).toBeLessThan(appAfter.arrival!);
    // And back: every dependent is clean again.
    await client.replace(ws.uri('lib.kiln'), lib);
    await client.diagnosticsFor(ws.uri('mid.kiln'), 1, (d) => !codes(d).includes('K1001'));
    await client.diagnosticsFor(ws.uri('app.kiln'), 1, (d) => !codes(d).includes('K1001'));
  });

  it('answers a burst of edits with its last version, never an older one after a newer', async () => {
    const uri = ws.uri('app.kiln');
    const before = client.published(uri).length;
    let text = client.text(uri);
    let version = 0;
    for (let i = 0; i < 25; i++) {
      const at = text.indexOf('dense(2)');
      const after = text.slice(0, at) + 'x' + text.slice(at);
      version = await client.change(uri, [{ range: { start: positionAt(text, at), end: positionAt(text, at) }, text: 'x' }], after);
      text = after;
    }
    const last = await client.diagnosticsFor(uri, version);
    expect(last.version).toBe(version);
    expect(codes(last)).toContain('K1001'); // `xxx…dense` is no layer
    const versions = client.published(uri).slice(before).map((d) => d.version ?? 0);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    await client.replace(uri, app);
  });

  it('keeps the other diagnostics of a file with a syntax error', async () => {
    const uri = ws.uri('broken.kiln');
    const text = `import "lib.kiln"\n\nmodel bad(x: f32[4]) -> f32[2] {\n  x |> dense(2, activation: relu\n}\n\nmodel other(x: f32[4]) -> f32[2] {\n  x |> mlp_hed(4) |> dense(2)\n}\n`;
    await client.open(uri, text);
    const published = await client.diagnosticsFor(uri, 1);
    const found = codes(published);
    expect(found.some((c) => c?.startsWith('K01'))).toBe(true);
    expect(found).toContain('K1001');
    await client.close(uri);
  });

  it('hovers from the last good analysis where the broken one has nothing', async () => {
    const uri = ws.uri('hover.kiln');
    const good = `import "lib.kiln"\n\nmodel mlp(image: f32[28, 28, 1]) -> f32[10] {\n  image |> flatten() |> mlp_head(256) |> dense(10)\n}\n`;
    await client.open(uri, good);
    await client.diagnosticsFor(uri, 1);
    const hoverAt = async (text: string) => {
      const h = await client.request<{ contents: { value: string }; range?: { start: { line: number; character: number } } } | null>('textDocument/hover', {
        textDocument: { uri },
        position: positionAt(text, text.indexOf('mlp_head(256)') + 2),
      });
      return h;
    };
    expect((await hoverAt(good))?.contents.value).toContain('block mlp_head');
    // A stray comma in the header: recovery loses the body, the last good analysis still knows it.
    const at = good.indexOf('-> ');
    const broken = `${good.slice(0, at)},${good.slice(at)}`;
    const version = await client.change(uri, [{ range: { start: positionAt(good, at), end: positionAt(good, at) }, text: ',' }], broken);
    const published = await client.diagnosticsFor(uri, version);
    expect(codes(published).some((c) => c?.startsWith('K01'))).toBe(true);
    const h = await hoverAt(broken);
    expect(h?.contents.value).toContain('block mlp_head');
    // Its range is where the name is in the text as it is now.
    if (h?.range) expect(h.range.start).toEqual(positionAt(broken, broken.indexOf('mlp_head(256)')));
    await client.close(uri);
  });
});
