/**
 * Coverage specs (issue 9): which axes a dataset's coverage is measured on and where their bucket
 * edges lie — data, not code. Each modality has a default spec; a dataset's spec is the default
 * with its patches applied (setCoverageSpec, versioned like the quality policy; the storage and
 * the API are not built yet — this is the spec's model and validation).
 *
 * An axis is either
 * - `{source: "metric", metric, buckets: [{name, below}, …, {name}]}`: a measured property stored
 *   by quality scoring, cut at increasing `below` edges (the last bucket takes the rest); or
 * - `{source: "attribute", attribute, default?, values?}`: a declared attribute; an item without it
 *   falls in `default` (when given) or `unknown`; with `values`, others fall in `other`.
 * An item whose metric is missing or null falls in `unknown`.
 */
import { BadUserInputError } from '../../errors.js';
import type { Modality } from '../datasets/index.js';

export interface MetricBucket {
  name: string;
  /** Exclusive upper edge; absent on the last bucket. */
  below?: number;
}
export interface MetricAxis {
  source: 'metric';
  metric: string;
  buckets: MetricBucket[];
}
export interface AttributeAxis {
  source: 'attribute';
  attribute: string;
  default?: string;
  values?: string[];
}
export type AxisSpec = MetricAxis | AttributeAxis;
export interface CoverageSpec {
  axes: Record<string, AxisSpec>;
}

const metric = (m: string, ...buckets: MetricBucket[]): MetricAxis => ({ source: 'metric', metric: m, buckets });
const attribute = (a: string, extra: Partial<AttributeAxis> = {}): AttributeAxis => ({ source: 'attribute', attribute: a, ...extra });

/**
 * The defaults. Lighting: mean luma (0–255) under 60 is a dark scene, over 170 a bright one (the
 * corpus's clean photos sit at 56–143; a dusk launch is 56). Scale: the shorter side. Colour: the
 * GRAYSCALE flag's chroma edge. Noise: SNR bands of the issue. Rate: words per voiced second
 * (conversational English 2–3.5). Pitch: median F0 of the voice (low < 120 Hz, high > 220 Hz).
 * Length: response characters.
 */
export const DEFAULT_COVERAGE_SPECS: Readonly<Record<Modality, CoverageSpec>> = Object.freeze({
  IMAGE_CAPTION: {
    axes: {
      lighting: metric('brightnessMean', { name: 'dark', below: 60 }, { name: 'normal', below: 170 }, { name: 'bright' }),
      orientation: attribute('orientation', { default: 'original', values: ['original', 'flipped', 'rotated'] }),
      background: attribute('background'),
      scale: metric('minSide', { name: 'small', below: 256 }, { name: 'medium', below: 768 }, { name: 'large' }),
      colour: metric('chromaP99', { name: 'grayscale', below: 6.5 }, { name: 'colour' }),
    },
  },
  AUDIO_TRANSCRIPT: {
    axes: {
      noise: metric('snrDb', { name: 'noisy', below: 10 }, { name: 'moderate', below: 30 }, { name: 'clean' }),
      rate: metric('wordsPerSecond', { name: 'slow', below: 2 }, { name: 'normal', below: 3.5 }, { name: 'fast' }),
      pitch: metric('pitchHz', { name: 'low', below: 120 }, { name: 'mid', below: 220 }, { name: 'high' }),
      accent: attribute('accent'),
      domain: attribute('domain'),
      speaker: attribute('speaker'),
    },
  },
  TEXT_PAIR: {
    axes: {
      length: metric('responseChars', { name: 'short', below: 200 }, { name: 'medium', below: 1000 }, { name: 'long' }),
      language: metric('language'),
      domain: attribute('domain'),
      task: attribute('task'),
    },
  },
});

/**
 * Metrics an axis may read, per modality (what quality scoring stores; `minSide` is derived from
 * width and height). A categorical metric (language) has no buckets: its values are the buckets.
 */
export const AXIS_METRICS: Readonly<Record<Modality, readonly string[]>> = Object.freeze({
  IMAGE_CAPTION: ['brightnessMean', 'brightnessP50', 'minSide', 'width', 'height', 'aspectRatio', 'chromaP99', 'colorfulness', 'detailLoss', 'entropy', 'captionWords'],
  AUDIO_TRANSCRIPT: ['snrDb', 'wordsPerSecond', 'charsPerSecond', 'pitchHz', 'durationSeconds', 'voicedFraction', 'rmsDb', 'sampleRate'],
  TEXT_PAIR: ['responseChars', 'responseWords', 'promptChars', 'promptWords', 'language'],
});
/** Metrics whose values are names, not numbers. */
export const CATEGORICAL_METRICS: ReadonlySet<string> = new Set(['language']);

const NAME = /^[a-z][A-Za-z0-9_]{0,39}$/;
const BUCKET = /^[\p{L}\p{N}][\p{L}\p{N} _./+-]{0,39}$/u;
/** Values an attribute axis names at most (its grid would be unreadable beyond). */
export const MAX_ATTRIBUTE_VALUES = 100;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function bad(where: string, message: string): never {
  throw new BadUserInputError(`Coverage spec${where ? ` ${where}` : ''}: ${message}`, { field: where ? `spec.${where}` : 'spec' });
}

