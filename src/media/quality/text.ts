/**
 * Quality analysis of text pairs (prompt/response) and captions: pure functions, no DB.
 *
 * - analyzeTextPair measures a pair once (plain-JSON metrics, an exact-duplicate key and a MinHash
 *   signature); textPairFlags turns the metrics into flags under a TextPolicy, so a policy change
 *   needs no re-analysis.
 * - analyzeCaption / captionFlags do the same for image captions.
 *
 * Thresholds, their reasons and the measurements behind them: docs/quality.md ("Text quality").
 *
 * Words: whitespace-separated tokens with leading/trailing punctuation stripped (a token of
 * punctuation only is no word). Scripts written without spaces are split further: every Han,
 * Hiragana or Katakana character is one word (deterministic, the usual approximation for CJK), and
 * Thai, Lao, Khmer, Myanmar and Tibetan runs are split at ICU's dictionary word boundaries
 * (Intl.Segmenter). So Chinese text has as many words as characters and every one contains a letter.
 *
 * Language: eld (Efficient Language Detector) 2.1 with its 'medium' n-gram database, parsed from
 * JSON (language-db.ts: ~60 MB per thread instead of ~200 MB for eld's JavaScript literal), so
 * detect() is synchronous. It is loaded on demand, once per thread: call `await
 * loadLanguageDetector()` before analyzeTextPair/analyzeCaption (they throw otherwise); detection
 * costs ~25-35 µs a text.
 */
import crypto from 'node:crypto';
import { fmix32, hashString } from '../../lib/hash.js';
import { loadEldDetector, type LanguageDetector } from './language-db.js';
import { MINHASH_PERMUTATIONS, type ImageFlag, type Metrics, type TextFlag } from './types.js';

// ---------------------------------------------------------------------------------------------
// Policy

export interface TextPolicy {
  /** RESPONSE_TOO_SHORT when the response has fewer words than this (default 2: "a dog" is fine). */
  minResponseWords: number;
  /** RESPONSE_TOO_SHORT also when the response has fewer characters (code points) than this. */
  minResponseChars: number;
  /** RESPONSE_TOO_LONG when the response has more characters (code points) than this. */
  maxResponseChars: number;
  /**
   * ECHOES_PROMPT when the word-bigram overlap measured both ways (the smaller of "share of the
   * prompt's bigrams found in the response" and "share of the response's bigrams found in the
   * prompt") reaches this.
   */
  echoThreshold: number;
  /**
   * ECHOES_PROMPT also when the response contains the whole normalised prompt, the prompt has at
   * least this many words, and the prompt makes up at least echoMinPromptShare of the response's
   * words. (A response equal to the normalised prompt always echoes.)
   */
  echoMinPromptWords: number;
  echoMinPromptShare: number;
  /** REPETITIVE (lines): more than this fraction of the response's lines are repeats of earlier ones. */
  maxDupLineFraction: number;
  /** REPETITIVE (lines): more than this fraction of the characters are in repeated lines. */
  maxDupLineCharFraction: number;
  /**
   * REPETITIVE (top n-gram, Gopher): the most frequent word n-gram, when it occurs at least twice,
   * covers more than this share of the response's characters (occurrences × its characters / all
   * word characters), for n = 2, 3, 4. Only for responses of at least minTopNgramWords words.
   */
  maxTop2GramFraction: number;
  maxTop3GramFraction: number;
  maxTop4GramFraction: number;
  /** The top n-gram rule applies only from this many words (Gopher's own documents have 50+). */
  minTopNgramWords: number;
  /**
   * REPETITIVE (duplicate n-grams, Gopher): the words inside repeated occurrences of word n-grams
   * (every occurrence after the first) hold more than this share of the response's characters, for
   * n = 5..10. At any length: a 5-word sequence does not repeat by chance in a short text.
   */
  maxDup5GramFraction: number;
  maxDup6GramFraction: number;
  maxDup7GramFraction: number;
  maxDup8GramFraction: number;
  maxDup9GramFraction: number;
  maxDup10GramFraction: number;
  /** LOW_ALPHA_RATIO when fewer than this fraction of the response's words contain a letter. */
  minAlphaWordRatio: number;
  /**
   * Below this many words the ratio rests on one or two words ("a quadrille for 8 or 16 couples"),
   * so LOW_ALPHA_RATIO fires only when no word at all contains a letter.
   */
  minAlphaRatioWords: number;
  /** NON_TARGET_LANGUAGE is never raised for responses with fewer words than this. */
  minLanguageWords: number;
  /**
   * NON_TARGET_LANGUAGE only when the target language's detector score is below this fraction of
   * the detected language's score (the target is not a close runner-up).
   */
  maxTargetLanguageScoreRatio: number;
  /** CAPTION_TOO_SHORT when a non-empty caption has fewer words than this. */
  minCaptionWords: number;
  /** NEAR_DUPLICATE when the estimated Jaccard similarity of two signatures reaches this. */
  nearDuplicateJaccard: number;
}

