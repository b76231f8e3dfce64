/**
 * The augmentation op catalogue (issue 9): every op's name, modality and parameters, and the
 * resolution of a recipe's raw parameters into the values an op is applied with. Pure: no
 * database, no GraphQL. A bad op or parameter is an AugmentRecipeError naming the op and the
 * parameter; the augment module's use case turns it into BAD_USER_INPUT naming the chain too.
 *
 * A numeric parameter is given either as a number or as `{min, max}`: a range is sampled, per
 * derived copy, from that copy's seeded generator, so the same recipe and seed give the same
 * values (and the augmentation record keeps the values actually used).
 */
import { seededRandom } from './random.js';

export type AugmentModality = 'image' | 'audio' | 'text';

interface NumberParam {
  kind: 'number';
  min: number;
  max: number;
  /** Whole numbers only (a sampled value is rounded). */
  integer?: boolean;
  default?: number;
  /** A range ({min, max}) is allowed; false for values that must be fixed. */
  sampled?: boolean;
}
interface EnumParam {
  kind: 'enum';
  values: readonly string[];
  default?: string;
}
interface WordMapParam {
  kind: 'wordMap';
}
/** An item key of the same dataset (add_noise's recorded noise clip). */
interface KeyParam {
  kind: 'key';
}
interface StringListParam {
  kind: 'stringList';
  /** Every string must contain this placeholder. */
  placeholder: string;
}
type ParamSpec = NumberParam | EnumParam | WordMapParam | StringListParam | KeyParam;

export interface OpSpec {
  modality: AugmentModality;
  params: Readonly<Record<string, ParamSpec>>;
  /** Required parameters (the rest have defaults or are optional). */
  required?: readonly string[];
}

const factor = (d: number): NumberParam => ({ kind: 'number', min: 0, max: 4, default: d, sampled: true });