function checkAxis(modality: Modality, name: string, raw: unknown): AxisSpec {
  const at = `axes.${name}`;
  if (!isPlainObject(raw)) bad(at, 'must be an object with a "source" of "metric" or "attribute"');
  if (raw.source === 'metric') {
    const allowed = new Set(['source', 'metric', 'buckets']);
    for (const k of Object.keys(raw)) if (!allowed.has(k)) bad(`${at}.${k}`, `unknown setting (a metric axis has metric and buckets)`);
    if (typeof raw.metric !== 'string' || !AXIS_METRICS[modality].includes(raw.metric)) {
      bad(`${at}.metric`, `must be one of ${AXIS_METRICS[modality].join(', ')}`);
    }
    if (CATEGORICAL_METRICS.has(raw.metric)) {
      if (raw.buckets !== undefined) bad(`${at}.buckets`, `"${raw.metric}" is categorical: its values are the buckets`);
      return { source: 'metric', metric: raw.metric, buckets: [] };
    }
    const list = raw.buckets;
    if (!Array.isArray(list) || list.length < 2 || list.length > 20) bad(`${at}.buckets`, 'must list 2 to 20 buckets');
    const names = new Set<string>();
    let last = -Infinity;
    const buckets = list.map((b: unknown, i: number): MetricBucket => {
      const w = `${at}.buckets[${i}]`;
      if (!isPlainObject(b) || typeof b.name !== 'string' || !BUCKET.test(b.name)) bad(w, 'needs a name (letters, digits, up to 40 characters)');
      if (names.has(b.name) || b.name === 'unknown') bad(`${w}.name`, `"${b.name}" is used twice or reserved`);
      names.add(b.name);
      const lastOne = i === list.length - 1;
      if (lastOne) {
        if (b.below !== undefined) bad(`${w}.below`, 'the last bucket takes the rest: no edge');
        return { name: b.name };
      }
      if (typeof b.below !== 'number' || !Number.isFinite(b.below) || b.below <= last) bad(`${w}.below`, 'must be a number above the previous edge');
      last = b.below;
      return { name: b.name, below: b.below };
    });
    return { source: 'metric', metric: raw.metric, buckets };
  }
  if (raw.source === 'attribute') {
    const allowed = new Set(['source', 'attribute', 'default', 'values']);
    for (const k of Object.keys(raw)) if (!allowed.has(k)) bad(`${at}.${k}`, `unknown setting (an attribute axis has attribute, default and values)`);
    if (typeof raw.attribute !== 'string' || !/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/.test(raw.attribute)) bad(`${at}.attribute`, 'must name an attribute');
    const axis: AttributeAxis = { source: 'attribute', attribute: raw.attribute };
    if (raw.default !== undefined) {
      if (typeof raw.default !== 'string' || !BUCKET.test(raw.default)) bad(`${at}.default`, 'must be a bucket name');
      axis.default = raw.default;
    }
    if (raw.values !== undefined) {
      const v = raw.values;
      if (!Array.isArray(v) || v.length === 0 || v.length > MAX_ATTRIBUTE_VALUES || !v.every((x) => typeof x === 'string' && BUCKET.test(x)) || new Set(v).size !== v.length) {
        bad(`${at}.values`, `must list 1 to ${MAX_ATTRIBUTE_VALUES} distinct bucket names`);
      }
      axis.values = [...(v as string[])];
    }
    return axis;
  }
  return bad(`${at}.source`, 'must be "metric" or "attribute"');
}

/**
 * Applies a patch (`{axes: {name: axis | null}}`: an axis replaced or added, or removed with null)
 * to a spec. Anything malformed is BAD_USER_INPUT naming the setting (field `spec.…`).
 */
export function mergeCoverageSpec(modality: Modality, base: CoverageSpec, patch: unknown): CoverageSpec {
  if (!isPlainObject(patch)) bad('', 'must be a JSON object {"axes": {…}}');
  for (const k of Object.keys(patch)) if (k !== 'axes') bad(k, 'unknown setting (a spec has axes)');
  const axes = patch.axes;
  if (!isPlainObject(axes)) bad('axes', 'must be an object of axes by name');
  const out: Record<string, AxisSpec> = { ...base.axes };
  for (const [name, raw] of Object.entries(axes)) {
    if (!NAME.test(name)) bad(`axes.${name}`, 'an axis name is a lower-case identifier');
    if (raw === null) delete out[name];
    else out[name] = checkAxis(modality, name, raw);
  }
  if (Object.keys(out).length === 0) bad('axes', 'a spec needs at least one axis');
  return { axes: out };
}

/** The axes asked for, checked against the spec (BAD_USER_INPUT naming an unknown one); all of them when none are asked. */
export function requestedAxes(spec: CoverageSpec, axes: readonly string[] | null | undefined): string[] {
  if (!axes || axes.length === 0) return Object.keys(spec.axes);
  const seen = new Set<string>();
  for (const a of axes) {
    if (!Object.prototype.hasOwnProperty.call(spec.axes, a)) {
      throw new BadUserInputError(`Unknown coverage axis "${a}" (this dataset's: ${Object.keys(spec.axes).join(', ')})`, { field: 'axes', axis: a });
    }
    if (seen.has(a)) throw new BadUserInputError(`Coverage axis "${a}" is asked twice`, { field: 'axes', axis: a });
    seen.add(a);
  }
  return [...axes];
}
