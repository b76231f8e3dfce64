/**
 * training-curves.png: loss and the watched metric per epoch, train vs validation, as a vega-lite
 * chart rendered headless to SVG and converted by sharp (librsvg), no native canvas.
 */
import sharp from 'sharp';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { EpochRecord } from './schedule.js';

export function curvesSpec(epochs: readonly EpochRecord[], metric: string, title: string): TopLevelSpec {
  const values = epochs.flatMap((e) =>
    (['train', 'validation'] as const).flatMap((side) =>
      ['loss', metric].filter((m) => e[side][m] !== undefined).map((m) => ({ epoch: e.epoch + 1, side, measure: m, value: e[side][m], phase: e.phase })),
    ),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    data: { values },
    facet: { column: { field: 'measure', type: 'nominal', title: null } },
    spec: {
      width: 320,
      height: 200,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1 } },
        y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
        color: { field: 'side', type: 'nominal', title: null },
      },
    },
    resolve: { scale: { y: 'independent' } },
    config: { font: 'DejaVu Sans' },
  } as TopLevelSpec;
}

export async function curvesPng(epochs: readonly EpochRecord[], metric: string, title: string): Promise<Buffer> {
  const view = new vega.View(vega.parse(compile(curvesSpec(epochs, metric, title)).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    return await sharp(Buffer.from(svg), { density: 144 }).flatten({ background: '#ffffff' }).png().toBuffer();
  } finally {
    view.finalize();
  }
}
