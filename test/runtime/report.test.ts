import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report/report.js';
import { lineChart, niceTicks } from '../../src/report/svg-chart.js';
import { tempDir } from './helpers.js';

describe('report.html', () => {
  it('draws loss and metric curves from metrics.jsonl as inline SVG', () => {
    const dir = tempDir();
    const lines = [1, 2, 3].map((epoch) => JSON.stringify({ split: 'train', model: 'm', epoch, step: epoch * 10, lr: 0.01, loss: 1 / epoch, val_loss: 1.2 / epoch, val_f1: 0.5 + epoch / 10 }));
    lines.push(JSON.stringify({ split: 'test', model: 'm', epoch: 3, step: 30, loss: 0.5, f1: 0.7 }));
    fs.writeFileSync(path.join(dir, 'metrics.jsonl'), `${lines.join('\n')}\n`);
    const html = renderReport(dir);
    expect(html).toContain('aria-label="Loss"');
    expect(html).toContain('aria-label="f1"');
    expect(html).toContain('aria-label="Learning rate"');
    expect(html).toContain('train loss');
    expect(html).toContain('val loss');
    // The final table has the test row.
    expect(html).toMatch(/<td>m<\/td><td>test<\/td><td>0\.5000<\/td><td>0\.7000<\/td>/);
  });

  it('draws axes with round ticks and escapes labels', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(3, 97, 5)).toEqual([20, 40, 60, 80]);
    const svg = lineChart({ title: 'a <b>', xLabel: 'x', yLabel: 'y', series: [{ name: 's&t', points: [[1, 2], [2, 3]] }] });
    expect(svg).toContain('a &lt;b&gt;');
    expect(svg).toContain('s&amp;t');
    expect(svg).toMatch(/<polyline[^>]+points="[\d.]+,[\d.]+ [\d.]+,[\d.]+"/);
  });
});
