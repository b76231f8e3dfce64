/**
 * A recipe as the augment use case takes it: chains of ops checked whole before anything is done
 * (BAD_USER_INPUT naming the chain and the op), what each op does to an item's declared attributes,
 * and which quality flags an op is expected to cause (a darkened copy that comes out DARK is
 * intended, not a defect).
 */
import { BadUserInputError } from '../../errors.js';
import { AugmentRecipeError, checkOp, type AugmentModality, type ResolvedOp } from '../../media/augment/recipe.js';
import type { Modality } from '../datasets/index.js';
import { bucketOf, type CoverageSpec } from '../coverage/index.js';
import { measuredSnr } from './snr.js';

export const MAX_CHAINS = 32;
export const MAX_OPS_PER_CHAIN = 16;
export const MAX_COPIES = 50;

export interface ChainInput {
  ops: ReadonlyArray<{ op: string; params?: unknown }>;
  copies?: number | null;
}

export interface Chain {
  ops: Array<{ op: string; params: unknown }>;
  copies: number;
}

export const OP_MODALITY: Readonly<Record<Modality, AugmentModality>> = { IMAGE_CAPTION: 'image', AUDIO_TRANSCRIPT: 'audio', TEXT_PAIR: 'text' };

/** The recipe, checked: every chain's copies and ops (BAD_USER_INPUT naming recipe[i].ops[j] and the parameter). */
export function checkRecipe(recipe: readonly ChainInput[] | null | undefined, modality: Modality, maxChains = MAX_CHAINS): Chain[] {
  if (!Array.isArray(recipe) || recipe.length === 0) throw new BadUserInputError('recipe must list at least one chain', { field: 'recipe' });
  if (recipe.length > maxChains) throw new BadUserInputError(`A recipe has at most ${maxChains} chains, got ${recipe.length}`, { field: 'recipe' });
  const kind = OP_MODALITY[modality];
  return recipe.map((c, i) => {
    const copies = c.copies ?? 1;
    if (!Number.isInteger(copies) || copies < 1 || copies > MAX_COPIES) {
      throw new BadUserInputError(`recipe[${i}].copies must be a whole number in 1..${MAX_COPIES}`, { field: `recipe[${i}].copies`, chain: i });
    }
    const ops = c.ops as ChainInput['ops'];
    if (!Array.isArray(ops) || ops.length === 0 || ops.length > MAX_OPS_PER_CHAIN) {
      throw new BadUserInputError(`recipe[${i}] needs 1 to ${MAX_OPS_PER_CHAIN} ops`, { field: `recipe[${i}].ops`, chain: i });
    }
    ops.forEach((o, j) => {
      try {
        checkOp(o.op, o.params ?? undefined, kind);
      } catch (e) {
        if (!(e instanceof AugmentRecipeError)) throw e;
        const field = `recipe[${i}].ops[${j}]${e.param ? `.params.${e.param}` : ''}`;
        throw new BadUserInputError(`Chain ${i}, op ${j} ("${o.op}"): ${e.message}`, { field, chain: i, opIndex: j, op: o.op, param: e.param });
      }
    });
    checkGrowth(ops, i);
    return { ops: ops.map((o) => ({ op: o.op, params: o.params ?? null })), copies };
  });
}

/** How much longer (audio) or larger (image pixels) a chain may make its copy at most. */
export const MAX_GROWTH = 8;

/** The smallest value a raw numeric parameter can take (a number, or a {min, max} range). */
function lowest(v: unknown, d: number): number {
  if (typeof v === 'number') return v;
  if (v && typeof v === 'object' && typeof (v as { min?: unknown }).min === 'number') return (v as { min: number }).min;
  return d;
}

/**
 * Refuses chains whose copy could grow without bound (speed 0.5 sixteen times over is 65,536× the
 * audio; each rotate may double the canvas): a copy's worker would run out of memory instead.
 */
function checkGrowth(ops: ChainInput['ops'], chain: number): void {
  let duration = 1;
  let padSeconds = 0;
  let pixels = 1;
  ops.forEach((o, j) => {
    const p = (o.params ?? {}) as Record<string, unknown>;
    if (o.op === 'speed' || o.op === 'time_stretch') duration /= lowest(p.factor, 1);
    if (o.op === 'pad') padSeconds += lowest((p.before as number | undefined) ?? 0, 0) + lowest((p.after as number | undefined) ?? 0, 0);
    if (o.op === 'rotate') pixels *= 2;
    if (duration > MAX_GROWTH || pixels > MAX_GROWTH || padSeconds > 600) {
      throw new BadUserInputError(`Chain ${chain}, op ${j} ("${o.op}"): the chain would make copies over ${MAX_GROWTH}× longer or larger than their source (or pad over 10 minutes)`, {
        field: `recipe[${chain}].ops[${j}]`,
        chain,
        opIndex: j,
        op: o.op,
      });
    }
  });
}

