/**
 * `tuneset coverage` in a terminal: the score, each axis's buckets as bars, every pair of axes as a
 * heat map (shade by count, `·` for an empty cell, `!` marking cells under minPerCell), the
 * missing cells and the per-label gaps.
 */
import type { CoverageModel } from './service.js';

const SHADES = [' ', '░', '▒', '▓', '█'];

function pad(s: string, n: number): string {
  return s.length >= n ? s.slice(0, n) : s + ' '.repeat(n - s.length);
}

function shade(count: number, max: number): string {
  if (count === 0) return '·';
  return SHADES[Math.min(SHADES.length - 1, 1 + Math.floor((count / Math.max(1, max)) * (SHADES.length - 2)))];
}

export function formatCoverage(datasetName: string, c: CoverageModel): string {
  const out: string[] = [];
  out.push(`${datasetName} @ ${c.ref}: coverage ${(c.score * 100).toFixed(1)}% of the ${c.axisNames.join(' × ')} grid (cells with ≥ ${c.minPerCell} of ${c.items} items; spec v${c.specVersion})`);
  for (const a of c.axes) {
    out.push('', `${a.name} (${a.source})`);
    const max = Math.max(1, ...a.buckets.map((b) => b.count));
    for (const b of a.buckets) out.push(`  ${pad(b.name, 14)} ${pad('█'.repeat(Math.round((b.count / max) * 30)), 30)} ${b.count} (${(b.share * 100).toFixed(1)}%)`);
  }
  for (const p of c.pairs) {
    const rows = [...new Set(p.cells.map((x) => x.values[0]))];
    const cols = [...new Set(p.cells.map((x) => x.values[1]))];
    const count = new Map(p.cells.map((x) => [x.values.join('\u0000'), x.count]));
    const max = Math.max(1, ...p.cells.map((x) => x.count));
    const w = Math.max(6, ...cols.map((x) => x.length + 1));
    out.push('', `${p.axes[0]} × ${p.axes[1]}  (shade: count; ! under ${c.minPerCell})`);
    out.push(`  ${pad('', 14)} ${cols.map((x) => pad(x, w)).join('')}`);
    for (const r of rows) {
      const cells = cols.map((col) => {
        const n = count.get(`${r}\u0000${col}`) ?? 0;
        const mark = n < c.minPerCell && r !== 'unknown' && col !== 'unknown' ? '!' : ' ';
        return pad(`${shade(n, max).repeat(2)}${mark}${n}`, w);
      });
      out.push(`  ${pad(r, 14)} ${cells.join('')}`);
    }
  }
  if (c.missing.length) {
    out.push('', `missing (${c.missing.length} cells under ${c.minPerCell}, emptiest first):`);
    for (const m of c.missing.slice(0, 20)) out.push(`  ${m.values.join(' / ')}: ${m.count}`);
    if (c.missing.length > 20) out.push(`  … ${c.missing.length - 20} more`);
  }
  if (c.perLabel) {
    out.push('', 'per label (worst first):');
    for (const l of c.perLabel.slice(0, 20)) {
      const gaps = l.missing.slice(0, 3).map((m) => m.values.join('/')).join(', ');
      out.push(`  ${pad(l.label, 20)} ${(l.score * 100).toFixed(1)}%${l.missing.length ? `  missing ${gaps}${l.missing.length > 3 ? ` … +${l.missing.length - 3}` : ''}` : ''}`);
    }
  }
  for (const n of c.notes) out.push(`note: ${n}`);
  return out.join('\n');
}