export const DEFAULT_TEXT_POLICY: Readonly<TextPolicy> = Object.freeze({
  minResponseWords: 2,
  minResponseChars: 4,
  maxResponseChars: 8000,
  echoThreshold: 0.8,
  echoMinPromptWords: 3,
  echoMinPromptShare: 0.5,
  maxDupLineFraction: 0.3,
  maxDupLineCharFraction: 0.2,
  maxTop2GramFraction: 0.2,
  maxTop3GramFraction: 0.18,
  maxTop4GramFraction: 0.16,
  minTopNgramWords: 50,
  maxDup5GramFraction: 0.15,
  maxDup6GramFraction: 0.14,
  maxDup7GramFraction: 0.13,
  maxDup8GramFraction: 0.12,
  maxDup9GramFraction: 0.11,
  maxDup10GramFraction: 0.1,
  minAlphaWordRatio: 0.8,
  minAlphaRatioWords: 10,
  minLanguageWords: 3,
  maxTargetLanguageScoreRatio: 0.85,
  minCaptionWords: 3,
  nearDuplicateJaccard: 0.8,
});

/**
 * Suggested MinHash-LSH banding for the 64-permutation signatures and Jaccard 0.8: 16 bands of 4
 * rows. A pair whose estimate is ≥ 0.8 differs in at most 12 of 64 positions, so it agrees on at
 * least one whole band (16 > 12): banding then finds every pair a full scan of estimates would.
 * As an S-curve over the true Jaccard J: candidate with probability 1-(1-J^4)^16 (J = 0.8: 0.9998,
 * 0.5: 0.64); candidates are kept only when estimateJaccard ≥ nearDuplicateJaccard.
 */
export const MINHASH_LSH_BANDS = 16;
export const MINHASH_LSH_ROWS = 4;

// ---------------------------------------------------------------------------------------------
// Words and normalisation

/** Scripts whose every character counts as one word. */
const PER_CHAR_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc]/u;
/** Scripts written without spaces whose words need a dictionary (ICU) to be found. */
const SEGMENTED_RE = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}]/u;
const NO_SPACE_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}]/u;
const LETTER_RE = /\p{L}/u;
const LETTER_OR_DIGIT_RE = /[\p{L}\p{N}]/u;
/** Zero-width space separates words (Thai, Khmer); other format characters are dropped. */
const FORMAT_RE = /\p{Cf}/gu;
const HAS_FORMAT_RE = /\p{Cf}/u;
const CONTROL_RE = /\p{Cc}/gu;
const HAS_CONTROL_RE = /[^\P{Cc}\n\r]/u;
const SPLIT_RE = /\s+/u;
const LINE_RE = /\r\n|[\n\r\u2028\u2029\v\f\x85]/u;

let segmenter: Intl.Segmenter | undefined;

/** ASCII punctuation (what \p{P} matches below 0x80; $ + < = > ^ ` | ~ are symbols, \p{S}). */
const ASCII_PUNCT = new Uint8Array(128);
for (const c of '!"#%&\'()*,-./:;?@[\\]_{}') ASCII_PUNCT[c.charCodeAt(0)] = 1;
const PUNCT_RE = /\p{P}/u;

function isPunctAt(t: string, i: number): boolean {
  const c = t.charCodeAt(i);
  return c < 0x80 ? ASCII_PUNCT[c] === 1 : PUNCT_RE.test(t[i]); // punctuation is never astral
}