/** Every op, by its public name (the GraphQL contract of issue 9). */
export const OPS: Readonly<Record<string, OpSpec>> = Object.freeze({
  // images
  flip_horizontal: { modality: 'image', params: { captionMap: { kind: 'wordMap' } } },
  flip_vertical: { modality: 'image', params: {} },
  rotate: {
    modality: 'image',
    params: { degrees: { kind: 'number', min: -360, max: 360, sampled: true }, fill: { kind: 'enum', values: ['black', 'white', 'transparent'], default: 'black' } },
    required: ['degrees'],
  },
  crop: {
    modality: 'image',
    params: { fraction: { kind: 'number', min: 0.05, max: 1, sampled: true }, position: { kind: 'enum', values: ['centre', 'random'], default: 'centre' } },
    required: ['fraction'],
  },
  brightness: { modality: 'image', params: { factor: factor(1) }, required: ['factor'] },
  contrast: { modality: 'image', params: { factor: factor(1) }, required: ['factor'] },
  saturation: { modality: 'image', params: { factor: factor(1) }, required: ['factor'] },
  hue: { modality: 'image', params: { degrees: { kind: 'number', min: -180, max: 180, sampled: true } }, required: ['degrees'] },
  gamma: { modality: 'image', params: { value: { kind: 'number', min: 0.1, max: 10, sampled: true } }, required: ['value'] },
  blur: { modality: 'image', params: { sigma: { kind: 'number', min: 0.3, max: 50, sampled: true } }, required: ['sigma'] },
  sharpen: { modality: 'image', params: { sigma: { kind: 'number', min: 0.3, max: 10, sampled: true } }, required: ['sigma'] },
  noise: { modality: 'image', params: { sigma: { kind: 'number', min: 0, max: 100, sampled: true } }, required: ['sigma'] },
  grayscale: { modality: 'image', params: {} },
  jpeg: { modality: 'image', params: { quality: { kind: 'number', min: 1, max: 100, integer: true, sampled: true } }, required: ['quality'] },
  resize: { modality: 'image', params: { maxSide: { kind: 'number', min: 8, max: 16384, integer: true, sampled: true } }, required: ['maxSide'] },
  // audio
  gain: { modality: 'audio', params: { db: { kind: 'number', min: -60, max: 30, sampled: true } }, required: ['db'] },
  shift: { modality: 'audio', params: { seconds: { kind: 'number', min: -60, max: 60, sampled: true } }, required: ['seconds'] },
  pad: {
    modality: 'audio',
    params: { before: { kind: 'number', min: 0, max: 60, default: 0, sampled: true }, after: { kind: 'number', min: 0, max: 60, default: 0, sampled: true } },
  },
  add_noise: {
    modality: 'audio',
    params: {
      snrDb: { kind: 'number', min: -20, max: 80, sampled: true },
      colour: { kind: 'enum', values: ['white', 'pink', 'brown'], default: 'white' },
      noiseKey: { kind: 'key' },
    },
    required: ['snrDb'],
  },
  speed: { modality: 'audio', params: { factor: { kind: 'number', min: 0.5, max: 2, sampled: true } }, required: ['factor'] },
  time_stretch: { modality: 'audio', params: { factor: { kind: 'number', min: 0.5, max: 2, sampled: true } }, required: ['factor'] },
  pitch_shift: { modality: 'audio', params: { semitones: { kind: 'number', min: -12, max: 12, sampled: true } }, required: ['semitones'] },
  reverb: {
    modality: 'audio',
    params: { roomSize: { kind: 'number', min: 0, max: 1, default: 0.5, sampled: true }, wet: { kind: 'number', min: 0, max: 1, default: 0.3, sampled: true } },
  },
  telephone: { modality: 'audio', params: {} },
  // text (no model: safe, rule-based perturbations)
  case_noise: { modality: 'text', params: { rate: { kind: 'number', min: 0, max: 1, sampled: true } }, required: ['rate'] },
  whitespace_noise: { modality: 'text', params: { rate: { kind: 'number', min: 0, max: 1, sampled: true } }, required: ['rate'] },
  typos: { modality: 'text', params: { rate: { kind: 'number', min: 0, max: 1, sampled: true } }, required: ['rate'] },
  template: { modality: 'text', params: { templates: { kind: 'stringList', placeholder: '{prompt}' } }, required: ['templates'] },
});

/** A recipe problem: which op (and parameter) and why. */
export class AugmentRecipeError extends Error {
  override name = 'AugmentRecipeError';
  constructor(
    message: string,
    readonly op: string,
    readonly param: string | null = null,
  ) {
    super(message);
  }
}