/** Every `noiseKey` a recipe names, with where (for BAD_USER_INPUT when it is not in the ref). */
export function noiseKeys(chains: readonly Chain[]): Array<{ key: string; chain: number; opIndex: number }> {
  const out: Array<{ key: string; chain: number; opIndex: number }> = [];
  chains.forEach((c, i) =>
    c.ops.forEach((o, j) => {
      const k = (o.params as Record<string, unknown> | null)?.noiseKey;
      if (o.op === 'add_noise' && typeof k === 'string') out.push({ key: k, chain: i, opIndex: j });
    }),
  );
  return out;
}

const num = (o: ResolvedOp, k: string, d = 1) => (typeof o.params[k] === 'number' ? (o.params[k] as number) : d);

/**
 * Declared attributes of a derived copy: the source's, with what the ops change. Orientation is
 * set always (declared `original` or absent → `flipped` / `rotated`: the axis defaults to
 * original); lighting, noise and colour only where the source declares them (their axes are
 * measured otherwise), from the copy's measured luma, the noise's SNR as the analyser will read it
 * (snr.ts), a grayscale op.
 */
export function derivedAttributes(
  source: Readonly<Record<string, unknown>>,
  ops: readonly ResolvedOp[],
  spec: CoverageSpec,
  measured: { meanLuma?: number },
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...source };
  for (const o of ops) {
    if (o.op === 'flip_horizontal' || o.op === 'flip_vertical') {
      if (out.orientation !== 'rotated') out.orientation = 'flipped';
    } else if (o.op === 'rotate' && num(o, 'degrees', 0) % 360 !== 0) out.orientation = 'rotated';
    else if (o.op === 'grayscale' && 'colour' in source) out.colour = 'grayscale';
    else if (o.op === 'add_noise' && 'noise' in source) {
      const axis = spec.axes.noise;
      if (axis?.source === 'metric') out.noise = bucketOf(axis, { labels: [], attributes: {}, metrics: { [axis.metric]: measuredSnr(num(o, 'snrDb')) } });
    }
  }
  const lighting = spec.axes.lighting;
  if ('lighting' in source && measured.meanLuma !== undefined && lighting?.source === 'metric') {
    out.lighting = bucketOf(lighting, { labels: [], attributes: {}, metrics: { [lighting.metric]: measured.meanLuma } });
  }
  return out;
}

/** Flags an op is expected to cause on its copy (reported as intended, not as defects). */
export function intendedFlags(ops: readonly ResolvedOp[]): Set<string> {
  const out = new Set<string>();
  const add = (...f: string[]) => f.forEach((x) => out.add(x));
  for (const o of ops) {
    switch (o.op) {
      case 'brightness':
        if (num(o, 'factor') < 1) add('DARK', 'LOW_INFORMATION');
        else if (num(o, 'factor') > 1) add('OVEREXPOSED');
        break;
      case 'gamma':
        if (num(o, 'value') > 1) add('DARK');
        else if (num(o, 'value') < 1) add('OVEREXPOSED');
        break;
      case 'contrast':
        add(num(o, 'factor') < 1 ? 'LOW_INFORMATION' : 'OVEREXPOSED');
        break;
      case 'blur':
      case 'jpeg':
        add('BLURRY');
        break;
      case 'resize':
        add('LOW_RESOLUTION');
        break;
      case 'crop':
        add('LOW_RESOLUTION', 'ODD_ASPECT_RATIO');
        break;
      case 'rotate':
        add('ODD_ASPECT_RATIO');
        break;
      case 'grayscale':
        add('GRAYSCALE');
        break;
      case 'saturation':
        if (num(o, 'factor') < 0.2) add('GRAYSCALE');
        break;
      case 'add_noise':
      case 'reverb':
        add('LOW_SNR');
        break;
      case 'gain':
        if (num(o, 'db', 0) > 0) add('CLIPPING');
        break;
      case 'speed':
      case 'time_stretch':
        add('SPEECH_RATE_IMPLAUSIBLE', 'TOO_SHORT', 'TOO_LONG');
        break;
      case 'pad':
        add('MOSTLY_SILENCE', 'TOO_LONG', 'SPEECH_RATE_IMPLAUSIBLE');
        break;
      case 'shift':
        add('MOSTLY_SILENCE');
        break;
      case 'telephone':
        add('LOW_SAMPLE_RATE');
        break;
      case 'typos':
        add('NON_TARGET_LANGUAGE', 'LOW_ALPHA_RATIO');
        break;
      case 'case_noise':
      case 'whitespace_noise':
        add('LOW_ALPHA_RATIO');
        break;
    }
  }
  return out;
}