function pushStripped(t: string, out: string[]): void {
  let a = 0;
  let b = t.length;
  while (a < b && isPunctAt(t, a)) a++;
  while (b > a && isPunctAt(t, b - 1)) b--;
  if (a < b) out.push(a === 0 && b === t.length ? t : t.slice(a, b));
}

function pushPerChar(t: string, out: string[]): void {
  if (!PER_CHAR_RE.test(t)) {
    pushStripped(t, out);
    return;
  }
  let buf = '';
  for (const ch of t) {
    if (PER_CHAR_RE.test(ch)) {
      if (buf) pushStripped(buf, out);
      buf = '';
      out.push(ch);
    } else {
      buf += ch;
    }
  }
  if (buf) pushStripped(buf, out);
}

function pushToken(t: string, out: string[]): void {
  if (!NO_SPACE_RE.test(t)) {
    pushStripped(t, out);
  } else if (SEGMENTED_RE.test(t)) {
    segmenter ??= new Intl.Segmenter(undefined, { granularity: 'word' });
    for (const s of segmenter.segment(t)) pushPerChar(s.segment, out);
  } else {
    pushPerChar(t, out);
  }
}

/** Invisible characters out, controls and zero-width spaces to spaces; NFKC. */
function clean(s: string): string {
  let t = s.normalize('NFKC');
  if (HAS_CONTROL_RE.test(t)) t = t.replace(CONTROL_RE, (c) => (c === '\n' || c === '\r' ? c : ' '));
  if (HAS_FORMAT_RE.test(t)) t = t.replace(FORMAT_RE, (c) => (c === '\u200b' ? ' ' : ''));
  return t;
}

function wordsOfClean(t: string): string[] {
  const out: string[] = [];
  if (NO_SPACE_RE.test(t)) {
    for (const tok of t.split(SPLIT_RE)) if (tok) pushToken(tok, out);
  } else {
    for (const tok of t.split(SPLIT_RE)) if (tok) pushStripped(tok, out);
  }
  return out;
}

/**
 * The words of a text (see the module comment: CJK characters are words, punctuation-only tokens
 * are not). Used for word counts of responses, captions and transcripts.
 */
export function splitWords(text: string): string[] {
  return wordsOfClean(clean(text));
}

export function countWords(text: string | null): number {
  return text ? splitWords(text).length : 0;
}

/**
 * The normalisation behind exact keys and MinHash shingles: NFKC, case-folded (upper- then
 * lower-case, so "ß"/"SS" and "ς"/"Σ" fold together), invisible format characters dropped,
 * punctuation and whitespace runs collapsed to one space, trimmed. Symbols (\p{S}: $, +, emoji) stay.
 */
export function normalizeText(s: string): string {
  return foldClean(clean(s));
}

const FOLD_SPACE_RE = /[\p{P}\p{Z}\s]+/gu;

/** normalizeText of an already clean()ed text. */
function foldClean(t: string): string {
  return t.toUpperCase().toLowerCase().normalize('NFKC').replace(FOLD_SPACE_RE, ' ').trim();
}

/** Tokens of an already normalised text (space-separated words, CJK split as in splitWords). */
function tokensOfNormalized(n: string): string[] {
  if (!n) return [];
  if (!NO_SPACE_RE.test(n)) return n.split(' ');
  const out: string[] = [];
  for (const tok of n.split(' ')) if (tok) pushToken(tok, out);
  return out;
}

function hasLetter(w: string): boolean {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c < 0x80) {
      if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) return true;
    } else return LETTER_RE.test(w.slice(i));
  }
  return false;
}

function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) n--;
  }
  return n;
}

/** Visible length: code points after dropping format characters and trimming. */
function visibleChars(s: string): number {
  return codePoints((HAS_FORMAT_RE.test(s) ? s.replace(FORMAT_RE, '') : s).trim());
}

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

function sha256Hex(s: string): string {
  return crypto.hash('sha256', s);
}

// ---------------------------------------------------------------------------------------------
// Hashing and MinHash

/** splitmix32: the fixed-seed generator of the permutation coefficients. */
function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
}

