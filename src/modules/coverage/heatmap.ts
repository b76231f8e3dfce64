/**
 * The coverage heat maps as a picture (`tuneset coverage --png`): one vega-lite heat map per pair of
 * axes (or the buckets of a single axis as bars), compiled to a vega view rendered headless to SVG
 * and converted to PNG by sharp (librsvg) — no native canvas.
 */
import sharp from 'sharp';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { CoverageModel } from './service.js';

function pairChart(c: CoverageModel, i: number) {
  const p = c.pairs[i];
  const values = p.cells.map((x) => ({ row: x.values[0], col: x.values[1], count: x.count, under: x.count < c.minPerCell }));
  return {
    title: `${p.axes[0]} × ${p.axes[1]}`,
    data: { values },
    encoding: {
      x: { field: 'col', type: 'nominal', title: p.axes[1], sort: null },
      y: { field: 'row', type: 'nominal', title: p.axes[0], sort: null },
    },
    layer: [
      { mark: { type: 'rect', stroke: 'white' }, encoding: { color: { field: 'count', type: 'quantitative', scale: { scheme: 'blues' }, title: 'items' } } },
      {
        mark: { type: 'text', fontSize: 12 },
        encoding: {
          text: { field: 'count', type: 'quantitative' },
          color: { condition: { test: 'datum.under', value: '#c0392b' }, value: 'black' },
        },
      },
    ],
  };
}

function axisChart(c: CoverageModel) {
  const a = c.axes[0];
  return {
    title: a.name,
    data: { values: a.buckets.map((b) => ({ bucket: b.name, count: b.count, under: b.count < c.minPerCell })) },
    mark: 'bar',
    encoding: {
      x: { field: 'bucket', type: 'nominal', sort: null, title: a.name },
      y: { field: 'count', type: 'quantitative', title: 'items' },
      color: { condition: { test: 'datum.under', value: '#c0392b' }, value: '#4c78a8' },
    },
  };
}

/** The vega-lite spec of a coverage (exported for tests and for UIs that render it themselves). */
export function heatmapSpec(c: CoverageModel): TopLevelSpec {
  const charts = c.pairs.length ? c.pairs.map((_, i) => pairChart(c, i)) : c.axes.length ? [axisChart(c)] : [];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: `${c.ref}: coverage ${(c.score * 100).toFixed(1)}%`, subtitle: `cells with ≥ ${c.minPerCell} items; red: under-filled` },
    vconcat: charts,
    config: { font: 'DejaVu Sans', view: { step: 48 } },
  } as TopLevelSpec;
}

export async function heatmapSvg(c: CoverageModel): Promise<string> {
  const view = new vega.View(vega.parse(compile(heatmapSpec(c)).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export async function heatmapPng(c: CoverageModel): Promise<Buffer> {
  return sharp(Buffer.from(await heatmapSvg(c)), { density: 144 }).flatten({ background: '#ffffff' }).png().toBuffer();
}
