// The server in a real editor: headless Neovim (0.7 API, so it also holds for
// every later release) starts `kiln lsp --stdio` with vim.lsp.start_client,
// attaches a buffer holding an example with a misspelt layer, and writes what
// it saw to a JSON file: the diagnostic (code and line), the hover on a
// catalog layer, and the buffer after choosing the quick fix through
// vim.lsp.buf.code_action as a user would. Skipped, saying why, where `nvim`
// is not installed.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIfStale, makeWorkspace, repoRoot } from './harness.js';

const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const hasNvim = nvim.status === 0;
if (!hasNvim) console.warn('test/lsp/neovim.test.ts skipped: `nvim` is not installed (apt-get install neovim)');

const example = readFileSync(path.join(repoRoot, 'examples/digits.kiln'), 'utf8');
const correct = 'dense(units, activation: relu)';
const planted = example.replace(correct, 'desne(units, activation: relu)');
const lines = planted.split('\n');
const plantedLine = lines.findIndex((l) => l.includes('desne('));
// The other `dense` in the file, left correct: a catalog layer to hover on.
const hoverLine = lines.findIndex((l) => l.includes('|> dense(10)'));
const hoverCharacter = lines[hoverLine].indexOf('dense(10)') + 2;

interface NeovimResult {
  error?: string;
  diagnostics: { code: string | null; lnum: number; message: string }[];
  hover: string;
  actions: string[];
  text: string;
}

/** The init file Neovim runs: everything happens in it, and it always writes `out` and quits. */
function initLua(options: { spec: string; node: string; kiln: string; out: string }): string {
  const lua = (s: string | number) => JSON.stringify(s);
  return `
local out = { diagnostics = {}, hover = '', actions = {}, text = '' }
local function run()
  vim.cmd('edit ' .. vim.fn.fnameescape(${lua(options.spec)}))
  vim.bo.filetype = 'kiln'
  local client_id = vim.lsp.start_client({
    name = 'kiln',
    cmd = { ${lua(options.node)}, ${lua(options.kiln)}, 'lsp', '--stdio' },
    root_dir = vim.fn.fnamemodify(${lua(options.spec)}, ':h'),
  })
  assert(client_id, 'the language server did not start')
  vim.lsp.buf_attach_client(0, client_id)

  local function planted()
    for _, d in ipairs(vim.diagnostic.get(0)) do
      if d.lnum == ${plantedLine} and d.code == 'K1001' then return d end
    end
  end
  vim.wait(30000, function() return planted() ~= nil end, 50)
  for _, d in ipairs(vim.diagnostic.get(0)) do
    table.insert(out.diagnostics, { code = d.code or vim.NIL, lnum = d.lnum, message = d.message })
  end

  local client = vim.lsp.get_client_by_id(client_id)
  local hover = client.request_sync('textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(0) },
    position = { line = ${hoverLine}, character = ${hoverCharacter} },
  }, 10000, 0)
  if hover and hover.result and hover.result.contents then
    local contents = hover.result.contents
    out.hover = type(contents) == 'string' and contents or contents.value or vim.fn.json_encode(contents)
  end

  -- The quick fix, as a user gets it: cursor on the error, code_action, pick the fix from the menu.
  local d = planted()
  if d then
    vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
    vim.ui.select = function(items, opts, on_choice)
      for i, item in ipairs(items) do
        local title = opts.format_item and opts.format_item(item) or tostring(item)
        table.insert(out.actions, title)
      end
      for i, item in ipairs(items) do
        local action = item[2] or item.action
        if action and action.kind == 'quickfix' then return on_choice(item, i) end
      end
      on_choice(nil)
    end
    vim.lsp.buf.code_action({ only = { 'quickfix' } })
    vim.wait(10000, function()
      return table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\\n'):find('desne', 1, true) == nil
    end, 50)
  end
  out.text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\\n')
end

local ok, err = pcall(run)
if not ok then out.error = tostring(err) end
local f = io.open(${lua(options.out)}, 'w')
f:write(vim.fn.json_encode(out))
f:close()
vim.cmd('qa!')
`;
}

describe.skipIf(!hasNvim)('neovim', () => {
  let ws: ReturnType<typeof makeWorkspace>;
  let result: NeovimResult;

  beforeAll(() => {
    buildIfStale();
    ws = makeWorkspace({ 'digits.kiln': planted });
    const out = path.join(ws.dir, 'out.json');
    const init = path.join(ws.dir, 'init.lua');
    writeFileSync(init, initLua({ spec: path.join(ws.dir, 'digits.kiln'), node: process.execPath, kiln: path.join(repoRoot, 'bin/kiln.js'), out }));
    const run = spawnSync('nvim', ['--headless', '--clean', '-u', init], { cwd: ws.dir, encoding: 'utf8', timeout: 90_000 });
    if (!existsSync(out)) throw new Error(`Neovim wrote no result (exit ${run.status}, ${run.error ?? ''}): ${run.stderr}${run.stdout}`);
    result = JSON.parse(readFileSync(out, 'utf8')) as NeovimResult;
  });
  afterAll(() => ws?.remove());

  it('runs the script without a Lua error', () => {
    expect(result.error).toBeUndefined();
  });

  it('shows the misspelt layer as K1001 on its line', () => {
    const found = result.diagnostics.find((d) => d.code === 'K1001' && d.lnum === plantedLine);
    expect(found, JSON.stringify(result.diagnostics)).toBeDefined();
    expect(found!.message).toContain('desne');
    expect(found!.message).toContain('dense');
  });

  it("hovers a catalog layer with the catalog's docs", () => {
    expect(result.hover).toContain('dense(units: int');
    expect(result.hover).toContain('layer');
  });

  it('applies the quick fix chosen from the code action menu', () => {
    expect(result.actions.some((title) => title.includes('dense')), JSON.stringify(result.actions)).toBe(true);
    expect(result.text).toContain(correct);
    expect(result.text).not.toContain('desne');
    // Nothing else in the file changed.
    expect(result.text.replace(/\n*$/, '')).toBe(example.replace(/\n*$/, ''));
  });
});