/**
 * Permutation i maps a shingle hash x to (a_i·x + b_i) mod 2^32 (a_i odd: a bijection), with a_i,
 * b_i drawn from splitmix32 under a fixed seed. The shingle hashes are already fmix32-mixed; on such
 * inputs this family measured unbiased with the ideal spread sqrt(J(1-J)/64), like the same family
 * followed by fmix32, which costs 5× the time (docs/quality.md ("Text quality")).
 */
const PERM_A = new Uint32Array(MINHASH_PERMUTATIONS);
const PERM_B = new Uint32Array(MINHASH_PERMUTATIONS);
{
  const next = splitmix32(0x7475_6e65); // "tune": fixed, so signatures are stable across runs
  for (let i = 0; i < MINHASH_PERMUTATIONS; i++) {
    PERM_A[i] = (next() | 1) >>> 0;
    PERM_B[i] = next();
  }
}

const SIDE_PROMPT = 0x5052_4f4d; // separate hash spaces: a word in the prompt ≠ the same word in the response
const SIDE_RESPONSE = 0x5245_5350;
const SIDE_TEXT = 0x5445_5854;

/** Hashes of a token list's words (uni) and of its word bigrams (bi); one hash space for all texts. */
interface Grams {
  uni: Uint32Array;
  bi: Uint32Array;
}

function gramsOf(tokens: readonly string[]): Grams {
  const n = tokens.length;
  const uni = new Uint32Array(n);
  const bi = new Uint32Array(n > 1 ? n - 1 : 0);
  for (let i = 0; i < n; i++) {
    uni[i] = hashString(tokens[i], 0);
    if (i > 0) bi[i - 1] = fmix32((Math.imul(uni[i - 1], 0x9e3779b1) + uni[i] + 0x632be5ab) >>> 0);
  }
  return { uni, bi };
}

/** Adds the 1- and 2-gram shingles to `out`, moved into the hash space of `side` (prompt, response, text). */
function addShingles(g: Grams, side: number, out: number[]): void {
  for (const h of g.uni) out.push(fmix32((h ^ side) >>> 0));
  for (const h of g.bi) out.push(fmix32((h ^ side ^ 0x1b873593) >>> 0));
}

function minhashOf(shingles: readonly number[]): Uint32Array {
  const sig = new Uint32Array(MINHASH_PERMUTATIONS);
  const n = shingles.length;
  for (let i = 0; i < MINHASH_PERMUTATIONS; i++) {
    const a = PERM_A[i];
    const b = PERM_B[i];
    let min = 0xffffffff;
    for (let j = 0; j < n; j++) {
      const v = (Math.imul(a, shingles[j]) + b) >>> 0;
      if (v < min) min = v;
    }
    sig[i] = min;
  }
  return sig;
}

/** MinHash signature of any text (word 1+2-gram shingles of normalizeText), e.g. a caption. */
export function minhashText(text: string): Uint32Array {
  const shingles: number[] = [];
  addShingles(gramsOf(tokensOfNormalized(normalizeText(text))), SIDE_TEXT, shingles);
  return minhashOf(shingles);
}

/** The MinHash signature analyzeTextPair gives a pair (prompt and response shingled apart), without the rest of the analysis. */
export function minhashPair(prompt: string | null, response: string | null): Uint32Array {
  const shingles: number[] = [];
  addShingles(gramsOf(tokensOfNormalized(normalizeText(prompt ?? ''))), SIDE_PROMPT, shingles);
  addShingles(gramsOf(tokensOfNormalized(normalizeText(response ?? ''))), SIDE_RESPONSE, shingles);
  return minhashOf(shingles);
}

/**
 * LSH band keys of a signature: `bands` keys of `rows` consecutive min-hashes each, prefixed with
 * the band number. Two signatures are near-duplicate candidates when they share any key; confirm a
 * candidate with estimateJaccard ≥ nearDuplicateJaccard.
 */
export function lshBandKeys(sig: Uint32Array, bands = MINHASH_LSH_BANDS, rows = MINHASH_LSH_ROWS): string[] {
  if (bands * rows > sig.length) throw new RangeError(`${bands} bands × ${rows} rows exceed the ${sig.length} min-hashes`);
  const keys: string[] = [];
  for (let b = 0; b < bands; b++) {
    let k = b.toString(16) + ':';
    for (let r = 0; r < rows; r++) k += sig[b * rows + r].toString(16).padStart(8, '0');
    keys.push(k);
  }
  return keys;
}

