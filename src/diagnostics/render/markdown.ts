// The little Markdown the diagnostic explanations use, split into blocks:
// headings, paragraphs, list items and code (fenced or indented). Shared by `kiln explain`
// (which lays them out for a terminal) and SARIF (which takes the first
// paragraph as a rule's full description).

export type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'item'; marker: string; text: string }
  | { kind: 'code'; lang: string; lines: string[] };

export function parseBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  let paragraph: string[] = [];
  let item: { marker: string; lines: string[] } | undefined;
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', text: paragraph.join(' ') });
    if (item) blocks.push({ kind: 'item', marker: item.marker, text: item.lines.join(' ') });
    paragraph = [];
    item = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = /^\s*(```|~~~)\s*([\w-]*)/.exec(line);
    if (fence) {
      flush();
      const code: string[] = [];
      for (i++; i < lines.length && !lines[i].trimStart().startsWith(fence[1]); i++) code.push(lines[i]);
      blocks.push({ kind: 'code', lang: fence[2], lines: code });
      continue;
    }
    // An indented code block starts after a blank line (or a heading), never inside a paragraph.
    if (/^( {4}|\t)/.test(line) && line.trim() !== '' && paragraph.length === 0 && !item) {
      const code: string[] = [];
      for (; i < lines.length && (/^( {4}|\t)/.test(lines[i]) || lines[i].trim() === ''); i++) code.push(lines[i].replace(/^( {4}|\t)/, ''));
      i--;
      while (code.length > 0 && code[code.length - 1].trim() === '') code.pop();
      blocks.push({ kind: 'code', lang: '', lines: code });
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    const listItem = /^\s*([-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (line.trim() === '') flush();
    else if (heading) {
      flush();
      blocks.push({ kind: 'heading', level: heading[1].length, text: heading[2] });
    } else if (listItem) {
      flush();
      item = { marker: listItem[1], lines: [listItem[2].trim()] };
    } else if (item) item.lines.push(line.trim());
    else paragraph.push(line.trim());
  }
  flush();
  return blocks;
}

/** The first paragraph of prose, skipping headings; empty when there is none. */
export function firstParagraph(markdown: string): string {
  const block = parseBlocks(markdown).find((b) => b.kind === 'paragraph');
  return block && block.kind === 'paragraph' ? block.text : '';
}