export type ResolvedValue = number | string | Readonly<Record<string, string>> | readonly string[];
export interface ResolvedOp {
  op: string;
  /** The values applied: sampled ranges resolved, defaults filled in. */
  params: Readonly<Record<string, ResolvedValue>>;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Validates an op's raw parameters without sampling (a recipe is checked whole before any work). */
export function checkOp(op: string, raw: unknown, modality: AugmentModality): void {
  resolveOp(op, raw, modality, () => 0.5);
}

/**
 * The values an op is applied with. `random` (0 ≤ x < 1) samples `{min, max}` ranges; a fixed
 * number is used as given. Throws AugmentRecipeError for an unknown op, an op of another
 * modality, an unknown, missing or ill-typed parameter, or a value out of range.
 */
export function resolveOp(op: string, raw: unknown, modality: AugmentModality, random: () => number): ResolvedOp {
  const spec = Object.prototype.hasOwnProperty.call(OPS, op) ? OPS[op] : undefined;
  if (!spec) throw new AugmentRecipeError(`Unknown op "${op}" (known: ${Object.keys(OPS).join(', ')})`, op);
  if (spec.modality !== modality) throw new AugmentRecipeError(`Op "${op}" is for ${spec.modality}, not ${modality}`, op);
  const given = raw ?? {};
  if (!isPlainObject(given)) throw new AugmentRecipeError(`Params of "${op}" must be a JSON object`, op);
  for (const k of Object.keys(given)) {
    if (!Object.prototype.hasOwnProperty.call(spec.params, k)) {
      const known = Object.keys(spec.params);
      throw new AugmentRecipeError(`Unknown param "${k}" of "${op}"${known.length ? ` (known: ${known.join(', ')})` : ' (it takes none)'}`, op, k);
    }
  }
  for (const k of spec.required ?? []) {
    if (given[k] === undefined || given[k] === null) throw new AugmentRecipeError(`"${op}" needs "${k}"`, op, k);
  }
  const params: Record<string, ResolvedValue> = {};
  for (const [k, p] of Object.entries(spec.params)) {
    const v = given[k];
    if (v === undefined || v === null) {
      if (p.kind === 'number' && p.default !== undefined) params[k] = p.default;
      else if (p.kind === 'enum' && p.default !== undefined) params[k] = p.default;
      continue;
    }
    params[k] = resolveParam(op, k, p, v, random);
  }
  return { op, params };
}

function resolveParam(op: string, k: string, p: ParamSpec, v: unknown, random: () => number): ResolvedValue {
  const where = `"${op}".${k}`;
  switch (p.kind) {
    case 'number': {
      const inRange = (x: number) => Number.isFinite(x) && x >= p.min && x <= p.max && (!p.integer || Number.isInteger(x));
      const range = `${p.integer ? 'a whole number' : 'a number'} in ${p.min}..${p.max}`;
      if (typeof v === 'number') {
        if (!inRange(v)) throw new AugmentRecipeError(`${where} must be ${range}, got ${v}`, op, k);
        return v;
      }
      if (isPlainObject(v) && p.sampled) {
        const keys = Object.keys(v).sort().join(',');
        const lo = v.min;
        const hi = v.max;
        if (keys !== 'max,min' || typeof lo !== 'number' || typeof hi !== 'number') {
          throw new AugmentRecipeError(`${where} must be a number or {min, max}`, op, k);
        }
        if (!inRange(lo) || !inRange(hi) || lo > hi) throw new AugmentRecipeError(`${where} range must lie in ${p.min}..${p.max} with min ≤ max`, op, k);
        const x = lo + (hi - lo) * random();
        return p.integer ? Math.round(x) : Number(x.toPrecision(6));
      }
      throw new AugmentRecipeError(`${where} must be ${p.sampled ? `${range} or {min, max}` : range}`, op, k);
    }
    case 'enum':
      if (typeof v !== 'string' || !p.values.includes(v)) throw new AugmentRecipeError(`${where} must be one of ${p.values.join(', ')}`, op, k);
      return v;
    case 'wordMap': {
      if (!isPlainObject(v) || !Object.values(v).every((w) => typeof w === 'string')) {
        throw new AugmentRecipeError(`${where} must map words to words, e.g. {"left": "right", "right": "left"}`, op, k);
      }
      return Object.freeze({ ...(v as Record<string, string>) });
    }
    case 'key':
      if (typeof v !== 'string' || v.length === 0 || v.length > 512) throw new AugmentRecipeError(`${where} must be an item key of the dataset`, op, k);
      return v;
    case 'stringList': {
      if (!Array.isArray(v) || v.length === 0 || !v.every((s) => typeof s === 'string' && s.includes(p.placeholder))) {
        throw new AugmentRecipeError(`${where} must be a non-empty list of strings, each containing ${p.placeholder}`, op, k);
      }
      return Object.freeze([...(v as string[])]);
    }
  }
}

/** The resolved ops of one derived copy: chain `chain`, copy `copy` of source `sourceKey`, seeded. */
export function resolveChain(
  ops: ReadonlyArray<{ op: string; params?: unknown }>,
  modality: AugmentModality,
  seed: number,
  sourceKey: string,
  chain: number,
  copy: number,
): ResolvedOp[] {
  const random = seededRandom(`${seed}\u0000${sourceKey}\u0000${chain}\u0000${copy}`);
  return ops.map((o) => resolveOp(o.op, o.params, modality, random));
}