/**
 * Estimated Jaccard similarity: the share of positions where two signatures agree. Two signatures
 * of empty texts (all 0xffffffff) agree everywhere.
 */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  const n = Math.min(a.length, b.length);
  if (n === 0) return 0;
  let eq = 0;
  for (let i = 0; i < n; i++) if (a[i] === b[i]) eq++;
  return eq / n;
}

// ---------------------------------------------------------------------------------------------
// Language

type Detector = LanguageDetector;
let detector: Detector | null = null;
let DETECTABLE: ReadonlySet<string> = new Set();
let loading: Promise<void> | null = null;

/** Loads eld's database once per process (idempotent; concurrent callers share one load). */
export function loadLanguageDetector(): Promise<void> {
  loading ??= loadEldDetector().then((d) => {
    detector = d;
    DETECTABLE = new Set(Object.values(d.info().Languages));
  });
  return loading;
}

function requireDetector(): Detector {
  if (!detector) throw new Error('The language detector is not loaded: await loadLanguageDetector() first');
  return detector;
}

/** The ISO 639-1 codes eld can detect (60) once loaded. NON_TARGET_LANGUAGE never fires for other targets. */
export function detectableLanguages(): readonly string[] {
  requireDetector();
  return [...DETECTABLE].sort();
}

const LANGUAGE_ALIASES: Record<string, string> = { nb: 'no', nn: 'no', iw: 'he', fil: 'tl', cmn: 'zh', ckb: 'ku' };

/** The primary language subtag of a BCP-47 tag, lower-cased, in eld's vocabulary ('en-GB' → 'en', 'nb' → 'no'). */
export function primaryLanguage(tag: string): string {
  const p = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return LANGUAGE_ALIASES[p] ?? p;
}

interface LanguageMetrics {
  language: string | null;
  languageScore: number | null;
  languageReliable: boolean;
  /** Top five "code:score" pairs, best first, space-separated: the target's score is read from here. */
  languageCandidates: string | null;
}

const NO_LANGUAGE: LanguageMetrics = { language: null, languageScore: null, languageReliable: false, languageCandidates: null };

function detectLanguage(text: string, hasLetter: boolean): LanguageMetrics {
  const d = requireDetector();
  if (!hasLetter) return NO_LANGUAGE;
  const r = d.detect(text);
  if (!r.language) return NO_LANGUAGE;
  // getScores() lists languages best first (eld sorts them before building the object).
  const scores = r.getScores();
  let candidates = '';
  let best = 0;
  let k = 0;
  for (const l in scores) {
    const v = scores[l];
    if (k === 0) best = v;
    candidates += (k ? ' ' : '') + l + ':' + round4(v);
    if (++k === 5) break;
  }
  return { language: r.language, languageScore: round4(best), languageReliable: r.isReliable(), languageCandidates: candidates };
}

