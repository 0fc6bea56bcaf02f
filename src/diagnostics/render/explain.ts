// `kiln explain K1203`: a catalog entry laid out for the terminal. The
// heading and severity first, then the Markdown explanation made readable
// without a Markdown viewer: paragraphs wrapped, headings emphasised, list
// items with a hanging indent, code fences indented and shown as written.

import pc from 'picocolors';
import type { CodeEntry } from '../catalog.js';
import { parseBlocks } from './markdown.js';
import { displayWidth } from './width.js';

export interface ExplainOptions {
  color?: boolean;
  /** Column at which prose is wrapped. */
  width?: number;
}

type Colors = ReturnType<typeof pc.createColors>;

/** Words for wrapping; an inline code span is never broken across lines. */
function words(text: string): string[] {
  return text.match(/(?:`[^`]*`|\S)+/g) ?? [];
}

function wrap(text: string, width: number, firstPrefix: string, restPrefix: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of words(text)) {
    const prefix = lines.length === 0 ? firstPrefix : restPrefix;
    if (line !== '' && displayWidth(prefix + line + ' ' + word) > width) {
      lines.push(prefix + line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push((lines.length === 0 ? firstPrefix : restPrefix) + line);
  return lines;
}

/** Inline Markdown: `code` and **strong**. Plain output keeps the backticks, which say "this is code". */
function inline(text: string, colors: Colors, color: boolean): string {
  return text
    .replace(/\*\*([^*]+)\*\*/g, (_, s: string) => colors.bold(s))
    .replace(/`([^`]+)`/g, (whole, s: string) => (color ? colors.cyan(s) : whole));
}

export function renderExplanation(entry: CodeEntry, options: ExplainOptions = {}): string {
  const color = options.color ?? false;
  const colors = pc.createColors(color);
  const width = Math.max(40, options.width ?? 80);
  const severityColor = entry.severity === 'error' ? colors.red : entry.severity === 'warning' ? colors.yellow : colors.cyan;
  const out: string[] = [colors.bold(`${entry.code}: ${entry.title}`), `severity: ${severityColor(entry.severity)}`];
  let previous: string | undefined;
  for (const block of parseBlocks(entry.explanation)) {
    // List items of one list sit together; everything else is separated by a blank line.
    if (!(block.kind === 'item' && previous === 'item')) out.push('');
    previous = block.kind;
    if (block.kind === 'heading') out.push(colors.bold(colors.underline(inline(block.text, colors, color))));
    else if (block.kind === 'paragraph') out.push(...wrap(block.text, width, '', '').map((l) => inline(l, colors, color)));
    else if (block.kind === 'item') {
      const bullet = /^\d/.test(block.marker) ? `  ${block.marker} ` : '  - ';
      out.push(...wrap(block.text, width, bullet, ' '.repeat(bullet.length)).map((l) => inline(l, colors, color)));
    } else {
      // Code is shown exactly as written (tabs aside), only indented.
      const code = block.lines.map((l) => l.replace(/\t/g, '    '));
      while (code.length > 0 && code[code.length - 1].trim() === '') code.pop();
      out.push(...code.map((l) => (l.trim() === '' ? '' : `    ${l}`)));
    }
  }
  return `${out.join('\n')}\n`;
}
