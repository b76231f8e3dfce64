import { AUDIO_FLAGS, DUPLICATE_FLAGS, IMAGE_FLAGS, TEXT_FLAGS, type QualityFlag } from '../../media/quality/types.js';
import type { Modality } from '../datasets/index.js';
import type { DuplicateAnalysis } from './duplicates.js';
import type { RefScanRow } from './repository.js';
import type { QualityPolicy } from './policy.js';
import { gpuMemoryGB, type TaskCatalogue } from './tasks.js';
import { EXACT_LIMIT, QuantileStream, SKETCH_RELATIVE_ACCURACY, type Quantiles } from '../../lib/quantiles.js';
import { digest64, hash64, U64Set } from '../../lib/u64-set.js';

export type { Quantiles };

export interface ReadinessModel {
  task: string | null;
  taskName: string | null;
  ok: boolean;
  required: number | null;
  have: number | null;
  unit: string | null;
  gpuMemoryGB: number | null;
  gpuMemoryGB4bit: number | null;
  notes: string[];
}

export interface AuditModel {
  ref: string;
  modality: Modality;
  policyVersion: number;
  itemCount: number;
  scoredCount: number;
  meanScore: number | null;
  flagCounts: Array<{ flag: QualityFlag; count: number }>;
  scoreHistogram: number[];
  labelCounts: Array<{ value: string; count: number }>;
  attributeCounts: Array<{ attribute: string; value: unknown; count: number }>;
  imbalanceRatio: number | null;
  duplicateClusterCount: number;
  /** Items beyond the first of each exact-duplicate group. */
  redundantItemCount: number;
  audioHours: number | null;
  imageWidth: Quantiles | null;
  imageHeight: Quantiles | null;
  lengths: Array<{ field: string; chars: Quantiles; approxTokens: Quantiles }>;
  durationSeconds: Quantiles | null;
  readiness: ReadinessModel;
  /** Caveats of the figures themselves (truncated lists, items still being scored). */
  notes: string[];
}

/** The row shape an audit reads (the fields of a ref scan it uses). */
export type AuditRow = Pick<
  RefScanRow,
  'key' | 'status' | 'labels' | 'attributes' | 'prompt_chars' | 'response_chars' | 'text_chars' | 'width' | 'height' | 'duration' | 'scored' | 'exact_key' | 'score' | 'flags'
>;

/** Distinct values kept per attribute, attributes kept, and labels kept (the rest are summed into notes). */
const MAX_VALUES_PER_ATTRIBUTE = 100;
const MAX_ATTRIBUTES = 50;
const MAX_LABELS = 1000;

export function flagsOf(modality: Modality): readonly QualityFlag[] {
  const own = modality === 'TEXT_PAIR' ? TEXT_FLAGS : modality === 'IMAGE_CAPTION' ? IMAGE_FLAGS : AUDIO_FLAGS;
  return [...own, ...DUPLICATE_FLAGS];
}

function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}


