/**
 * The export spec (ExportSpecInput, or the CLI's spec file of the same shape), checked and
 * normalised before anything is written: BAD_USER_INPUT naming the setting (`field: spec.…`).
 */
import { BadUserInputError } from '../../errors.js';
import type { Modality } from '../datasets/index.js';
import { LABEL_STATUSES } from '../versions/index.js';
import { SPLITS, type Split } from './split.js';
import { checkTarget, type ExportTarget } from './target.js';

export const EXPORT_FORMATS = ['JSONL', 'OPENAI_CHAT', 'ALPACA', 'HF_IMAGEFOLDER', 'HF_AUDIOFOLDER', 'NEMO_MANIFEST', 'COCO_CAPTIONS', 'PARQUET', 'TFJS'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The formats each modality can be written in. */
export const FORMATS_BY_MODALITY: Readonly<Record<Modality, readonly ExportFormat[]>> = {
  TEXT_PAIR: ['JSONL', 'OPENAI_CHAT', 'ALPACA', 'PARQUET', 'TFJS'],
  IMAGE_CAPTION: ['JSONL', 'HF_IMAGEFOLDER', 'COCO_CAPTIONS', 'PARQUET', 'TFJS'],
  AUDIO_TRANSCRIPT: ['JSONL', 'HF_AUDIOFOLDER', 'NEMO_MANIFEST', 'PARQUET', 'TFJS'],
};

export interface ExportSpec {
  filter: { statuses: string[] | null; labels: string[] | null; minScore: number | null; excludeFlags: string[]; dedupe: boolean };
  split: { shares: Record<Split, number>; counts: Record<Split, number> | null; seed: number; stratifyBy: string | null; groupBy: string[] };
  maxPerClass: number | null;
  maxItems: number | null;
  target: ExportTarget | null;
}

function bad(field: string, message: string): never {
  throw new BadUserInputError(`Export spec ${field}: ${message}`, { field: `spec.${field}` });
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const FIELD = /^(label|attributes\.[A-Za-z_][A-Za-z0-9_.-]{0,63})$/;

function known(obj: Record<string, unknown>, allowed: readonly string[], at: string): void {
  for (const k of Object.keys(obj)) if (!allowed.includes(k)) bad(at ? `${at}.${k}` : k, `unknown setting (known: ${allowed.join(', ')})`);
}

function strings(v: unknown, field: string, max = 100): string[] | null {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v) || v.length > max || !v.every((x) => typeof x === 'string' && x.length > 0 && x.length <= 200)) bad(field, `must be a list of at most ${max} non-empty strings`);
  return [...new Set(v as string[])].sort();
}

function whole(v: unknown, field: string, min: number): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) bad(field, `must be a whole number ≥ ${min}`);
  return v;
}

export function checkExportSpec(raw: unknown, modality: Modality, flags: readonly string[]): ExportSpec {
  if (!isObj(raw)) throw new BadUserInputError('Export spec: must be an object {filter, split, maxPerClass, maxItems}', { field: 'spec' });
  known(raw, ['filter', 'split', 'maxPerClass', 'maxItems', 'target'], '');
  const target = checkTarget(raw.target, modality);
  const f = raw.filter ?? {};
  if (!isObj(f)) bad('filter', 'must be an object');
  known(f, ['statuses', 'labels', 'minScore', 'excludeFlags', 'dedupe'], 'filter');
  const statuses = strings(f.statuses, 'filter.statuses');
  for (const s of statuses ?? []) if (!(LABEL_STATUSES as readonly string[]).includes(s)) bad('filter.statuses', `unknown status ${s}`);
  const excludeFlags = strings(f.excludeFlags, 'filter.excludeFlags') ?? [];
  for (const x of excludeFlags) if (!flags.includes(x)) bad('filter.excludeFlags', `"${x}" is not a flag of ${modality} items (${flags.join(', ')})`);
  if (f.minScore !== undefined && f.minScore !== null && (typeof f.minScore !== 'number' || f.minScore < 0 || f.minScore > 1)) bad('filter.minScore', 'must be a number in 0..1');
  if (f.dedupe !== undefined && f.dedupe !== null && typeof f.dedupe !== 'boolean') bad('filter.dedupe', 'must be true or false');

  const sp = raw.split;
  if (!isObj(sp)) bad('split', 'is required: {train, validation, test} shares summing to 1, or trainCount, validationCount, testCount');
  known(sp, ['train', 'validation', 'test', 'trainCount', 'validationCount', 'testCount', 'seed', 'stratifyBy', 'groupBy'], 'split');
  const anyCount = sp.trainCount != null || sp.validationCount != null || sp.testCount != null;
  const anyShare = sp.train != null || sp.validation != null || sp.test != null;
  if (anyCount && anyShare) bad('split', 'give shares (train, validation, test) or counts (trainCount …), not both');
  let shares: Record<Split, number>;
  let counts: Record<Split, number> | null = null;
  if (anyCount) {
    counts = { train: whole(sp.trainCount, 'split.trainCount', 0) ?? 0, validation: whole(sp.validationCount, 'split.validationCount', 0) ?? 0, test: whole(sp.testCount, 'split.testCount', 0) ?? 0 };
    const n = counts.train + counts.validation + counts.test;
    if (n === 0) bad('split', 'the counts are all zero');
    shares = { train: counts.train / n, validation: counts.validation / n, test: counts.test / n };
  } else {
    shares = { train: 0, validation: 0, test: 0 };
    for (const s of SPLITS) {
      const v = sp[s];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) bad(`split.${s}`, 'must be a share in 0..1');
      shares[s] = v;
    }
    const sum = shares.train + shares.validation + shares.test;
    if (Math.abs(sum - 1) > 1e-6) bad('split', `train + validation + test must be 1, got ${Number(sum.toFixed(6))}`);
  }
  const seed = whole(sp.seed, 'split.seed', -(2 ** 31)) ?? 0;
  if (seed >= 2 ** 31) bad('split.seed', 'must be a 32-bit whole number');
  let stratifyBy: string | null = null;
  if (sp.stratifyBy !== undefined && sp.stratifyBy !== null) {
    if (typeof sp.stratifyBy !== 'string' || !FIELD.test(sp.stratifyBy)) bad('split.stratifyBy', 'must be "label" or "attributes.<name>"');
    stratifyBy = sp.stratifyBy;
  }
  const groupBy = strings(sp.groupBy, 'split.groupBy', 8) ?? [];
  for (const g of groupBy) if (!FIELD.test(g)) bad('split.groupBy', `"${g}" must be "label" or "attributes.<name>"`);
  return {
    filter: { statuses, labels: strings(f.labels, 'filter.labels'), minScore: (f.minScore as number | undefined) ?? null, excludeFlags, dedupe: f.dedupe === true },
    split: { shares, counts, seed, stratifyBy, groupBy },
    maxPerClass: whole(raw.maxPerClass, 'maxPerClass', 1),
    maxItems: whole(raw.maxItems, 'maxItems', 1),
    target,
  };
}

export function checkFormats(formats: readonly string[], modality: Modality): ExportFormat[] {
  if (!Array.isArray(formats) || formats.length === 0) throw new BadUserInputError('formats must name at least one format', { field: 'formats' });
  const ok = FORMATS_BY_MODALITY[modality];
  for (const f of formats) {
    if (!(ok as readonly string[]).includes(f)) {
      throw new BadUserInputError(`Format ${f} does not fit a ${modality} dataset (it takes ${ok.join(', ')})`, { field: 'formats', format: f });
    }
  }
  return [...new Set(formats as ExportFormat[])].sort();
}