function candidateScore(candidates: string, lang: string): number {
  for (const part of candidates.split(' ')) {
    const i = part.indexOf(':');
    if (part.slice(0, i) === lang) return Number(part.slice(i + 1)) || 0;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Repetition (Gopher, adapted: only n-grams that repeat count)

interface RepetitionMetrics {
  contentLines: number;
  dupLineFraction: number;
  dupLineCharFraction: number;
  top: number[]; // index n-2 for n = 2..4
  dup: number[]; // index n-5 for n = 5..10
}

const TOP_NS = [2, 3, 4] as const;
const DUP_NS = [5, 6, 7, 8, 9, 10] as const;

function lineRepetition(text: string): Pick<RepetitionMetrics, 'contentLines' | 'dupLineFraction' | 'dupLineCharFraction'> {
  // Lines without a letter or digit ("}", "---", blank) are layout, not content: code and tables repeat them.
  if (!LINE_RE.test(text)) return { contentLines: LETTER_OR_DIGIT_RE.test(text) ? 1 : 0, dupLineFraction: 0, dupLineCharFraction: 0 };
  const lines: string[] = [];
  for (const l of text.split(LINE_RE)) {
    const t = l.trim().replace(/\s+/gu, ' ');
    if (t && LETTER_OR_DIGIT_RE.test(t)) lines.push(t);
  }
  if (lines.length < 2) return { contentLines: lines.length, dupLineFraction: 0, dupLineCharFraction: 0 };
  const seen = new Set<string>();
  let dup = 0;
  let dupChars = 0;
  let chars = 0;
  for (const l of lines) {
    chars += l.length;
    if (seen.has(l)) {
      dup++;
      dupChars += l.length;
    } else seen.add(l);
  }
  return { contentLines: lines.length, dupLineFraction: dup / lines.length, dupLineCharFraction: chars ? dupChars / chars : 0 };
}

function ngramRepetition(words: readonly string[]): Pick<RepetitionMetrics, 'top' | 'dup'> {
  const top = [0, 0, 0];
  const dup = [0, 0, 0, 0, 0, 0];
  const n = words.length;
  if (n < 3) return { top, dup }; // a bigram needs 3 words to repeat ("a a a")
  // Word ids (lower-cased) so n-gram keys are short.
  const idOf = new Map<string, number>();
  const ids = new Int32Array(n);
  const lens = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = words[i].toLowerCase();
    let id = idOf.get(w);
    if (id === undefined) idOf.set(w, (id = idOf.size));
    ids[i] = id;
    lens[i] = w.length;
    total += w.length;
  }
  if (idOf.size === n || total === 0) return { top, dup }; // no word repeats, so no n-gram does
  // Every repeated n-gram (n ≥ 2) contains a repeated bigram: check bigrams first.
  const bigrams = new Set<number>();
  let anyBigramRepeats = false;
  for (let i = 0; i + 1 < n; i++) {
    const k = ids[i] * 0x4000000 + ids[i + 1]; // exact: ids < 2^26
    if (bigrams.has(k)) {
      anyBigramRepeats = true;
      break;
    }
    bigrams.add(k);
  }
  if (!anyBigramRepeats) return { top, dup };

  const key = (i: number, len: number): string => {
    let s = String(ids[i]);
    for (let j = 1; j < len; j++) s += ',' + ids[i + j];
    return s;
  };
  const charsAt = (i: number, len: number): number => {
    let c = 0;
    for (let j = 0; j < len; j++) c += lens[i + j];
    return c;
  };
  // Top n-gram: the most frequent one (ties: the longest), counted only when it occurs twice or more.
  for (const g of TOP_NS) {
    if (n < g + 1) continue;
    const counts = new Map<string, { count: number; at: number }>();
    let best = 0;
    let bestChars = 0;
    for (let i = 0; i + g <= n; i++) {
      const k = key(i, g);
      const e = counts.get(k);
      if (e) {
        e.count++;
        const c = charsAt(e.at, g);
        if (e.count > best || (e.count === best && c > bestChars)) {
          best = e.count;
          bestChars = c;
        }
      } else counts.set(k, { count: 1, at: i });
    }
    if (best >= 2) top[g - 2] = Math.min(1, (best * bestChars) / total);
  }
  // Duplicate n-grams: characters of the words covered by any occurrence after the first.
  const mark = new Uint8Array(n);
  for (const g of DUP_NS) {
    if (n < g + 1) continue;
    mark.fill(0);
    const seen = new Set<string>();
    let any = false;
    for (let i = 0; i + g <= n; i++) {
      const k = key(i, g);
      if (seen.has(k)) {
        any = true;
        for (let j = i; j < i + g; j++) mark[j] = 1;
      } else seen.add(k);
    }
    if (!any) break; // no repeated g-gram, so no longer one either
    let c = 0;
    for (let i = 0; i < n; i++) if (mark[i]) c += lens[i];
    dup[g - 5] = c / total;
  }
  return { top, dup };
}

// ---------------------------------------------------------------------------------------------
// Echo

/**
 * How much of the prompt the response repeats, over word bigrams (unigrams when a side has a single
 * word): the share of the prompt's bigrams found in the response, the share of the response's found
 * in the prompt, their minimum (echoScore), and whether the response contains the whole prompt.
 */
function echoMetrics(p: readonly string[], r: readonly string[], pg: Grams, rg: Grams) {
  if (!p.length || !r.length) return { echoScore: 0, echoPromptCoverage: 0, echoResponseCoverage: 0, promptInResponse: false };
  const bigrams = p.length >= 2 && r.length >= 2;
  const ps = new Set<number>(bigrams ? pg.bi : pg.uni);
  const rs = new Set<number>(bigrams ? rg.bi : rg.uni);
  let both = 0;
  for (const k of ps) if (rs.has(k)) both++;
  const pc = both / ps.size;
  const rc = both / rs.size;
  const sep = '\u0001';
  const promptInResponse = (sep + r.join(sep) + sep).includes(sep + p.join(sep) + sep);
  return { echoScore: Math.min(pc, rc), echoPromptCoverage: pc, echoResponseCoverage: rc, promptInResponse };
}

// ---------------------------------------------------------------------------------------------
// Text pairs

export interface TextAnalysis {
  metrics: Metrics;
  /** Hex sha256 of the normalised pair: equal for pairs that differ only in case, whitespace or punctuation. */
  exactKey: string;
  /** MINHASH_PERMUTATIONS 32-bit min-hashes of the pair's word 1- and 2-gram shingles. */
  minhash: Uint32Array;
}

export function analyzeTextPair(prompt: string | null, response: string | null): TextAnalysis {
  const p = prompt ?? '';
  const r = response ?? '';
  const pClean = clean(p);
  const rClean = clean(r);
  const pWords = wordsOfClean(pClean);
  const rWords = wordsOfClean(rClean);
  const pNorm = foldClean(pClean);
  const rNorm = foldClean(rClean);
  const pTokens = tokensOfNormalized(pNorm);
  const rTokens = tokensOfNormalized(rNorm);

  let alphaWords = 0;
  for (const w of rWords) if (hasLetter(w)) alphaWords++;
  const responseChars = visibleChars(r);
  // A response with visible characters but no word (only punctuation) has no letter at all: ratio 0.
  const alphaWordRatio = rWords.length ? alphaWords / rWords.length : 0;

  const lines = lineRepetition(r);
  const ngrams = ngramRepetition(rWords);
  const pGrams = gramsOf(pTokens);
  const rGrams = gramsOf(rTokens);
  const echo = echoMetrics(pTokens, rTokens, pGrams, rGrams);
  const lang = detectLanguage(rClean, alphaWords > 0);

  const { top, dup } = ngrams;
  const metrics: Metrics = {
    promptChars: visibleChars(p),
    promptWords: pWords.length,
    responseChars,
    responseWords: rWords.length,
    alphaWordRatio: round4(alphaWordRatio),
    contentLines: lines.contentLines,
    dupLineFraction: round4(lines.dupLineFraction),
    dupLineCharFraction: round4(lines.dupLineCharFraction),
    top2GramFraction: round4(top[0]),
    top3GramFraction: round4(top[1]),
    top4GramFraction: round4(top[2]),
    dup5GramFraction: round4(dup[0]),
    dup6GramFraction: round4(dup[1]),
    dup7GramFraction: round4(dup[2]),
    dup8GramFraction: round4(dup[3]),
    dup9GramFraction: round4(dup[4]),
    dup10GramFraction: round4(dup[5]),
    echoExact: pNorm !== '' && pNorm === rNorm,
    promptInResponse: echo.promptInResponse,
    echoScore: round4(echo.echoScore),
    echoPromptCoverage: round4(echo.echoPromptCoverage),
    echoResponseCoverage: round4(echo.echoResponseCoverage),
    language: lang.language,
    languageScore: lang.languageScore,
    languageReliable: lang.languageReliable,
    languageCandidates: lang.languageCandidates,
  };

  const shingles: number[] = [];
  addShingles(pGrams, SIDE_PROMPT, shingles);
  addShingles(rGrams, SIDE_RESPONSE, shingles);

  return {
    metrics,
    exactKey: sha256Hex(JSON.stringify([pNorm, rNorm])),
    minhash: minhashOf(shingles),
  };
}

function num(m: Metrics, k: string): number {
  const v = m[k];
  return typeof v === 'number' ? v : 0;
}

/** Whether the metrics show, reliably enough, a language other than `targetLanguage` (see TextPolicy). */
function isNonTargetLanguage(metrics: Metrics, policy: TextPolicy, targetLanguage: string, words: number): boolean {
  const target = primaryLanguage(targetLanguage);
  const lang = metrics.language;
  if (typeof lang !== 'string' || !DETECTABLE.has(target) || lang === target) return false;
  if (metrics.languageReliable !== true || words < policy.minLanguageWords) return false;
  const top = num(metrics, 'languageScore');
  const cands = typeof metrics.languageCandidates === 'string' ? metrics.languageCandidates : '';
  const targetScore = candidateScore(cands, target);
  return top > 0 && targetScore / top < policy.maxTargetLanguageScoreRatio;
}

export function textPairFlags(metrics: Metrics, policy: TextPolicy, targetLanguage: string): TextFlag[] {
  const flags: TextFlag[] = [];
  const promptChars = num(metrics, 'promptChars');
  const responseChars = num(metrics, 'responseChars');
  const responseWords = num(metrics, 'responseWords');
  if (promptChars === 0) flags.push('PROMPT_EMPTY');
  if (responseChars === 0) {
    flags.push('RESPONSE_EMPTY');
    return flags;
  }
  if (responseChars > policy.maxResponseChars) flags.push('RESPONSE_TOO_LONG');
  else if (responseWords < policy.minResponseWords || responseChars < policy.minResponseChars) flags.push('RESPONSE_TOO_SHORT');

  if (promptChars > 0) {
    const promptWords = num(metrics, 'promptWords');
    const contained =
      metrics.promptInResponse === true &&
      promptWords >= policy.echoMinPromptWords &&
      responseWords > 0 &&
      promptWords / responseWords >= policy.echoMinPromptShare;
    if (metrics.echoExact === true || contained || num(metrics, 'echoScore') >= policy.echoThreshold) flags.push('ECHOES_PROMPT');
  }

  const repetitive =
    (num(metrics, 'contentLines') >= 2 &&
      (num(metrics, 'dupLineFraction') > policy.maxDupLineFraction ||
        num(metrics, 'dupLineCharFraction') > policy.maxDupLineCharFraction)) ||
    num(metrics, 'dup5GramFraction') > policy.maxDup5GramFraction ||
    num(metrics, 'dup6GramFraction') > policy.maxDup6GramFraction ||
    num(metrics, 'dup7GramFraction') > policy.maxDup7GramFraction ||
    num(metrics, 'dup8GramFraction') > policy.maxDup8GramFraction ||
    num(metrics, 'dup9GramFraction') > policy.maxDup9GramFraction ||
    num(metrics, 'dup10GramFraction') > policy.maxDup10GramFraction ||
    (responseWords >= policy.minTopNgramWords &&
      (num(metrics, 'top2GramFraction') > policy.maxTop2GramFraction ||
        num(metrics, 'top3GramFraction') > policy.maxTop3GramFraction ||
        num(metrics, 'top4GramFraction') > policy.maxTop4GramFraction));
  if (repetitive) flags.push('REPETITIVE');

  const alpha = num(metrics, 'alphaWordRatio');
  if (alpha < policy.minAlphaWordRatio && (alpha === 0 || responseWords >= policy.minAlphaRatioWords)) flags.push('LOW_ALPHA_RATIO');
  if (isNonTargetLanguage(metrics, policy, targetLanguage, responseWords)) flags.push('NON_TARGET_LANGUAGE');
  return flags;
}

// ---------------------------------------------------------------------------------------------
// Captions

export function analyzeCaption(text: string | null): { metrics: Metrics; exactKey: string | null } {
  const t = text ?? '';
  const c = clean(t);
  const words = wordsOfClean(c);
  const alpha = words.some(hasLetter);
  const lang = detectLanguage(c, alpha);
  const norm = foldClean(c);
  return {
    metrics: {
      captionChars: visibleChars(t),
      captionWords: words.length,
      language: lang.language,
      languageScore: lang.languageScore,
      languageReliable: lang.languageReliable,
      languageCandidates: lang.languageCandidates,
    },
    exactKey: norm ? sha256Hex(norm) : null,
  };
}

export function captionFlags(metrics: Metrics, policy: TextPolicy): ImageFlag[] {
  if (num(metrics, 'captionChars') === 0) return ['CAPTION_EMPTY'];
  if (num(metrics, 'captionWords') < policy.minCaptionWords) return ['CAPTION_TOO_SHORT'];
  return [];
}