function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** ≈ 4 characters per token for English BPE vocabularies (OpenAI's rule of thumb). */
const CHARS_PER_TOKEN = 4;

/** What an audit needs of a ref besides its rows (the audit's own settings). */
export interface AuditTarget {
  ref: string;
  policyVersion: number;
  task: string | null;
  catalogue: TaskCatalogue;
}

/**
 * Aggregates one pass over a ref's items: counts per flag (own flags from the stored score rows,
 * duplicate flags from the ref's duplicate analysis), score histogram, class balance, per-modality
 * totals and the readiness verdict. Rows are added in key order, a page at a time (`add`), so a
 * pass can yield between pages and never holds the whole ref; `finish` takes the ref's duplicate
 * analysis, which may be computed from the same pass meanwhile.
 *
 * Memory does not grow with the ref beyond a few bytes an item: quantiles stream into
 * QuantileStream (exact up to 16k values, then a DDSketch), label and attribute counts are capped
 * (with a note), and the two per-item sets are 64-bit digests in flat typed arrays (U64Set).
 */
export class AuditAccumulator {
  private readonly vocabulary: readonly QualityFlag[];
  private readonly flagCounts: Map<QualityFlag, number>;
  private readonly histogram = new Array<number>(10).fill(0);
  private readonly labels = new Map<string, number>();
  private droppedLabelItems = 0;
  private readonly attributes = new Map<string, Map<string, { value: unknown; count: number }>>();
  private droppedAttributeValues = 0;
  private itemCount = 0;
  private scoredCount = 0;
  private scoreSum = 0;
  private usableItems = 0;
  private usableSeconds = 0;
  private rejected = 0;
  private lowScore = 0;
  private audioSeconds = 0;
  private readonly seenExact: U64Set;
  private redundant = 0;
  private redundantUsable = 0;
  /** Keys (hash64) of usable items that are not exact repeats (near duplicates among them are counted at the end). */
  private readonly usableKeys: U64Set;
  private readonly widths = new QuantileStream();
  private readonly heights = new QuantileStream();
  private readonly durations = new QuantileStream();
  private readonly lengthFields: Record<string, { chars: QuantileStream; tokens: QuantileStream }> = {};

  /** `expected`: the ref's item count when known, so that the digest sets never grow (and copy). */
  constructor(
    private readonly modality: Modality,
    private readonly policy: QualityPolicy,
    expected = 1024,
  ) {
    this.seenExact = new U64Set(expected);
    this.usableKeys = new U64Set(expected);
    this.vocabulary = flagsOf(modality);
    this.flagCounts = new Map<QualityFlag, number>(this.vocabulary.map((f) => [f, 0]));
  }

  private pushLen(field: string, n: number | null): void {
    if (n === null) return;
    const f = (this.lengthFields[field] ??= { chars: new QuantileStream(), tokens: new QuantileStream() });
    f.chars.add(n);
    f.tokens.add(Math.ceil(n / CHARS_PER_TOKEN));
  }

  private countLabel(label: string): void {
    const { labels } = this;
    const n = labels.get(label);
    if (n !== undefined) labels.set(label, n + 1);
    else if (labels.size < MAX_LABELS) labels.set(label, 1);
    else this.droppedLabelItems++;
  }

  private countAttr(attr: string, value: unknown): void {
    let values = this.attributes.get(attr);
    if (!values) {
      if (this.attributes.size >= MAX_ATTRIBUTES) {
        this.droppedAttributeValues++;
        return;
      }
      this.attributes.set(attr, (values = new Map()));
    }
    const k = JSON.stringify(value);
    const v = values.get(k);
    if (v) v.count++;
    else if (values.size >= MAX_VALUES_PER_ATTRIBUTE) this.droppedAttributeValues++;
    else values.set(k, { value, count: 1 });
  }

  /** Adds the next row (rows come in key order: the first of an exact group is the one counted). */
  add(r: AuditRow): void {
    const { modality, flagCounts } = this;
    this.itemCount++;
    // (Most items carry no labels or attributes: skip parsing the empty JSON.)
    if (r.labels !== '[]') for (const l of JSON.parse(r.labels) as string[]) this.countLabel(l);
    if (r.attributes !== '{}') {
      for (const [attr, value] of Object.entries(JSON.parse(r.attributes) as Record<string, unknown>)) {
        if (Array.isArray(value)) value.forEach((v) => (typeof v !== 'object' || v === null) && this.countAttr(attr, v));
        else if (typeof value !== 'object' || value === null) this.countAttr(attr, value);
      }
    }
    if (r.width !== null) this.widths.add(r.width);
    if (r.height !== null) this.heights.add(r.height);
    if (r.duration !== null) {
      this.durations.add(r.duration);
      this.audioSeconds += r.duration;
    }
    if (modality === 'TEXT_PAIR') {
      this.pushLen('prompt', r.prompt_chars);
      this.pushLen('response', r.response_chars);
    } else this.pushLen(modality === 'IMAGE_CAPTION' ? 'caption' : 'transcript', r.text_chars);

    let exactRepeat = false;
    if (r.exact_key !== null) {
      const [hi, lo] = digest64(r.exact_key);
      if (!this.seenExact.add(hi, lo)) {
        exactRepeat = true;
        this.redundant++;
      }
    }
    if (r.score !== null) {
      this.scoredCount++;
      this.scoreSum += r.score;
      this.histogram[Math.min(9, Math.floor(r.score * 10))]++;
      if (r.flags && r.flags !== '[]') for (const f of JSON.parse(r.flags) as QualityFlag[]) flagCounts.set(f, (flagCounts.get(f) ?? 0) + 1);
      const isRejected = r.status === 'REJECTED';
      const isLow = r.score < this.policy.minUsableScore;
      if (isRejected) this.rejected++;
      else if (isLow) this.lowScore++;
      if (!isRejected && !isLow) {
        if (exactRepeat) this.redundantUsable++;
        else {
          this.usableItems++;
          this.usableSeconds += r.duration ?? 0;
          const [hi, lo] = hash64(r.key);
          this.usableKeys.add(hi, lo);
        }
      }
    }
  }

  /** The audit of the rows added, with the ref's duplicate analysis. */
  finish(target: AuditTarget, duplicates: DuplicateAnalysis): AuditModel {
    const { modality, policy, flagCounts, itemCount, scoredCount } = this;
    let nearUsable = 0;
    for (const [key, set] of duplicates.flags) {
      if (!set.has('NEAR_DUPLICATE')) continue;
      const [hi, lo] = hash64(key);
      if (this.usableKeys.has(hi, lo)) nearUsable++;
    }
    for (const set of duplicates.flags.values()) for (const f of set) flagCounts.set(f, (flagCounts.get(f) ?? 0) + 1);

    const labelCounts = [...this.labels].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
    const attributeCounts = [...this.attributes].flatMap(([attribute, values]) =>
      [...values.values()].sort((a, b) => b.count - a.count).map((v) => ({ attribute, value: v.value, count: v.count })),
    );
    const imbalanceRatio = labelCounts.length ? round(labelCounts[0].count / labelCounts[labelCounts.length - 1].count, 3) : null;

    const readiness = judgeReadiness({
      task: target.task,
      modality,
      catalogue: target.catalogue,
      itemCount,
      scoredCount,
      usableItems: this.usableItems,
      usableHours: this.usableSeconds / 3600,
      rejected: this.rejected,
      lowScore: this.lowScore,
      redundant: this.redundantUsable,
      nearUsable,
      minUsableScore: policy.minUsableScore,
    });
    const notes: string[] = [];
    if (this.droppedAttributeValues > 0) {
      notes.push(`attributeCounts lists at most ${MAX_ATTRIBUTES} attributes × ${MAX_VALUES_PER_ATTRIBUTE} values; ${plural(this.droppedAttributeValues, 'further value')} not listed`);
    }
    if (this.labels.size >= MAX_LABELS && this.droppedLabelItems > 0) {
      notes.push(`labelCounts lists the first ${MAX_LABELS} distinct labels met (in key order); ${plural(this.droppedLabelItems, 'further label use')} not listed, and imbalanceRatio is of the listed ones`);
    }
    const streams = [this.widths, this.heights, this.durations, ...Object.values(this.lengthFields).map((f) => f.chars)];
    if (streams.some((q) => q.approximate)) {
      notes.push(`quantiles of more than ${EXACT_LIMIT.toLocaleString('en-US')} values are approximate (DDSketch, within ±${SKETCH_RELATIVE_ACCURACY * 100} %); count, min, max and mean are exact`);
    }
    if (scoredCount < itemCount) notes.push(`${plural(itemCount - scoredCount, 'item')} still being scored: flags and scores count the scored ones`);
    return {
      ref: target.ref,
      modality,
      policyVersion: target.policyVersion,
      itemCount,
      scoredCount,
      meanScore: scoredCount ? round(this.scoreSum / scoredCount) : null,
      flagCounts: this.vocabulary.map((flag) => ({ flag, count: flagCounts.get(flag) ?? 0 })),
      scoreHistogram: this.histogram,
      labelCounts,
      attributeCounts,
      imbalanceRatio,
      duplicateClusterCount: duplicates.clusters.length,
      redundantItemCount: this.redundant,
      audioHours: modality === 'AUDIO_TRANSCRIPT' ? round(this.audioSeconds / 3600, 6) : null,
      imageWidth: this.widths.result(),
      imageHeight: this.heights.result(),
      durationSeconds: this.durations.result(),
      lengths: Object.entries(this.lengthFields).map(([field, f]) => ({ field, chars: f.chars.result()!, approxTokens: f.tokens.result()! })),
      readiness,
      notes,
    };
  }
}

/** The audit of a ref in one call (rows in key order); see AuditAccumulator. */
export function buildAudit(args: AuditTarget & {
  modality: Modality;
  policy: QualityPolicy;
  rows: Iterable<AuditRow>;
  duplicates: DuplicateAnalysis;
}): AuditModel {
  const acc = new AuditAccumulator(args.modality, args.policy);
  for (const r of args.rows) acc.add(r);
  return acc.finish(args, args.duplicates);
}

function judgeReadiness(a: {
  task: string | null;
  modality: Modality;
  catalogue: TaskCatalogue;
  itemCount: number;
  scoredCount: number;
  usableItems: number;
  usableHours: number;
  rejected: number;
  lowScore: number;
  redundant: number;
  nearUsable: number;
  minUsableScore: number;
}): ReadinessModel {
  const none: ReadinessModel = {
    task: a.task,
    taskName: null,
    ok: false,
    required: null,
    have: null,
    unit: null,
    gpuMemoryGB: null,
    gpuMemoryGB4bit: null,
    notes: [],
  };
  if (!a.task) {
    none.notes.push('No target task declared: set targetTask (createDataset or setQualityPolicy) to get a readiness verdict');
    return none;
  }
  const t = a.catalogue.tasks.get(a.task);
  if (!t) {
    none.notes.push(`Task "${a.task}" is not in the task catalogue`);
    return none;
  }
  const have = t.measure === 'audioHours' ? Math.round(a.usableHours * 1000) / 1000 : a.usableItems;
  const notes: string[] = [];
  const pending = a.itemCount - a.scoredCount;
  const usable = t.measure === 'audioHours' ? `${have} h of usable audio` : `${have} usable ${t.unit}`;
  notes.push(`${t.name} needs at least ${t.minimum} ${t.unit}; this ref has ${usable} (of ${plural(a.itemCount, 'item')})`);
  if (a.lowScore) notes.push(`${plural(a.lowScore, 'item')} scoring below ${a.minUsableScore} ${a.lowScore === 1 ? 'is' : 'are'} not counted`);
  if (a.rejected) notes.push(`${plural(a.rejected, 'REJECTED item')} ${a.rejected === 1 ? 'is' : 'are'} not counted`);
  if (a.redundant) notes.push(`${plural(a.redundant, 'further exact copy', 'further exact copies')} of counted items ${a.redundant === 1 ? 'is' : 'are'} not counted`);
  if (a.nearUsable) notes.push(`${plural(a.nearUsable, 'counted item')} ${a.nearUsable === 1 ? 'is a near duplicate' : 'are near duplicates'} of another (see duplicateClusters)`);
  if (pending) notes.push(`${plural(pending, 'item')} still being scored ${pending === 1 ? 'is' : 'are'} not counted yet`);
  if (t.modality !== a.modality) notes.push(`Task "${t.key}" expects ${t.modality} data; this dataset is ${a.modality}`);
  const ok = t.modality === a.modality && have >= t.minimum;
  const gb = gpuMemoryGB(t, a.catalogue.gpuFactor);
  notes.push(
    `Full fine-tuning needs ≈ ${gb} GB of GPU memory (${a.catalogue.gpuFactor} × ${t.parameters / 1e9}B parameters × ${t.bytesPerParameter} bytes)` +
      (t.quantized4bit ? `; ≈ ${gpuMemoryGB(t, a.catalogue.gpuFactor, 0.5)} GB with 4-bit quantisation` : ''),
  );
  return {
    task: t.key,
    taskName: t.name,
    ok,
    required: t.minimum,
    have,
    unit: t.unit,
    gpuMemoryGB: gb,
    gpuMemoryGB4bit: t.quantized4bit ? gpuMemoryGB(t, a.catalogue.gpuFactor, 0.5) : null,
    notes,
  };
}
